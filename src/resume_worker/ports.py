"""Every external system, named by the role it plays for the pipeline."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from resume_worker.errors import ErrorCode
from resume_worker.flags import Decision, Flag, Observation
from resume_worker.models import (
    Analysis,
    BlindIndex,
    Chunks,
    Ciphertext,
    ExtractedText,
    Job,
    JobOutcome,
    LedgerKind,
    ProtectedProfile,
    StoredCandidate,
    StoredRecord,
    Usage,
)


@dataclass(frozen=True)
class SealedCell:
    """One stored ciphertext and what its AAD binds it to: tenant, owner and field. The owner is
    the candidate version (record id) for PII and the job for a file name or original file."""

    tenant_id: str
    owner_id: str
    field: str
    blob: bytes = dataclasses.field(repr=False)


@dataclass(frozen=True)
class BatchProgress:
    """One batch of a resumable pass: rows looked at, rows rewritten, where to go on from
    (None once the pass has reached the end)."""

    seen: int
    changed: int
    cursor: str | None


@dataclass(frozen=True)
class JobBlob:
    job_id: str
    tenant_id: str
    blob_key: str


@dataclass(frozen=True)
class LedgerEntry:
    tenant_id: str
    job_id: str
    kind: LedgerKind
    amount: int
    created_at: datetime


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


@dataclass(frozen=True)
class DeadLetter:
    """A failed job as `jobs failed` lists it: ids, code and counts, never PII."""

    job_id: str
    tenant_id: str
    error_code: ErrorCode | None
    attempts: int
    failed_at: datetime | None


Requeue = Literal["requeued", "not_failed", "no_credit"]
"""What `requeue_failed` did: requeued, nothing (no such failed job), or refused (no credit)."""


class JobQueue(Protocol):
    """Hands jobs to the workers. The message is the job id; the job row holds the rest."""

    async def enqueue(self, job_id: str, *, delay_s: float = 0) -> None:
        """Deliver `job_id` to a worker, no sooner than `delay_s` seconds from now."""
        ...


Reseal = Callable[[SealedCell], bytes | None]
"""Returns the cell's new ciphertext, or None to leave the cell as it is."""
ResealBlob = Callable[[JobBlob], Awaitable[bool]]
"""Rewrites one job's original file; returns whether it changed anything."""
Reindex = Callable[[Mapping[str, SealedCell]], Sequence[BlindIndex] | None]
"""From a version's PII cells (by field), its new blind indexes, or None to leave them."""


class Analyst(Protocol):
    """Turns document text into a candidate profile (rules offline, or an LLM)."""

    name: str

    async def analyze(self, text: ExtractedText) -> Analysis: ...


@dataclass(frozen=True)
class IdentityVote:
    """An LLM's answer to "does this text describe one person?" (None: it gave no usable
    answer, so the rules' verdict stands) and what asking cost."""

    one_person: bool | None
    usage: Usage | None = None


class IdentityVoter(Protocol):
    """Asks a model whether a document is one person's resume (the rules have decided first)."""

    async def vote(self, text: ExtractedText) -> IdentityVote: ...


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

    async def ping(self) -> None:
        """A cheap check that the store can serve (for readiness probes); raises WorkerError."""
        ...


class Notifier(Protocol):
    """Tells the job's webhook endpoint that the job ended (stage 11, after store and charge):
    one attempt when the job ends, later ones scheduled outside any worker slot. A receiver's
    failure is recorded on the delivery (WEBHOOK_ERROR), never raised; only the delivery log
    itself failing raises WorkerError."""

    async def notify(self, job: Job, outcome: JobOutcome) -> None: ...

    async def deliver(self, delivery_id: str) -> None:
        """A scheduled attempt of a pending delivery (the deliver_webhook actor)."""
        ...

    async def drain(self) -> None:
        """Wait for the retries this process keeps in memory (the embedded runtime)."""
        ...


class Repository(Protocol):
    """Jobs, candidate versions, chunks and the credit ledger, with transactional writes."""

    async def create_job(self, job: Job, *, file_name: Ciphertext | None) -> None: ...

    async def get_job(self, job_id: str) -> Job | None: ...

    async def list_jobs(self, tenant_id: str | None, limit: int) -> list[Job]: ...

    async def start_job(self, job_id: str) -> Job:
        """Mark the job processing and count the attempt; returns the updated job."""
        ...

    async def claim_job(self, job_id: str, *, lease_s: float) -> Job | None:
        """Mark the job processing and count the attempt when it is queued, or processing but
        untouched for `lease_s` seconds (the run that held it died), and return it so; None
        when another run holds it or it has ended."""
        ...

    async def failed_jobs(self, tenant_id: str | None, limit: int) -> list[DeadLetter]:
        """The failed jobs (dead letters), most recently failed first."""
        ...

    async def requeue_failed(self, job_id: str, *, amount: int, enforce: bool) -> Requeue:
        """In one transaction: put a failed job back to queued with its attempts reset, its
        credit reserved again (the release row written when it failed is withdrawn, after the
        balance check when `enforce`)."""
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

    async def reserve_credit(
        self, tenant_id: str, job_id: str, amount: int, *, enforce: bool
    ) -> bool:
        """Write the job's reserve row atomically with the balance check (when `enforce`);
        False when the balance does not cover `amount`."""
        ...

    async def ledger_totals(self, tenant_id: str | None) -> dict[str, dict[str, int]]:
        """Sum of amounts per tenant and ledger kind."""
        ...

    async def ledger_entries(self, tenant_id: str | None, limit: int) -> list[LedgerEntry]:
        """The newest ledger rows first."""
        ...

    async def add_key_usage(self, counts: Mapping[str, int]) -> dict[str, int]:
        """Add encryptions per key id to the persisted counters; returns their new totals."""
        ...

    async def key_usage(self) -> dict[str, int]: ...

    async def ciphertext_key_ids(self) -> dict[str, dict[str, int]]:
        """How many stored ciphertexts use each key id, per kind (`pii`, `file_name`)."""
        ...

    async def blind_index_versions(self) -> dict[int, int]:
        """Blind-index rows per version."""
        ...

    async def reseal_pii(
        self, reseal: Reseal, *, skip_key_id: str, after: str | None, limit: int
    ) -> BatchProgress:
        """In one transaction, re-read the PII cells of up to `limit` versions (by record id after
        `after`) that have a cell not under `skip_key_id`, and write what `reseal` returns."""
        ...

    async def reseal_file_names(
        self, reseal: Reseal, *, after: str | None, limit: int
    ) -> BatchProgress:
        """In one transaction, re-read up to `limit` job file names; write what `reseal` returns."""
        ...

    async def reseal_blobs(
        self, reseal: ResealBlob, *, after: str | None, limit: int
    ) -> BatchProgress:
        """In one write transaction, call `reseal` for up to `limit` jobs that still hold an
        original file, so an erasure cannot delete a blob while it is being rewritten."""
        ...

    async def job_blobs(self, *, after: str | None, limit: int) -> list[JobBlob]: ...

    async def rebuild_blind_indexes(
        self, reindex: Reindex, *, current_version: int, after: str | None, limit: int
    ) -> BatchProgress:
        """In one transaction, replace the blind indexes of up to `limit` versions that have a row
        of another version with what `reindex` returns for their PII cells."""
        ...

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


# --- search --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    """What a search is limited to. The tenant always, and always the latest version of each
    candidate; optionally a minimum total experience and skills the candidate must all list
    (compared case-, space-, dot- and hyphen-insensitively)."""

    tenant_id: str
    min_experience_months: int | None = None
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class CandidateSummary:
    """The non-PII facts a result shows: from the latest version's public profile."""

    candidate_id: str
    record_id: str
    version: int
    total_experience_months: int | None
    skills: tuple[str, ...]
    headline: str


@dataclass(frozen=True)
class ChunkMatch:
    chunk_id: int
    kind: str
    score: float


@dataclass(frozen=True)
class CandidateMatch:
    """One candidate in one retriever's ranking: its best chunks, best first; `score` is the
    best chunk's (cosine similarity, or the keyword relevance where higher is better)."""

    summary: CandidateSummary
    score: float
    chunks: tuple[ChunkMatch, ...]


@dataclass(frozen=True)
class StaleChunk:
    """A chunk whose vector is missing or was made by another model."""

    chunk_id: int
    text: str


class SearchIndex(Protocol):
    """Vector and keyword retrieval over the chunks of the latest candidate versions of one
    tenant. SQLite: an exact NumPy index and FTS5 over Korean morphemes; PostgreSQL: pgvector
    (HNSW, or exact below a size threshold) and full text behind the same methods."""

    async def vector_matches(
        self,
        filters: SearchFilters,
        vector: Sequence[float],
        *,
        text: str,
        model: str,
        limit: int,
    ) -> list[CandidateMatch]:
        """The `limit` best candidates by cosine similarity to `vector` (the embedding of the
        query `text`), using only vectors that `model` made with `len(vector)` dimensions."""
        ...

    async def keyword_matches(
        self, filters: SearchFilters, text: str, *, limit: int
    ) -> list[CandidateMatch]:
        """The `limit` best candidates whose chunks share terms (Korean morphemes, English
        stems) with `text`."""
        ...

    async def chunk_texts(self, chunk_ids: Sequence[int]) -> dict[int, str]:
        """The (redacted) text of each chunk that still exists."""
        ...

    async def refresh(self, tenant_id: str | None) -> int:
        """Bring the keyword index up to date for one tenant (None: all); returns how many
        chunks it indexed. Searches do this themselves when the tenant's data changed."""
        ...


class ChunkVectors(Protocol):
    """Reads chunks that need a vector of the current model and stores the new vectors."""

    async def stale_chunks(
        self, *, model: str, dim: int, every: bool, tenant_id: str | None, after: int, limit: int
    ) -> list[StaleChunk]:
        """Up to `limit` chunks with an id above `after`, by id, that have no vector made by
        `model` with `dim` dimensions (`every`: all chunks)."""
        ...

    async def store_vectors(
        self, vectors: Mapping[int, Sequence[float]], *, model: str, dim: int
    ) -> int:
        """Write each chunk's vector with its model and dimension in one transaction; returns
        how many chunks still existed to take one."""
        ...


# --- HTTP API ------------------------------------------------------------------------------------

API_SCOPES = (
    "resumes:write",
    "jobs:read",
    "candidates:read",
    "pii:read",
    "candidates:delete",
    "search:read",
)


@dataclass(frozen=True)
class ApiKey:
    """A tenant's API key as stored: its public id and scopes (the token itself is never kept)."""

    id: str
    tenant_id: str
    name: str
    scopes: frozenset[str]
    created_at: datetime
    revoked_at: datetime | None = None


class ApiKeys(Protocol):
    """Per-tenant API keys stored as SHA-256 digests of random tokens."""

    async def create_key(
        self, tenant_id: str, scopes: Sequence[str], name: str
    ) -> tuple[ApiKey, str]:
        """A new key and its token; the token is shown once and only its digest is stored."""
        ...

    async def authenticate(self, token: str) -> ApiKey | None:
        """The live key the token belongs to (constant-time digest comparison), else None."""
        ...

    async def list_keys(self, tenant_id: str | None) -> list[ApiKey]: ...

    async def revoke_key(self, key_id: str) -> bool:
        """Revoke a live key; False when there is no such live key."""
        ...


@dataclass(frozen=True)
class Claim:
    """The answer to claiming an Idempotency-Key: `fresh` when this request owns it now;
    otherwise the earlier request's fingerprint and job (None while it is still in flight)."""

    id: str
    fresh: bool
    fingerprint: str
    job_id: str | None


class Submissions(Protocol):
    """Uploads accepted through the API: Idempotency-Keys per tenant and webhook URLs per job."""

    async def claim(
        self,
        tenant_id: str,
        idempotency_key: str | None,
        fingerprint: str,
        webhook_url: str | None,
    ) -> Claim:
        """Take the key for this request, or report who holds it (no key: always fresh). A claim
        left without a job for longer than the in-flight window is taken over."""
        ...

    async def bind(self, claim_id: str, job_id: str) -> None: ...

    async def release(self, claim_id: str) -> None:
        """Drop a claim whose request failed before it made a job, so the key can be retried."""
        ...

    async def webhook_url(self, job_id: str) -> str | None: ...


@dataclass(frozen=True)
class JobCount:
    tenant_id: str
    status: str
    error_code: str | None
    count: int


@dataclass(frozen=True)
class FinishedJob:
    """A job that reached a terminal state, as metrics see it: ids, timings and usage only."""

    id: str
    tenant_id: str
    finished_at: datetime
    timings_ms: Mapping[str, float]
    usage: Usage | None


class JobFigures(Protocol):
    """Read-only figures over every process's jobs, for readiness and Prometheus metrics."""

    async def ping(self) -> None:
        """Raise when the database cannot answer a trivial query."""
        ...

    async def job_counts(self) -> list[JobCount]: ...

    async def finished_after(
        self, after: tuple[datetime, str] | None, limit: int
    ) -> list[FinishedJob]:
        """Up to `limit` terminal jobs finished after the (finished_at, id) cursor, in order."""
        ...


# --- rollout -------------------------------------------------------------------------------------


class FlagStore(Protocol):
    """Rollout flags, the per-job decisions and the shadow observations (DESIGN §2)."""

    async def flags(self) -> dict[str, Flag]: ...

    async def spent(self) -> dict[str, float]:
        """The recorded cost of every flag's candidate shadow runs so far."""
        ...

    async def save_flag(self, flag: Flag) -> None: ...

    async def decide(self, job_id: str, proposed: Sequence[Decision]) -> dict[str, Decision]:
        """Store the proposed decisions the job has none for yet (the first writer wins) and
        return all of the job's stored decisions by flag."""
        ...

    async def record(self, observation: Observation) -> bool:
        """Store a shadow observation; False when the job already has one for the flag."""
        ...

    async def observations(self, flag: str) -> list[Observation]: ...

    async def decision_counts(self, flag: str) -> dict[str, int]:
        """How many jobs each arm served, and how many were shadowed ("shadow", "noise")."""
        ...
