"""The in-memory database the repository fakes share: the rows SqlRepository keeps in its tables,
as plain mutable records, so several port fakes over one MemoryDatabase see each other's writes."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime

from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import (
    BlindIndex,
    CandidateProfile,
    Ciphertext,
    EmbeddedChunk,
    Job,
    JobOutcome,
    JobStatus,
    LedgerKind,
    SourceSpan,
    StoredRecord,
)
from resume_worker.core.ports.candidates import Erasure
from resume_worker.core.ports.ledger import balance_of


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class JobRow:
    """A job's row; `result` holds what the SQL adapter keeps as JSON (None until finished)."""

    id: str
    tenant_id: str
    status: JobStatus
    file_ext: str
    blob_key: str | None
    file_name: bytes | None
    attempts: int
    created_at: datetime
    updated_at: datetime
    error_code: ErrorCode | None = None
    error_message: str | None = None
    candidate_id: str | None = None
    record_id: str | None = None
    result: JobOutcome | None = None
    finished_at: datetime | None = None

    def job(self) -> Job:
        return Job(
            id=self.id,
            tenant_id=self.tenant_id,
            status=self.status,
            file_ext=self.file_ext,
            blob_key=self.blob_key or "",  # none once erased, as in SQL
            attempts=self.attempts,
            error_code=self.error_code,
            error_message=self.error_message,
            file_name=Ciphertext(self.file_name) if self.file_name else None,
        )


@dataclass
class VersionRow:
    """One candidate version with its children (PII cells by field, blind indexes, chunks),
    which live and die with it. The profile is kept as JSON, as SQL keeps it."""

    id: str
    tenant_id: str
    candidate_id: str
    version: int
    parent_id: str | None
    job_id: str
    is_latest: bool
    accepted_at: datetime
    profile_json: str
    field_confidence: dict[str, float]
    field_sources: dict[str, SourceSpan]
    warnings: tuple[str, ...]
    pii: dict[str, bytes] = field(default_factory=dict)
    blind_indexes: list[BlindIndex] = field(default_factory=list)
    chunks: list[EmbeddedChunk] = field(default_factory=list)

    def record(self) -> StoredRecord:
        return StoredRecord(
            record_id=self.id,
            candidate_id=self.candidate_id,
            tenant_id=self.tenant_id,
            version=self.version,
            job_id=self.job_id,
            is_latest=self.is_latest,
            public=CandidateProfile.model_validate_json(self.profile_json),
            pii={name: Ciphertext(blob) for name, blob in self.pii.items()},
            field_confidence=dict(self.field_confidence),
            field_sources=dict(self.field_sources),
            warnings=self.warnings,
        )


@dataclass
class LedgerRow:
    id: int
    tenant_id: str
    job_id: str
    kind: LedgerKind
    amount: int
    created_at: datetime


@dataclass
class MemoryDatabase:
    """Every table the repository ports touch. Candidates map to their tenant; versions are
    keyed by record id; ledger rows are unique per (job, kind) as the SQL constraint says."""

    jobs: dict[str, JobRow] = field(default_factory=dict)
    candidates: dict[str, str] = field(default_factory=dict)
    versions: dict[str, VersionRow] = field(default_factory=dict)
    ledger: list[LedgerRow] = field(default_factory=list)
    key_usage: dict[str, int] = field(default_factory=dict)
    erasures: dict[str, Erasure] = field(default_factory=dict)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def job(self, job_id: str) -> JobRow:
        """The row of a job that must exist (SQL raises NoResultFound; we raise KeyError)."""
        return self.jobs[job_id]

    def versions_of(self, candidate_id: str) -> list[VersionRow]:
        return [row for row in self.versions.values() if row.candidate_id == candidate_id]

    def record(self, record_id: str) -> StoredRecord | None:
        row = self.versions.get(record_id)
        return row.record() if row else None

    def balance(self, tenant_id: str) -> int:
        """The tenant's available credits: every row of the tenant, signed by its kind."""
        totals: dict[str, int] = {}
        for row in self.ledger:
            if row.tenant_id == tenant_id:
                totals[row.kind] = totals.get(row.kind, 0) + row.amount
        return balance_of(totals)

    def add_ledger_row(self, tenant_id: str, job_id: str, kind: LedgerKind, amount: int) -> bool:
        """Append the (job, kind) row; False when one exists (for any tenant, as in SQL)."""
        if any(row.job_id == job_id and row.kind == kind for row in self.ledger):
            return False
        self.ledger.append(LedgerRow(next(self.ids), tenant_id, job_id, kind, amount, now()))
        return True

    def write_outcome(self, outcome: JobOutcome) -> None:
        """Record how a job ended (or why it goes back to the queue); unknown jobs are ignored,
        as an UPDATE that matches no row is."""
        row = self.jobs.get(outcome.job_id)
        if row is None:
            return
        moment = now()
        row.status = outcome.status
        row.error_code = outcome.error_code
        row.error_message = outcome.error_message
        row.candidate_id = outcome.candidate_id
        row.record_id = outcome.record_id
        row.result = outcome
        row.updated_at = moment
        row.finished_at = moment if outcome.status.is_terminal else None

    def outcome(self, job_id: str) -> JobOutcome | None:
        row = self.jobs.get(job_id)
        if row is None:
            return None
        result = row.result
        return JobOutcome(
            job_id=row.id,
            status=row.status,
            error_code=row.error_code,
            error_message=row.error_message,
            candidate_id=row.candidate_id,
            version=result.version if result else None,
            record_id=row.record_id,
            chunks=result.chunks if result else 0,
            warnings=tuple(result.warnings) if result else (),
            timings_ms=dict(result.timings_ms) if result else {},
            usage=result.usage if result else None,
        )


class MemoryPort:
    """Base of every repository fake: the database it reads and writes, a new one by default
    so `MemoryLedger()` alone serves a unit test; pass one database to several fakes to share."""

    def __init__(self, db: MemoryDatabase | None = None) -> None:
        self.db = db if db is not None else MemoryDatabase()
