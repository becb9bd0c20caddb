"""The documents the API answers with, built from stored data for one caller: the job document of
DESIGN §4 (`jobs show --json`) and a candidate's latest or chosen version, PII masked unless the
caller's key has the pii:read scope. Another tenant's job or candidate reads as absent."""

from __future__ import annotations

from typing import Any

import structlog

from resume_worker.crypto import field_aad
from resume_worker.models import Job
from resume_worker.pipeline import Services
from resume_worker.ports import ApiKey
from resume_worker.results import candidate_document, job_result

PII_SCOPE = "pii:read"
log = structlog.get_logger("resume_worker.api")


def reveals_pii(key: ApiKey) -> bool:
    return PII_SCOPE in key.scopes


async def tenant_job(services: Services, key: ApiKey, job_id: str) -> Job | None:
    job = await services.repository.get_job(job_id)
    return job if job is not None and job.tenant_id == key.tenant_id else None


def file_label(services: Services, job: Job, *, reveal: bool) -> str:
    """The uploaded file's name with pii:read (a file name often is a person's name), else only
    its extension."""
    if job.file_name is None or not reveal:
        return f"***.{job.file_ext}" if job.file_ext else "***"
    aad = field_aad(job.tenant_id, job.id, "file_name")
    return services.keyring.decrypt(job.file_name.blob, aad).decode("utf-8")


async def job_document(services: Services, key: ApiKey, job_id: str) -> dict[str, Any] | None:
    """`{file, job_id, status, error, candidate, chunks, timings_ms}`, as `jobs show --json`."""
    job = await tenant_job(services, key, job_id)
    outcome = await services.repository.get_outcome(job_id) if job is not None else None
    if job is None or outcome is None:
        return None
    repository = services.repository
    record = await repository.get_record(outcome.record_id) if outcome.record_id else None
    reveal = reveals_pii(key)
    if reveal and record is not None:
        log.info("pii revealed", route="jobs", job_id=job_id, api_key=key.id)
    name = file_label(services, job, reveal=reveal)
    return job_result(name, outcome, record, services.keyring, reveal_pii=reveal)


async def tenant_candidate_document(
    services: Services, key: ApiKey, candidate_id: str, version: int | None
) -> dict[str, Any] | None:
    """One version (default: the latest) with the list of every version, as `candidates show`."""
    versions = [
        v
        for v in await services.repository.candidate_versions(candidate_id)
        if v.tenant_id == key.tenant_id
    ]
    chosen = next((v for v in versions if (v.version == version if version else v.is_latest)), None)
    record = await services.repository.get_record(chosen.record_id) if chosen else None
    if record is None:
        return None
    reveal = reveals_pii(key)
    if reveal:
        log.info("pii revealed", route="candidates", candidate_id=candidate_id, api_key=key.id)
    return candidate_document(record, versions, services.keyring, reveal_pii=reveal)
