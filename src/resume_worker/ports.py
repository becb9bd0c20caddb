"""Every external system, named by the role it plays for the pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from resume_worker.models import (
    Analysis,
    Chunks,
    Ciphertext,
    ExtractedText,
    Job,
    JobOutcome,
    LedgerKind,
    ProtectedProfile,
    StoredCandidate,
    StoredRecord,
)


class Analyst(Protocol):
    """Turns document text into a candidate profile (rules offline, or an LLM)."""

    name: str

    async def analyze(self, text: ExtractedText) -> Analysis: ...


class Embedder(Protocol):
    """Turns passages and queries into unit-length vectors of `dim` floats."""

    model: str
    dim: int
    max_tokens: int

    def count_tokens(self, text: str) -> int: ...

    async def embed_passages(self, texts: Sequence[str]) -> list[list[float]]: ...

    async def embed_query(self, text: str) -> list[float]: ...


class BlobStore(Protocol):
    """Stores opaque (already encrypted) bytes under a key."""

    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...


class Repository(Protocol):
    """Jobs, candidate versions, chunks and the credit ledger, with transactional writes."""

    async def create_job(self, job: Job, *, file_name: Ciphertext | None) -> None: ...

    async def get_job(self, job_id: str) -> Job | None: ...

    async def list_jobs(self, tenant_id: str | None, limit: int) -> list[Job]: ...

    async def start_job(self, job_id: str) -> Job:
        """Mark the job processing and count the attempt; returns the updated job."""
        ...

    async def store_candidate(
        self, job: Job, protected: ProtectedProfile, chunks: Chunks, outcome: JobOutcome
    ) -> StoredCandidate:
        """In one transaction: the candidate version, its PII, blind indexes and chunks, and the
        job's result. Idempotent by job id: a second call returns the first call's candidate."""
        ...

    async def finish_job(self, outcome: JobOutcome) -> None: ...

    async def get_outcome(self, job_id: str) -> JobOutcome | None: ...

    async def get_record(self, record_id: str) -> StoredRecord | None: ...

    async def add_ledger_entry(
        self, tenant_id: str, job_id: str, kind: LedgerKind, amount: int
    ) -> bool:
        """Insert the (job, kind) row once; returns False when it already existed."""
        ...

    async def available_credits(self, tenant_id: str) -> int: ...
