"""The BlobStore contract: the same suite on the fake, the local folder and S3 on a loopback
S3-compatible server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from resume_worker.adapters.storage.file_store import FileBlobStore
from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.ports.blobs import BlobStore
from tests.fakes.blobs import MemoryBlobStore
from tests.s3_server import S3Server


@pytest.fixture(scope="module")
def s3_server() -> Iterator[S3Server]:
    with S3Server() as server:
        yield server


@pytest.fixture(params=["memory", "file", "s3"])
def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    """Each BlobStore: the fake, the local folder, and S3 on a loopback S3-compatible server."""
    if request.param == "s3":
        server: S3Server = request.getfixturevalue("s3_server")
        return server.store(request.getfixturevalue("monkeypatch"))
    return MemoryBlobStore() if request.param == "memory" else FileBlobStore(tmp_path / "blobs")


def test_blob_store_round_trip_and_delete(blobs: BlobStore) -> None:
    """What is put comes back byte for byte; after delete, get fails with STORAGE_ERROR."""

    async def scenario() -> None:
        await blobs.put("tenant/job-1", b"\x00secret\xff")
        assert await blobs.get("tenant/job-1") == b"\x00secret\xff"
        await blobs.delete("tenant/job-1")
        await blobs.delete("tenant/job-1")
        with pytest.raises(WorkerError) as caught:
            await blobs.get("tenant/job-1")
        assert caught.value.code is ErrorCode.STORAGE_ERROR
        assert not caught.value.retryable

    asyncio.run(scenario())


def test_blob_store_keeps_tenant_and_job_keys_apart(blobs: BlobStore) -> None:
    """Keys are `tenant/job` paths: same job id under two tenants, or a key that is another's
    prefix, are separate blobs; deleting one leaves the others; overwriting replaces."""
    keys = {"t1/job-1": b"one", "t2/job-1": b"two", "t1/job-1.v2": b"three", "t1/job": b"four"}

    async def scenario() -> None:
        await blobs.ping()
        for key, data in keys.items():
            await blobs.put(key, data)
        assert {key: await blobs.get(key) for key in keys} == keys
        await blobs.delete("t1/job-1")
        assert await blobs.get("t2/job-1") == b"two"
        assert await blobs.get("t1/job-1.v2") == b"three"
        await blobs.put("t2/job-1", b"")
        assert await blobs.get("t2/job-1") == b""
        with pytest.raises(WorkerError) as caught:
            await blobs.get("t9/never-stored")
        assert (caught.value.code, caught.value.retryable) == (ErrorCode.STORAGE_ERROR, False)

    asyncio.run(scenario())


def test_blob_store_holds_a_large_binary_blob(blobs: BlobStore) -> None:
    """A few megabytes of every byte value come back unchanged."""
    data = bytes(range(256)) * (3 * 4096 + 7)

    async def scenario() -> None:
        await blobs.put("t1/big", data)
        assert await blobs.get("t1/big") == data

    asyncio.run(scenario())


def test_file_blob_store_refuses_path_traversal(tmp_path: Path) -> None:
    """Keys cannot escape the blob folder."""
    store = FileBlobStore(tmp_path / "blobs")
    with pytest.raises(WorkerError):
        asyncio.run(store.put("../outside", b"x"))
    assert not (tmp_path / "outside").exists()
