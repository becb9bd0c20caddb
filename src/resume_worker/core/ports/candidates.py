"""Candidate versions: storing one (stage 8), reading them, and erasing a candidate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from resume_worker.core.models import (
    Chunks,
    Job,
    JobOutcome,
    ProtectedProfile,
    StoredCandidate,
    StoredRecord,
)

# Deduplication (DESIGN §1 stage 8): a phone or e-mail blind index that matches, and a name that
# agrees, make a new version of a candidate; contacts that match under another name make a new
# candidate with this warning.
CONTACT_FIELDS = ("email", "phone")
NAME_DISAGREES = "contact details match another candidate whose name differs; stored as new"


class CandidateStore(Protocol):
    """Stage 8 and the readers of its result: one transaction per job, idempotent by job id."""

    async def store_candidate(
        self, job: Job, protected: ProtectedProfile, chunks: Chunks, outcome: JobOutcome
    ) -> StoredCandidate:
        """In one transaction: the candidate version, its PII, blind indexes and chunks, and the
        job's result. Idempotent by job id: a second call returns the first call's candidate."""
        ...

    async def get_record(self, record_id: str) -> StoredRecord | None: ...


@dataclass(frozen=True)
class CandidateVersion:
    record_id: str
    tenant_id: str
    version: int
    job_id: str
    is_latest: bool
    accepted_at: datetime


@dataclass(frozen=True)
class Erasure:
    """The erasure log row of one candidate: ids and counts only, never PII."""

    id: str
    tenant_id: str
    candidate_id: str
    versions: int
    pii_fields: int
    blind_indexes: int
    chunks: int
    jobs: int
    pending_blobs: tuple[str, ...]
    blobs_deleted: int
    requested_at: datetime
    completed_at: datetime | None


class CandidateAdmin(Protocol):
    """Candidates as an operator sees them: their versions, a version's record, the latest of
    each, erasure."""

    async def get_record(self, record_id: str) -> StoredRecord | None: ...

    async def candidate_versions(self, candidate_id: str) -> list[CandidateVersion]:
        """Every version of a candidate, oldest first (empty when there is no such candidate)."""
        ...

    async def latest_records(
        self, tenant_id: str | None, *, after: str | None, limit: int
    ) -> list[StoredRecord]:
        """The latest version of each candidate, ordered by candidate id, after `after`."""
        ...

    async def erase_candidate(self, candidate_id: str, erasure_id: str) -> Erasure | None:
        """In one transaction: delete every version, PII cell, blind index and chunk of the
        candidate, drop its jobs' file names and blob keys, and log the erasure with the blob keys
        still to delete. None when there is no such candidate."""
        ...

    async def pending_erasures(self, candidate_id: str | None) -> list[Erasure]: ...

    async def complete_erasure(self, erasure_id: str, blobs_deleted: int) -> Erasure: ...


@dataclass(frozen=True)
class StoredText:
    """One stored version's public profile, PII ciphertexts and raw chunks (kind, start, end,
    text): what re-redaction reads."""

    record: StoredRecord
    raw_chunks: tuple[tuple[str, int, int, str], ...]


class StoredTextAdmin(Protocol):
    """The stored text of candidate versions, for `candidates redact`."""

    async def unredacted(
        self, *, scheme: int, tenant_id: str | None, limit: int
    ) -> list[StoredText]:
        """Up to `limit` versions (latest or not) redacted by a scheme older than `scheme`."""
        ...

    async def replace_text(self, protected: ProtectedProfile, chunks: Chunks, scheme: int) -> None:
        """In one transaction: the version's public profile, and its chunks replaced by
        `chunks` (their keyword index rows go with the old chunks), marked redacted by
        `scheme`."""
        ...

    async def compact(self) -> None:
        """Rewrite the database so deleted text is gone from its files (SQLite: the FTS5 index
        optimised, VACUUM and the WAL truncated; PostgreSQL: VACUUM)."""
        ...
