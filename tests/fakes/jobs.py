"""The fake JobStore, DeadLetters and JobFigures: job rows in a MemoryDatabase, with the SQL
adapter's claim lease and its requeue rule (the release row withdrawn, after the balance check)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from resume_worker.core.errors import ErrorCode, RetryableError
from resume_worker.core.models import Ciphertext, Job, JobOutcome, JobStatus
from resume_worker.core.ports.jobs import DeadLetter, FinishedJob, JobCount, Requeue
from tests.fakes.database import JobRow, MemoryDatabase, MemoryPort, now

# Where a failed job without a finish time sorts among the newest first (SQLite: last).
_NEVER = datetime.min.replace(tzinfo=UTC)


class MemoryJobStore(MemoryPort):
    """Job rows: created, taken by a run (start or claim), finished with an outcome."""

    async def create_job(self, job: Job, *, file_name: Ciphertext | None) -> None:
        """Like the INSERT: the job's error fields are not stored; a second id is refused."""
        if job.id in self.db.jobs:
            raise ValueError(f"job {job.id} exists")  # SQL raises IntegrityError
        moment = now()
        self.db.jobs[job.id] = JobRow(
            id=job.id,
            tenant_id=job.tenant_id,
            status=job.status,
            file_ext=job.file_ext,
            blob_key=job.blob_key,
            file_name=file_name.blob if file_name else None,
            attempts=job.attempts,
            created_at=moment,
            updated_at=moment,
        )

    async def get_job(self, job_id: str) -> Job | None:
        row = self.db.jobs.get(job_id)
        return row.job() if row else None

    async def list_jobs(self, tenant_id: str | None, limit: int) -> list[Job]:
        """Newest first by creation time; the insertion order breaks ties."""
        rows = [r for r in self.db.jobs.values() if tenant_id in (None, r.tenant_id)]
        rows.reverse()
        rows.sort(key=lambda r: r.created_at, reverse=True)
        return [row.job() for row in rows[:limit]]

    async def start_job(self, job_id: str) -> Job:
        """Whatever the status (as the SQL UPDATE); an unknown id raises KeyError."""
        return _take(self.db.job(job_id))

    async def claim_job(self, job_id: str, *, lease_s: float) -> Job | None:
        row = self.db.jobs.get(job_id)
        if row is None:
            return None
        moment = now()
        stale = row.status is JobStatus.PROCESSING and row.updated_at < moment - timedelta(
            seconds=lease_s
        )
        if row.status is not JobStatus.QUEUED and not stale:
            return None
        return _take(row, moment)

    async def finish_job(self, outcome: JobOutcome) -> None:
        self.db.write_outcome(outcome)

    async def get_outcome(self, job_id: str) -> JobOutcome | None:
        return self.db.outcome(job_id)


def _take(row: JobRow, moment: datetime | None = None) -> Job:
    """Mark the row processing and count the attempt."""
    row.status = JobStatus.PROCESSING
    row.attempts += 1
    row.updated_at = moment or now()
    return row.job()


class MemoryDeadLetters(MemoryPort):
    """The failed jobs, and putting one back on the queue with its credit reserved again."""

    async def failed_jobs(self, tenant_id: str | None, limit: int) -> list[DeadLetter]:
        rows = sorted(
            (
                r
                for r in self.db.jobs.values()
                if r.status is JobStatus.FAILED and tenant_id in (None, r.tenant_id)
            ),
            key=lambda r: r.id,
        )
        rows.sort(key=lambda r: r.finished_at or _NEVER, reverse=True)
        return [
            DeadLetter(r.id, r.tenant_id, r.error_code, r.attempts, r.finished_at)
            for r in rows[:limit]
        ]

    async def requeue_failed(self, job_id: str, *, amount: int, enforce: bool) -> Requeue:
        """The balance check counts the release row about to be withdrawn, as SQL's does."""
        row = self.db.jobs.get(job_id)
        if row is None or row.status is not JobStatus.FAILED:
            return "not_failed"
        released = [r for r in self.db.ledger if r.job_id == job_id and r.kind == "release"]
        if released:
            if enforce and self.db.balance(row.tenant_id) < amount:
                return "no_credit"
            gone = {r.id for r in released}
            self.db.ledger = [r for r in self.db.ledger if r.id not in gone]
        row.status = JobStatus.QUEUED
        row.attempts = 0
        row.error_code = None
        row.error_message = None
        row.result = None
        row.finished_at = None
        row.updated_at = now()
        return "requeued"


class MemoryJobFigures(MemoryPort):
    """Counts and finished jobs read from the job rows; `reachable=False` is a database that
    does not answer (every call raises, as SQL's does)."""

    def __init__(self, db: MemoryDatabase | None = None, *, reachable: bool = True) -> None:
        super().__init__(db)
        self.reachable = reachable

    async def ping(self) -> None:
        self._answer()

    async def job_counts(self) -> list[JobCount]:
        self._answer()
        counts = Counter(
            (r.tenant_id, r.status.value, r.error_code.value if r.error_code else None)
            for r in self.db.jobs.values()
        )
        return [JobCount(*group, count) for group, count in counts.items()]

    async def finished_after(
        self, after: tuple[datetime, str] | None, limit: int
    ) -> list[FinishedJob]:
        self._answer()
        finished = sorted(
            (r for r in self.db.jobs.values() if r.finished_at is not None),
            key=lambda r: (r.finished_at, r.id),
        )
        return [
            FinishedJob(
                id=r.id,
                tenant_id=r.tenant_id,
                finished_at=r.finished_at,
                timings_ms=dict(r.result.timings_ms) if r.result else {},
                usage=r.result.usage if r.result else None,
            )
            for r in finished
            if r.finished_at and (after is None or (r.finished_at, r.id) > after)
        ][: max(limit, 0)]

    def _answer(self) -> None:
        if not self.reachable:
            raise RetryableError("database call failed (unreachable)", ErrorCode.DB_CONNECTION)
