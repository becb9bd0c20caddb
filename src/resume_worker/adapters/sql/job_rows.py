"""Job rows as Job records, and the statements on one job's row that every job runs, built once
(SQLAlchemy then finds their compiled form without building and hashing them again)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, or_, select, update

from resume_worker.adapters.sql import schema as t
from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import Ciphertext, Job, JobStatus

_c = t.jobs.c
JOB = select(t.jobs).where(_c.id == bindparam("job_id"))
# Sets the columns named by the parameters given with it (beside job_id).
UPDATE_JOB = update(t.jobs).where(_c.id == bindparam("job_id"))
# Marks the job processing and counts the attempt (parameter taken_at); returns the new row.
TAKE = UPDATE_JOB.values(
    status=JobStatus.PROCESSING.value,
    attempts=_c.attempts + 1,
    updated_at=bindparam("taken_at", type_=_c.updated_at.type),
).returning(*_c)
# TAKE, only for a queued job or a processing one unchanged since stale_before.
CLAIM = TAKE.where(
    or_(
        _c.status == JobStatus.QUEUED.value,
        and_(
            _c.status == JobStatus.PROCESSING.value,
            _c.updated_at < bindparam("stale_before", type_=_c.updated_at.type),
        ),
    )
)


def job_from_row(row: Any) -> Job:
    return Job(
        id=row.id,
        tenant_id=row.tenant_id,
        status=JobStatus(row.status),
        file_ext=row.file_ext,
        blob_key=row.blob_key or "",  # none once erased, as a rejected job has none
        attempts=row.attempts,
        error_code=ErrorCode(row.error_code) if row.error_code else None,
        error_message=row.error_message,
        file_name=Ciphertext(row.file_name_enc) if row.file_name_enc else None,
    )
