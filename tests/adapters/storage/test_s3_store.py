"""The S3 blob store against real S3-compatible servers on loopback: moto's server for the
protocol, and a scripted HTTP server for throttling, 5xx and timeouts (adapter retries)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from resume_worker.adapters.storage.s3_store import S3BlobStore, S3Location, open_s3_client
from resume_worker.composition.storage import storage_problems
from resume_worker.core.errors import ErrorCode, PermanentError, RetryableError, WorkerError
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.pipeline import Services
from resume_worker.privacy.crypto import blob_aad
from resume_worker.settings import Settings
from tests.e2e import SAMPLES, run_with
from tests.s3_server import AWS_ENV, S3Server
from tests.scripted_http import ScriptedServer, hang, respond

SLOW_DOWN = (
    b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
)
INTERNAL = (
    b"<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>"
)
DENIED = b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"


@pytest.fixture(scope="module")
def s3_server() -> Iterator[S3Server]:
    with S3Server() as server:
        yield server


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedServer]:
    """A loopback endpoint answering S3 requests from a script (default: 200 with an ETag)."""
    for name, value in AWS_ENV.items():
        monkeypatch.setenv(name, value)
    with ScriptedServer(default=respond(200, b"stored", {"ETag": '"e"'})) as server:
        yield server


def flaky_store(server: ScriptedServer, *, retries: int, timeout: float = 5) -> S3BlobStore:
    client = open_s3_client(endpoint_url=server.url(""), timeout=timeout)
    return S3BlobStore(client, S3Location("bucket", "p"), retries=retries)


def test_location_parses_bucket_and_prefix() -> None:
    """s3://bucket/a/b/ -> bucket and prefix a/b; other schemes and a missing bucket refused."""
    assert S3Location.parse("s3://bucket/a/b/") == S3Location("bucket", "a/b")
    assert S3Location.parse("s3://bucket") == S3Location("bucket", "")
    for bad in ("file:///tmp/x", "s3:///prefix", "bucket/prefix"):
        with pytest.raises(ValueError):
            S3Location.parse(bad)


def test_objects_land_under_the_prefix(
    s3_server: S3Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blob key `tenant/job` becomes the object `prefix/tenant/job`, holding the exact bytes."""
    store = s3_server.store(monkeypatch, prefix="deep/prefix")
    asyncio.run(store.put("t1/job-1", b"\x00cipher\xff"))
    admin = s3_server.admin()
    listed = admin.list_objects_v2(Bucket=store.location.bucket)["Contents"]
    assert [item["Key"] for item in listed] == ["deep/prefix/t1/job-1"]
    body = admin.get_object(Bucket=store.location.bucket, Key="deep/prefix/t1/job-1")["Body"]
    assert body.read() == b"\x00cipher\xff"


def test_unsafe_keys_are_refused_before_any_request(flaky: ScriptedServer) -> None:
    """The file store's key rules hold here too: no `..`, no absolute or odd characters."""
    store = flaky_store(flaky, retries=0)
    for key in ("../other", "/abs", "t1/a b", "t1//x", "t1/../t2/x"):
        with pytest.raises(PermanentError):
            asyncio.run(store.put(key, b"x"))
    assert flaky.requests == []


def test_missing_bucket_is_permanent_and_ping_reports_it(
    s3_server: S3Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No such bucket: ping and put fail at once with a permanent STORAGE_ERROR (no retries)."""
    store = s3_server.store(monkeypatch)
    asyncio.run(store.ping())
    gone = S3BlobStore(store.client, S3Location("no-such-bucket-here", ""), retries=3)
    for call in (gone.ping(), gone.put("t1/x", b"x")):
        with pytest.raises(PermanentError) as caught:
            asyncio.run(call)
        assert caught.value.code is ErrorCode.STORAGE_ERROR
        assert caught.value.details["status"] == 404


def test_throttling_and_5xx_are_retried_then_succeed(flaky: ScriptedServer) -> None:
    """503 SlowDown and 500 InternalError are retried by the adapter (SDK retries are off, so
    the server sees exactly our attempts); the third attempt's answer is returned."""
    flaky.script(
        respond(503, SLOW_DOWN, {"Content-Type": "application/xml"}),
        respond(500, INTERNAL, {"Content-Type": "application/xml"}),
    )
    store = flaky_store(flaky, retries=2)
    assert asyncio.run(store.get("t1/job")) == b"stored"
    assert [r.path for r in flaky.requests] == ["/bucket/p/t1/job"] * 3


def test_retries_are_bounded_by_the_setting(flaky: ScriptedServer) -> None:
    """With retries=1 two 503s end in a RetryableError(STORAGE_ERROR) after two requests."""
    flaky.script(*[respond(503, SLOW_DOWN, {"Content-Type": "application/xml"})] * 3)
    store = flaky_store(flaky, retries=1)
    with pytest.raises(RetryableError) as caught:
        asyncio.run(store.put("t1/job", b"x"))
    assert caught.value.code is ErrorCode.STORAGE_ERROR
    assert len(flaky.requests) == 2


def test_retry_after_under_the_cap_is_waited_for(flaky: ScriptedServer) -> None:
    """503 SlowDown with Retry-After: 2 is retried no sooner than 2 s later (the jitter alone
    would wait at most 0.2 s), and the warning before the retry says so."""
    slow_down = {"Content-Type": "application/xml", "Retry-After": "2"}
    flaky.script(respond(503, SLOW_DOWN, slow_down))
    store = flaky_store(flaky, retries=1)
    with capture_logs() as logs:
        assert asyncio.run(store.get("t1/job")) == b"stored"
    first, second = flaky.requests
    assert second.at - first.at >= 2.0
    assert [(e["event"], e["code"], e["attempt"], e["wait_s"]) for e in logs] == [
        ("storage call failed, retrying", "STORAGE_ERROR", 1, 2.0)
    ]


def test_retry_after_over_the_cap_gives_up_at_once(flaky: ScriptedServer) -> None:
    """A server asking for longer than the cap (5 s) is not waited for by the adapter: one
    request, then a RetryableError that carries the wait it asked for."""
    slow_down = {"Content-Type": "application/xml", "Retry-After": "60"}
    flaky.script(respond(503, SLOW_DOWN, slow_down))
    store = flaky_store(flaky, retries=3)
    with pytest.raises(RetryableError) as caught:
        asyncio.run(store.put("t1/job", b"x"))
    assert caught.value.details["retry_after_s"] == 60.0
    assert len(flaky.requests) == 1


def test_a_rejected_request_is_not_retried(flaky: ScriptedServer) -> None:
    """403 AccessDenied is permanent: one request only."""
    flaky.script(respond(403, DENIED, {"Content-Type": "application/xml"}))
    store = flaky_store(flaky, retries=3)
    with pytest.raises(PermanentError) as caught:
        asyncio.run(store.get("t1/job"))
    assert caught.value.details["status"] == 403
    assert len(flaky.requests) == 1


def test_a_hanging_server_times_out_at_the_setting(flaky: ScriptedServer) -> None:
    """storage.timeout bounds each attempt: a server that never answers costs about
    (retries + 1) x timeout, then a retryable STORAGE_ERROR."""
    flaky.script(hang(3), hang(3))
    store = flaky_store(flaky, retries=1, timeout=0.5)
    with pytest.raises(WorkerError) as caught:
        asyncio.run(store.get("t1/job"))
    assert caught.value.retryable and caught.value.code is ErrorCode.STORAGE_ERROR
    assert "timed out" in caught.value.message
    assert len(flaky.requests) == 2


def test_services_keep_encrypted_originals_in_s3(
    s3_server: S3Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """storage.url=s3://bucket/prefix with storage.endpoint_url: a processed job's original is an
    object under the prefix holding keyring ciphertext (no plaintext), bound to tenant and job;
    with retain_originals=false it is deleted once the job ends."""
    bucket = s3_server.store(monkeypatch).location.bucket  # sets the AWS variables too
    data = (SAMPLES / "en-plain.txt").read_bytes()
    storage = {"url": f"s3://{bucket}/originals", "endpoint_url": s3_server.endpoint}

    async def body(services: Services) -> tuple[str, bytes, str]:
        assert isinstance(services.blobs, S3BlobStore)
        job = await accept_job(services, data, file_name="cv.txt", tenant_id="t1")
        stored = s3_server.admin().get_object(Bucket=bucket, Key=f"originals/{job.blob_key}")
        sealed = stored["Body"].read()
        assert services.keyring.decrypt(sealed, blob_aad(job.tenant_id, job.id)) == data
        outcome = await run_job(job.id, services)
        return job.blob_key, sealed, outcome.status.value

    key, sealed, status = run_with(tmp_path, body, storage=storage)
    assert status == "completed" and key.startswith("t1/")
    assert b"MORGAN CASTILLO" not in sealed and b"morgan.castillo" not in sealed

    storage["retain_originals"] = False
    _, _, status = run_with(tmp_path, body, storage=storage)
    listed = s3_server.admin().list_objects_v2(Bucket=bucket, Prefix="originals/")["Contents"]
    assert status == "completed" and [item["Key"] for item in listed] == [f"originals/{key}"]


def test_storage_settings_are_checked() -> None:
    """s3:// needs a bucket; endpoint_url only goes with s3://; other schemes are refused."""
    assert storage_problems(Settings(storage={"url": "s3://b/p", "endpoint_url": "http://x"})) == []
    assert storage_problems(Settings(storage={"url": "s3:///p"}))
    assert storage_problems(Settings(storage={"url": "gs://b/p"}))
    assert storage_problems(Settings(storage={"endpoint_url": "http://x"}))
    assert storage_problems(Settings()) == []
