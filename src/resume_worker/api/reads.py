"""GET /v1/jobs/{id}, GET /v1/candidates/{id} and DELETE /v1/candidates/{id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict

from resume_worker.api.auth import requires
from resume_worker.api.context import context
from resume_worker.api.documents import job_document, tenant_candidate_document
from resume_worker.api.errors import ErrorBody, not_found
from resume_worker.core.ports.api import ApiKey
from resume_worker.jobs.results import erasure_document
from resume_worker.privacy.erasure import erase_candidate

router = APIRouter()
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    404: {"model": ErrorBody, "description": "no such id for this tenant"},
    422: {"model": ErrorBody},
}
Id = Annotated[str, Path(min_length=1, max_length=64)]


class JobDocument(BaseModel):
    """DESIGN §4: the same document as `resume-worker jobs show --json`. `file` is the uploaded
    file's name with pii:read, else `***.<ext>`; the profile is masked without pii:read."""

    file: str
    job_id: str
    status: str
    error: dict[str, Any] | None
    candidate: dict[str, Any] | None
    chunks: int
    timings_ms: dict[str, float]

    model_config = ConfigDict(extra="allow")  # `usage`, only for jobs that called an LLM


class CandidateDocument(BaseModel):
    """One version of a candidate (the flat profile of DESIGN §4) and the list of versions."""

    id: str
    version: int
    record_id: str
    is_latest: bool
    profile: dict[str, Any]
    field_confidence: dict[str, float]
    warnings: list[str]
    versions: list[dict[str, Any]]


class ErasureDocument(BaseModel):
    """What was erased: ids and counts, never PII."""

    candidate_id: str
    erasures: list[dict[str, Any]]


@router.get(
    "/v1/jobs/{job_id}",
    response_model=JobDocument,
    responses=READ_ERRORS,
)
async def get_job(
    request: Request, job_id: Id, key: Annotated[ApiKey, Depends(requires("jobs:read"))]
) -> dict[str, Any]:
    """A job's status and, once stored, its candidate."""
    document = await job_document(context(request).built, key, job_id)
    if document is None:
        raise not_found("job")
    return document


@router.get(
    "/v1/candidates/{candidate_id}", response_model=CandidateDocument, responses=READ_ERRORS
)
async def get_candidate(
    request: Request,
    candidate_id: Id,
    key: Annotated[ApiKey, Depends(requires("candidates:read"))],
    version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> dict[str, Any]:
    """A candidate's latest (or chosen) version; PII masked unless the key has pii:read."""
    document = await tenant_candidate_document(context(request).built, key, candidate_id, version)
    if document is None:
        raise not_found("candidate")
    return document


@router.delete(
    "/v1/candidates/{candidate_id}", response_model=ErasureDocument, responses=READ_ERRORS
)
async def delete_candidate(
    request: Request,
    candidate_id: Id,
    key: Annotated[ApiKey, Depends(requires("candidates:delete"))],
) -> dict[str, Any]:
    """Erase a candidate: every version, PII field, blind index, chunk and original file."""
    built = context(request).built
    versions = await built.candidates.candidate_versions(candidate_id)
    if not versions or any(v.tenant_id != key.tenant_id for v in versions):
        raise not_found("candidate")
    done = await erase_candidate(built.candidates, built.services.blobs, candidate_id)
    return {"candidate_id": candidate_id, "erasures": [erasure_document(e) for e in done]}
