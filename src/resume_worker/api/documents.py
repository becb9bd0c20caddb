"""The documents the API answers with, built from stored data for one caller: the job document of
DESIGN §4 (`jobs show --json`) and a candidate's latest or chosen version, PII masked unless the
caller's key has the pii:read scope. Another tenant's job or candidate reads as absent."""

from __future__ import annotations

from typing import Any

from resume_worker.composition.api import ApiServices
from resume_worker.core.ports.api import ApiKey
from resume_worker.jobs.results import (
    file_label,
    job_result,
    log_revealed,
    stored_candidate_document,
    stored_job,
)

PII_SCOPE = "pii:read"


def reveals_pii(key: ApiKey) -> bool:
    return PII_SCOPE in key.scopes


async def job_document(built: ApiServices, key: ApiKey, job_id: str) -> dict[str, Any] | None:
    """`{file, job_id, status, error, candidate, chunks, timings_ms}`, as `jobs show --json`."""
    services = built.services
    found = await stored_job(services.jobs, services.candidates, job_id, tenant_id=key.tenant_id)
    if found is None:
        return None
    reveal = reveals_pii(key)
    if reveal and found.record is not None:
        log_revealed(route="jobs", job_id=job_id, api_key=key.id)
    name = file_label(found.job, services.keyring, reveal=reveal)
    return job_result(name, found.outcome, found.record, services.keyring, reveal_pii=reveal)


async def tenant_candidate_document(
    built: ApiServices, key: ApiKey, candidate_id: str, version: int | None
) -> dict[str, Any] | None:
    """One version (default: the latest) with the list of every version, as `candidates show`."""
    reveal = reveals_pii(key)
    document = await stored_candidate_document(
        built.candidates,
        built.services.keyring,
        candidate_id,
        version,
        tenant_id=key.tenant_id,
        reveal_pii=reveal,
    )
    if document is not None and reveal:
        log_revealed(route="candidates", candidate_id=candidate_id, api_key=key.id)
    return document
