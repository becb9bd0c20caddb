"""POST /v1/resumes: uploads and storage keys become queued jobs handed to the queue once;
Idempotency-Key replays, conflicts and mismatches; the size limit holds while the body streams."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from resume_worker.api.errors import ApiError
from resume_worker.api.resumes import fingerprint
from resume_worker.api.webhook_urls import checked_webhook_url
from tests.api.harness import Api, bearer, running_api
from tests.stored_data import EN_PLAIN, OTHER_PERSON, Store

LIMIT_MB = 0.25
LIMIT = int(LIMIT_MB * 1024 * 1024)


def scenario(store: Store, body: Callable[[Api], Awaitable[None]]) -> None:
    async def run() -> None:
        overrides = {**store.overrides(), "limits": {"max_file_mb": LIMIT_MB}}
        async with running_api(store.data, **overrides) as api:
            await body(api)

    asyncio.run(run())


async def upload(
    api: Api, token: str, data: bytes = EN_PLAIN, key: str | None = None, **fields: str
) -> tuple[int, dict[str, object], dict[str, str]]:
    headers = bearer(token) | ({"Idempotency-Key": key} if key else {})
    sent = await api.client.post(
        "/v1/resumes", headers=headers, files={"file": ("cv.txt", data)}, data=fields
    )
    return sent.status_code, sent.json(), dict(sent.headers)


def test_upload_becomes_a_queued_job_enqueued_once(tmp_path: Path) -> None:
    """202 with the job document (status queued), a Location, the job id on the queue, the file
    stored encrypted, and the webhook URL kept for the job."""

    async def body(api: Api) -> None:
        token = await api.key()
        status, job, headers = await upload(api, token, webhook_url="https://hooks.example/x")
        assert status == 202 and job["status"] == "queued" and job["candidate"] is None
        assert headers["location"] == f"/v1/jobs/{job['job_id']}"
        assert api.queue is not None and api.queue.enqueued == [(job["job_id"], 0)]
        stored = await api.ctx.built.services.blobs.get(f"t1/{job['job_id']}")
        assert EN_PLAIN[:40] not in stored
        webhook = await api.ctx.built.submissions.webhook_url(str(job["job_id"]))
        assert webhook == "https://hooks.example/x"

    scenario(Store(tmp_path / "data"), body)


def test_idempotency_key(store: Store) -> None:
    """The same key and body replay the first job (not enqueued again); another body with the
    key is 422; the same key of another tenant is its own job; a key whose first request is
    still in flight is 409."""

    async def body(api: Api) -> None:
        token, other = await api.key("t1"), await api.key("t2")
        status, first, _ = await upload(api, token, key="abc-1")
        assert status == 202
        status, again, headers = await upload(api, token, key="abc-1")
        assert (status, again["job_id"], headers["idempotent-replayed"]) == (
            202,
            first["job_id"],
            "true",
        )
        status, changed, _ = await upload(api, token, OTHER_PERSON, key="abc-1")
        assert status == 422 and changed["error"]["code"] == "IDEMPOTENCY_MISMATCH"
        status, _, _ = await upload(api, token, key="abc-1", webhook_url="https://a.example")
        assert status == 422, "the webhook URL is part of the request"
        status, theirs, _ = await upload(api, other, key="abc-1")
        assert status == 202 and theirs["job_id"] != first["job_id"]
        in_flight = fingerprint("cv.txt", None, EN_PLAIN)
        await api.ctx.built.submissions.claim("t1", "busy", in_flight, None)
        status, busy, _ = await upload(api, token, key="busy")
        assert status == 409 and busy["error"]["code"] == "IDEMPOTENCY_CONFLICT"
        assert api.queue is not None
        assert [job_id for job_id, _ in api.queue.enqueued] == [first["job_id"], theirs["job_id"]]

    scenario(store, body)


def test_the_size_limit_holds_while_the_body_streams(tmp_path: Path) -> None:
    """A chunked body (no Content-Length) past limits.max_file_mb is refused with 413 after
    about the limit has been read, not the whole body; a declared Content-Length past it is
    refused before any of the body is read; no job is created either way."""
    chunk = 64 * 1024
    total_chunks = 200  # 12.5 MB offered, the limit is 0.25 MB
    pulled: list[int] = []

    async def oversized() -> AsyncIterator[bytes]:
        boundary_head = (
            b'--b0undary\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n"
        )
        yield boundary_head
        for _ in range(total_chunks):
            pulled.append(chunk)
            yield b"x" * chunk
        yield b"\r\n--b0undary--\r\n"

    async def body(api: Api) -> None:
        token = await api.key()
        headers = bearer(token) | {"Content-Type": "multipart/form-data; boundary=b0undary"}
        refused = await api.client.post("/v1/resumes", headers=headers, content=oversized())
        assert refused.status_code == 413, refused.text
        assert refused.json()["error"] == {
            "code": "FILE_TOO_LARGE",
            "message": f"the file is larger than {LIMIT_MB:g} MB",
        }
        assert sum(pulled) <= LIMIT + 2 * chunk, f"read {sum(pulled)} bytes of a refused body"
        pulled.clear()
        big = b"y" * (LIMIT + 1)
        declared = await api.client.post(
            "/v1/resumes", headers=bearer(token), files={"file": ("big.txt", big)}
        )
        assert declared.status_code == 413
        just = await api.client.post(
            "/v1/resumes", headers=bearer(token), files={"file": ("ok.txt", EN_PLAIN)}
        )
        assert just.status_code == 202
        assert api.queue is not None and len(api.queue.enqueued) == 1

    scenario(Store(tmp_path / "data"), body)


def test_storage_key(tmp_path: Path) -> None:
    """A JSON body names a plain file under uploads/<tenant>/: the job keeps an encrypted copy
    and the plain object is deleted; a replay with the Idempotency-Key still answers the job; a
    missing object is 404; another tenant's prefix cannot be reached; bad bodies are 422."""

    async def body(api: Api) -> None:
        token = await api.key()
        blobs = api.ctx.built.services.blobs
        await blobs.put("uploads/t1/inbox/a.txt", EN_PLAIN)
        await blobs.put("uploads/t2/secret.txt", EN_PLAIN)
        request = {"storage_key": "inbox/a.txt", "file_name": "a.txt"}
        headers = bearer(token) | {"Idempotency-Key": "s-1"}
        sent = await api.client.post("/v1/resumes", headers=headers, json=request)
        assert sent.status_code == 202, sent.text
        job_id = sent.json()["job_id"]
        assert EN_PLAIN[:40] not in await blobs.get(f"t1/{job_id}")
        with pytest.raises(Exception, match="storage"):
            await blobs.get("uploads/t1/inbox/a.txt")
        replay = await api.client.post("/v1/resumes", headers=headers, json=request)
        assert replay.status_code == 202 and replay.json()["job_id"] == job_id
        for key in ("inbox/a.txt", "../t2/secret.txt", "secret.txt"):
            missing = await api.client.post(
                "/v1/resumes", headers=bearer(token), json={"storage_key": key, "file_name": "x"}
            )
            assert missing.status_code in (404, 422), missing.text
        assert await blobs.get("uploads/t2/secret.txt") == EN_PLAIN
        for bad in (b"{", b'{"storage_key": "a"}', b"[]"):
            invalid = await api.client.post(
                "/v1/resumes",
                headers=bearer(token) | {"Content-Type": "application/json"},
                content=bad,
            )
            assert invalid.status_code == 422
            assert invalid.json()["error"]["code"] == "VALIDATION_ERROR"

    scenario(Store(tmp_path / "data"), body)


def test_webhook_url_shape() -> None:
    """https only in production (http too in development), a host, no credentials; the
    message never repeats the URL."""
    assert checked_webhook_url("https://hooks.example/x?a=1", True) == "https://hooks.example/x?a=1"
    assert checked_webhook_url("http://localhost:9000/h", False) == "http://localhost:9000/h"
    assert checked_webhook_url("", True) is None and checked_webhook_url(None, True) is None
    for url, production in (
        ("http://hooks.example/x", True),
        ("ftp://hooks.example/x", False),
        ("https:///x", True),
        ("https://user:secret@hooks.example/x", True),
        ("https://hooks.example:99999/x", True),
        ("not a url", False),
    ):
        with pytest.raises(ApiError) as caught:
            checked_webhook_url(url, production)
        assert caught.value.status == 422 and "secret" not in caught.value.message
