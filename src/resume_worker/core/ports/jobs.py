"""Jobs as the job runner, the worker and the operators see them: rows, dead letters, figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import Ciphertext, Job, JobOutcome, Usage


class JobStore(Protocol):
    """A job's row: created at acceptance, taken by one run, finished with its outcome."""

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

    async def finish_job(self, outcome: JobOutcome) -> None: ...

    async def get_outcome(self, job_id: str) -> JobOutcome | None: ...


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


class DeadLetters(Protocol):
    """The failed jobs (dead letters) and putting one back on the queue."""

    async def failed_jobs(self, tenant_id: str | None, limit: int) -> list[DeadLetter]:
        """The failed jobs (dead letters), most recently failed first."""
        ...

    async def requeue_failed(self, job_id: str, *, amount: int, enforce: bool) -> Requeue:
        """In one transaction: put a failed job back to queued with its attempts reset, its
        credit reserved again (the release row written when it failed is withdrawn, after the
        balance check when `enforce`)."""
        ...


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
