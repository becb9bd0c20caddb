"""The Repository on SQLAlchemy 2 (async): SQLite (embedded runtime) or PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import UTC, datetime

from sqlalchemy import bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.candidate_admin import SqlCandidateAdmin
from resume_worker.adapters.sql.candidates import insert_version, read_record, store_lock_names
from resume_worker.adapters.sql.engine import ONE_STATEMENT, WRITE_OPTION
from resume_worker.adapters.sql.job_rows import JOB, TAKE, UPDATE_JOB, job_from_row
from resume_worker.adapters.sql.jobs_admin import SqlJobsAdmin
from resume_worker.adapters.sql.keys import SqlKeyStore
from resume_worker.adapters.sql.ledger import SqlLedger
from resume_worker.adapters.sql.locks import lock_names
from resume_worker.adapters.sql.stored_text import SqlStoredText
from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import (
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


_v = t.candidate_versions.c
# The job's acceptance time and the version an earlier run stored for it, if any.
_STORE_STATE = (
    select(t.jobs.c.created_at, _v.candidate_id, _v.version, _v.id)
    .select_from(t.jobs.outerjoin(t.candidate_versions, _v.job_id == t.jobs.c.id))
    .where(t.jobs.c.id == bindparam("job_id"))
)


class SqlRepository(SqlLedger, SqlKeyStore, SqlCandidateAdmin, SqlJobsAdmin, SqlStoredText):
    """Implements the role ports of core/ports: jobs, candidates, ledger and keys. Writes run in
    short transactions; the candidate store is one. A read or a write of one statement runs on
    `one_statement` (see engine.ONE_STATEMENT). The ledger, key and operator parts live in their
    own modules."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.writer = engine.execution_options(**{WRITE_OPTION: True})
        self.one_statement = engine.execution_options(**{WRITE_OPTION: ONE_STATEMENT})

    async def close(self) -> None:
        await self.engine.dispose()

    async def create_job(self, job: Job, *, file_name: Ciphertext | None) -> None:
        now = _now()
        async with self.one_statement.begin() as conn:
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
        async with self.one_statement.connect() as conn:
            row = (await conn.execute(JOB, {"job_id": job_id})).first()
        return job_from_row(row) if row else None

    async def list_jobs(self, tenant_id: str | None, limit: int) -> list[Job]:
        query = select(t.jobs).order_by(t.jobs.c.created_at.desc()).limit(limit)
        if tenant_id is not None:
            query = query.where(t.jobs.c.tenant_id == tenant_id)
        async with self.engine.connect() as conn:
            return [job_from_row(row) for row in await conn.execute(query)]

    async def start_job(self, job_id: str) -> Job:
        async with self.one_statement.begin() as conn:
            row = (await conn.execute(TAKE, {"job_id": job_id, "taken_at": _now()})).one()
        return job_from_row(row)

    async def store_candidate(
        self, job: Job, protected: ProtectedProfile, chunks: Chunks, outcome: JobOutcome
    ) -> StoredCandidate:
        async with self.writer.begin() as conn:
            await lock_names(conn, *store_lock_names(job, protected))
            state = (await conn.execute(_STORE_STATE, {"job_id": job.id})).one()
            if state.id is not None:  # stored by an earlier run of the job
                return StoredCandidate(state.candidate_id, state.version, state.id, created=False)
            stored = await insert_version(conn, job, protected, chunks, state.created_at)
            done = replace(
                outcome,
                candidate_id=stored.candidate_id,
                version=stored.version,
                record_id=stored.record_id,
                warnings=(*outcome.warnings, *stored.warnings),
            )
            await self._write_outcome(conn, done)
        return stored

    async def finish_job(self, outcome: JobOutcome) -> None:
        async with self.one_statement.begin() as conn:
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
            UPDATE_JOB,
            {
                "job_id": outcome.job_id,
                "status": outcome.status.value,
                "error_code": outcome.error_code.value if outcome.error_code else None,
                "error_message": outcome.error_message,
                "candidate_id": outcome.candidate_id,
                "record_id": outcome.record_id,
                "result": json.dumps(result),
                "updated_at": now,
                "finished_at": now if outcome.status.is_terminal else None,
            },
        )

    async def get_outcome(self, job_id: str) -> JobOutcome | None:
        async with self.one_statement.connect() as conn:
            row = (await conn.execute(JOB, {"job_id": job_id})).first()
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
