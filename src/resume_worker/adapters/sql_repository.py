"""The Repository on SQLAlchemy 2 (async): SQLite (embedded runtime) or PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resume_worker.adapters import sql_schema as t
from resume_worker.adapters.sql_candidate_admin import SqlCandidateAdmin
from resume_worker.adapters.sql_candidates import insert_version, read_record, store_lock_names
from resume_worker.adapters.sql_engine import WRITE_OPTION
from resume_worker.adapters.sql_jobs_admin import SqlJobsAdmin
from resume_worker.adapters.sql_keys import SqlKeyStore
from resume_worker.adapters.sql_ledger import SqlLedger
from resume_worker.adapters.sql_locks import lock_names
from resume_worker.errors import ErrorCode
from resume_worker.models import (
    Chunks,
    Ciphertext,
    Job,
    JobOutcome,
    JobStatus,
    ProtectedProfile,
    StoredCandidate,
    StoredRecord,
    Usage,
)


def _now() -> datetime:
    return datetime.now(UTC)


def _job(row: Any) -> Job:
    return Job(
        id=row.id,
        tenant_id=row.tenant_id,
        status=JobStatus(row.status),
        file_ext=row.file_ext,
        blob_key=row.blob_key,
        attempts=row.attempts,
        error_code=ErrorCode(row.error_code) if row.error_code else None,
        error_message=row.error_message,
        file_name=Ciphertext(row.file_name_enc) if row.file_name_enc else None,
    )


class SqlRepository(SqlLedger, SqlKeyStore, SqlCandidateAdmin, SqlJobsAdmin):
    """Implements ports.Repository. Writes run in short transactions; the candidate store is one.
    The ledger, key and operator parts live in their own modules."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.writer = engine.execution_options(**{WRITE_OPTION: True})

    async def close(self) -> None:
        await self.engine.dispose()

    async def create_job(self, job: Job, *, file_name: Ciphertext | None) -> None:
        now = _now()
        async with self.writer.begin() as conn:
            await conn.execute(
                insert(t.jobs).values(
                    id=job.id,
                    tenant_id=job.tenant_id,
                    status=job.status.value,
                    file_ext=job.file_ext,
                    blob_key=job.blob_key,
                    file_name_enc=file_name.blob if file_name else None,
                    attempts=job.attempts,
                    created_at=now,
                    updated_at=now,
                )
            )

    async def get_job(self, job_id: str) -> Job | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(t.jobs).where(t.jobs.c.id == job_id))).first()
        return _job(row) if row else None

    async def list_jobs(self, tenant_id: str | None, limit: int) -> list[Job]:
        query = select(t.jobs).order_by(t.jobs.c.created_at.desc()).limit(limit)
        if tenant_id is not None:
            query = query.where(t.jobs.c.tenant_id == tenant_id)
        async with self.engine.connect() as conn:
            return [_job(row) for row in await conn.execute(query)]

    async def start_job(self, job_id: str) -> Job:
        async with self.writer.begin() as conn:
            await conn.execute(
                update(t.jobs)
                .where(t.jobs.c.id == job_id)
                .values(
                    status=JobStatus.PROCESSING.value,
                    attempts=t.jobs.c.attempts + 1,
                    updated_at=_now(),
                )
            )
            row = (await conn.execute(select(t.jobs).where(t.jobs.c.id == job_id))).one()
        return _job(row)

    async def store_candidate(
        self, job: Job, protected: ProtectedProfile, chunks: Chunks, outcome: JobOutcome
    ) -> StoredCandidate:
        async with self.writer.begin() as conn:
            await lock_names(conn, *store_lock_names(job, protected))
            existing = await self._stored_for_job(conn, job.id)
            if existing is not None:
                return existing
            accepted_at = (
                await conn.execute(select(t.jobs.c.created_at).where(t.jobs.c.id == job.id))
            ).scalar_one()
            stored = await insert_version(conn, job, protected, chunks, accepted_at)
            done = replace(
                outcome,
                candidate_id=stored.candidate_id,
                version=stored.version,
                record_id=stored.record_id,
                warnings=(*outcome.warnings, *stored.warnings),
            )
            await self._write_outcome(conn, done)
        return stored

    async def _stored_for_job(self, conn: AsyncConnection, job_id: str) -> StoredCandidate | None:
        v = t.candidate_versions.c
        row = (
            await conn.execute(select(v.candidate_id, v.version, v.id).where(v.job_id == job_id))
        ).first()
        return (
            StoredCandidate(row.candidate_id, row.version, row.id, created=False) if row else None
        )

    async def finish_job(self, outcome: JobOutcome) -> None:
        async with self.writer.begin() as conn:
            await self._write_outcome(conn, outcome)

    @staticmethod
    async def _write_outcome(conn: AsyncConnection, outcome: JobOutcome) -> None:
        result = {
            "chunks": outcome.chunks,
            "version": outcome.version,
            "warnings": list(outcome.warnings),
            "timings_ms": outcome.timings_ms,
        }
        if outcome.usage is not None:  # only jobs that called an LLM
            result["usage"] = asdict(outcome.usage)
        now = _now()
        await conn.execute(
            update(t.jobs)
            .where(t.jobs.c.id == outcome.job_id)
            .values(
                status=outcome.status.value,
                error_code=outcome.error_code.value if outcome.error_code else None,
                error_message=outcome.error_message,
                candidate_id=outcome.candidate_id,
                record_id=outcome.record_id,
                result=json.dumps(result),
                updated_at=now,
                finished_at=now if outcome.status.is_terminal else None,
            )
        )

    async def get_outcome(self, job_id: str) -> JobOutcome | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(t.jobs).where(t.jobs.c.id == job_id))).first()
        if row is None:
            return None
        result = json.loads(row.result) if row.result else {}
        return JobOutcome(
            job_id=row.id,
            status=JobStatus(row.status),
            error_code=ErrorCode(row.error_code) if row.error_code else None,
            error_message=row.error_message,
            candidate_id=row.candidate_id,
            version=result.get("version"),
            record_id=row.record_id,
            chunks=result.get("chunks", 0),
            warnings=tuple(result.get("warnings", ())),
            timings_ms=result.get("timings_ms", {}),
            usage=Usage(**result["usage"]) if result.get("usage") else None,
        )

    async def get_record(self, record_id: str) -> StoredRecord | None:
        async with self.engine.connect() as conn:
            return await read_record(conn, record_id)
