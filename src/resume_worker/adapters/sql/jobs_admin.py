"""Job rows for the distributed worker and its operators: claiming a delivered job, listing the
dead letters (failed jobs) and putting one back in the queue with its credit reserved again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.job_rows import CLAIM, job_from_row
from resume_worker.adapters.sql.locks import lock_names
from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import Job, JobStatus
from resume_worker.core.ports.jobs import DeadLetter, Requeue
from resume_worker.core.ports.ledger import balance_of


class SqlJobsAdmin:
    """The job-claim and dead-letter part of SqlRepository (mixed in; uses its engines)."""

    engine: AsyncEngine
    writer: AsyncEngine
    one_statement: AsyncEngine

    async def claim_job(self, job_id: str, *, lease_s: float) -> Job | None:
        """One conditional update, so two deliveries of one job cannot both take it: a queued
        job, or a processing one whose row has not changed for `lease_s` seconds (a run that
        outlives its time limit is dead: the live ones end by then). It returns the row it
        changed, so the run reads the job no second time."""
        now = datetime.now(UTC)
        stale_before = now - timedelta(seconds=lease_s)
        params = {"job_id": job_id, "taken_at": now, "stale_before": stale_before}
        async with self.one_statement.begin() as conn:
            row = (await conn.execute(CLAIM, params)).first()
        return job_from_row(row) if row else None

    async def failed_jobs(self, tenant_id: str | None, limit: int) -> list[DeadLetter]:
        c = t.jobs.c
        query = (
            select(c.id, c.tenant_id, c.error_code, c.attempts, c.finished_at)
            .where(c.status == JobStatus.FAILED.value)
            .order_by(c.finished_at.desc(), c.id)
            .limit(limit)
        )
        if tenant_id is not None:
            query = query.where(c.tenant_id == tenant_id)
        async with self.engine.connect() as conn:
            return [
                DeadLetter(
                    job_id=row.id,
                    tenant_id=row.tenant_id,
                    error_code=ErrorCode(row.error_code) if row.error_code else None,
                    attempts=row.attempts,
                    failed_at=row.finished_at,
                )
                for row in await conn.execute(query)
            ]

    async def requeue_failed(self, job_id: str, *, amount: int, enforce: bool) -> Requeue:
        """Rows are unique per (job, kind), so the job's one reservation is restored by
        withdrawing its release row. That happens under the tenant's credit lock, the one
        acceptances take, so the balance check and the withdrawal cannot race another job for
        the last credit. A job that failed before its release was written still holds its
        reservation."""
        c = t.jobs.c
        async with self.writer.begin() as conn:
            tenant_id = (
                await conn.execute(select(c.tenant_id).where(c.id == job_id))
            ).scalar_one_or_none()
            if tenant_id is None:
                return "not_failed"
            await lock_names(conn, f"credits:{tenant_id}")  # the lock reserve_credit takes
            status = (await conn.execute(select(c.status).where(c.id == job_id))).scalar_one()
            if status != JobStatus.FAILED.value:
                return "not_failed"
            if not await _restore_reservation(conn, tenant_id, job_id, amount, enforce=enforce):
                return "no_credit"
            await conn.execute(
                update(t.jobs)
                .where(c.id == job_id)
                .values(
                    status=JobStatus.QUEUED.value,
                    attempts=0,
                    error_code=None,
                    error_message=None,
                    result=None,
                    finished_at=None,
                    updated_at=datetime.now(UTC),
                )
            )
        return "requeued"


async def _restore_reservation(
    conn: AsyncConnection, tenant_id: str, job_id: str, amount: int, *, enforce: bool
) -> bool:
    """Withdraw the job's release row; False (nothing changed) when `enforce` and the tenant's
    balance does not cover `amount` any more."""
    ledger = t.ledger.c
    released = and_(ledger.job_id == job_id, ledger.kind == "release")
    if (await conn.execute(select(ledger.id).where(released))).first() is None:
        return True
    if enforce:
        sums = select(ledger.kind, func.sum(ledger.amount)).where(ledger.tenant_id == tenant_id)
        totals = {k: int(n) for k, n in await conn.execute(sums.group_by(ledger.kind))}
        if balance_of(totals) < amount:
            return False
    await conn.execute(delete(t.ledger).where(released))
    return True
