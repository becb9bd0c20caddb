"""Job figures in SQL: counts by tenant, status and code, and finished jobs in finishing order."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.core.models import Usage
from resume_worker.core.ports.jobs import FinishedJob, JobCount


def _finished(row: Any) -> FinishedJob:
    result = json.loads(row.result) if row.result else {}
    usage = result.get("usage")
    return FinishedJob(
        id=row.id,
        tenant_id=row.tenant_id,
        finished_at=row.finished_at,
        timings_ms=result.get("timings_ms", {}),
        usage=Usage(**usage) if isinstance(usage, dict) else None,
    )


class SqlJobFigures:
    """Implements ports.JobFigures on the repository's engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def job_counts(self) -> list[JobCount]:
        j = t.jobs.c
        query = select(j.tenant_id, j.status, j.error_code, func.count()).group_by(
            j.tenant_id, j.status, j.error_code
        )
        async with self.engine.connect() as conn:
            rows = await conn.execute(query)
            return [JobCount(r[0], r[1], r[2], int(r[3])) for r in rows]

    async def finished_after(
        self, after: tuple[datetime, str] | None, limit: int
    ) -> list[FinishedJob]:
        j = t.jobs.c
        query = (
            select(j.id, j.tenant_id, j.finished_at, j.result)
            .where(j.finished_at.is_not(None))
            .order_by(j.finished_at, j.id)
            .limit(limit)
        )
        if after is not None:
            moment, job_id = after
            query = query.where(
                or_(j.finished_at > moment, and_(j.finished_at == moment, j.id > job_id))
            )
        async with self.engine.connect() as conn:
            return [_finished(row) for row in await conn.execute(query)]
