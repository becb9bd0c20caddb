"""POST /v1/resumes: accept one file as a job, then hand its id to the queue.

Two request shapes. `multipart/form-data` with a `file` part (and an optional `webhook_url`
field) uploads the file; it is read under limits.max_file_mb while it streams. `application/json`
`{"storage_key", "file_name", "webhook_url"?}` names a file already in the blob store, under
`uploads/<tenant>/<storage_key>` (the caller's bucket prefix, e.g. after a pre-signed S3 upload);
the API reads it, keeps an encrypted copy as the job's original and deletes the plain object.

Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): the same key and the same request
from the same tenant answer with the same job; the same key with another request is 422; the
same key while its first request is still being accepted is 409.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from pydantic import BaseModel, Field, ValidationError, field_validator

from resume_worker.api.auth import requires
from resume_worker.api.context import ApiContext, context
from resume_worker.api.documents import job_document
from resume_worker.api.errors import ApiError, ErrorBody
from resume_worker.api.uploads import bad_form, check_declared_length, read_upload, too_large
from resume_worker.api.webhook_urls import checked_webhook_url
from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.ports.api import ApiKey
from resume_worker.jobs.runner import accept_job

router = APIRouter()
UPLOAD_PREFIX = "uploads"
JSON_LIMIT = 16 * 1024
STORAGE_KEY = r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$"


class StoredFile(BaseModel):
    """A file already in the blob store, under `uploads/<tenant>/<storage_key>`."""

    storage_key: str = Field(max_length=200, pattern=STORAGE_KEY)
    file_name: str = Field(min_length=1, max_length=255)
    webhook_url: str | None = Field(None, max_length=2000)

    @field_validator("storage_key")
    @classmethod
    def _no_dot_segments(cls, key: str) -> str:
        if any(part in (".", "..") for part in key.split("/")):
            raise ValueError("a storage key has no . or .. segments")
        return key


class Accepted(BaseModel):
    """A fresh job: the same document as GET /v1/jobs/{id} (status `queued`)."""

    file: str
    job_id: str
    status: str
    error: dict[str, Any] | None
    candidate: dict[str, Any] | None
    chunks: int
    timings_ms: dict[str, float]


MULTIPART_SCHEMA = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary"},
        "webhook_url": {"type": "string", "maxLength": 2000},
    },
}
REQUEST_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {"schema": MULTIPART_SCHEMA},
        "application/json": {"schema": StoredFile.model_json_schema()},
    },
}
SUBMIT_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    404: {"model": ErrorBody, "description": "no object at that storage key"},
    409: {"model": ErrorBody, "description": "the Idempotency-Key is in use"},
    413: {"model": ErrorBody},
    422: {"model": ErrorBody},
}
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=255, pattern=r"^[\x21-\x7e]+$"),
]


@router.post(
    "/v1/resumes",
    status_code=202,
    response_model=Accepted,
    responses=SUBMIT_ERRORS,
    openapi_extra={"requestBody": REQUEST_BODY},
)
async def submit_resume(
    request: Request,
    response: Response,
    key: Annotated[ApiKey, Depends(requires("resumes:write"))],
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    """Accept a resume file as a job (multipart upload or a storage key)."""
    ctx = context(request)
    sent = await _read_request(request, ctx, key)
    submissions = ctx.built.submissions
    claim = await submissions.claim(key.tenant_id, idempotency_key, sent.fingerprint, sent.webhook)
    if not claim.fresh:
        return await _replay(
            ctx, key, claim.fingerprint == sent.fingerprint, claim.job_id, response
        )
    try:
        data = sent.data if sent.blob_key is None else await _read_stored(ctx, sent.blob_key)
        job = await accept_job(
            ctx.built.services, bytes(data), file_name=sent.file_name, tenant_id=key.tenant_id
        )
    except Exception:
        await submissions.release(claim.id)
        raise
    await submissions.bind(claim.id, job.id)
    if sent.blob_key is not None:  # the job holds an encrypted copy now
        await ctx.built.services.blobs.delete(sent.blob_key)
    if not job.status.is_terminal:
        await ctx.queue.enqueue(job.id)
    response.headers["Location"] = f"/v1/jobs/{job.id}"
    return await _document(ctx, key, job.id)


@dataclass(frozen=True)
class _Sent:
    """What a request asks for; an upload carries its bytes, a storage key its blob key."""

    file_name: str
    webhook: str | None
    fingerprint: str
    data: bytes | bytearray = b""
    blob_key: str | None = None


async def _read_request(request: Request, ctx: ApiContext, key: ApiKey) -> _Sent:
    content_type = request.headers.get("content-type", "")
    production = ctx.config.production
    if content_type.startswith("multipart/"):
        upload = await read_upload(request, limit_bytes=ctx.config.max_upload_bytes)
        webhook = checked_webhook_url(upload.fields.get("webhook_url"), production)
        name = upload.file_name or ""
        return _Sent(name, webhook, fingerprint(name, webhook, upload.data), data=upload.data)
    if not content_type.startswith("application/json"):
        raise ApiError(415, ErrorCode.VALIDATION_ERROR, "send multipart/form-data or JSON")
    stored = await _stored_file(request)
    webhook = checked_webhook_url(stored.webhook_url, production)
    blob_key = f"{UPLOAD_PREFIX}/{key.tenant_id}/{stored.storage_key}"
    digest = fingerprint(stored.file_name, webhook, b"key:" + blob_key.encode())
    return _Sent(stored.file_name, webhook, digest, blob_key=blob_key)


async def _stored_file(request: Request) -> StoredFile:
    check_declared_length(request, JSON_LIMIT)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > JSON_LIMIT:
            raise bad_form(f"a JSON body has at most {JSON_LIMIT} bytes")
    try:
        return StoredFile.model_validate_json(bytes(body))
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
        raise bad_form(f"invalid JSON body ({where})") from None


async def _read_stored(ctx: ApiContext, blob_key: str) -> bytes:
    """The plain object under the tenant's upload prefix (404 when there is none)."""
    try:
        data = await ctx.built.services.blobs.get(blob_key)
    except WorkerError as exc:
        if exc.retryable:
            raise
        raise ApiError(404, ErrorCode.NOT_FOUND, "no object at that storage key") from None
    if len(data) > ctx.config.max_upload_bytes:
        raise too_large(ctx.config.max_upload_bytes)
    return data


def fingerprint(file_name: str, webhook: str | None, data: bytes | bytearray) -> str:
    """SHA-256 over the request: a replay must match it to get the first request's job."""
    digest = hashlib.sha256()
    for part in (file_name.encode("utf-8"), (webhook or "").encode("utf-8")):
        digest.update(len(part).to_bytes(8, "big") + part)
    digest.update(data)
    return digest.hexdigest()


async def _replay(
    ctx: ApiContext, key: ApiKey, same: bool, job_id: str | None, response: Response
) -> dict[str, Any]:
    if not same:
        raise ApiError(
            422,
            ErrorCode.IDEMPOTENCY_MISMATCH,
            "this Idempotency-Key was used with a different request",
        )
    if job_id is None:
        raise ApiError(
            409, ErrorCode.IDEMPOTENCY_CONFLICT, "a request with this Idempotency-Key is in flight"
        )
    response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/v1/jobs/{job_id}"
    return await _document(ctx, key, job_id)


async def _document(ctx: ApiContext, key: ApiKey, job_id: str) -> dict[str, Any]:
    document = await job_document(ctx.built, key, job_id)
    if document is None:  # erased since: the idempotent answer can no longer be given
        raise ApiError(404, ErrorCode.NOT_FOUND, "no such job")
    return document
