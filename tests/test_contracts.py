"""The same contract suite runs against each fake and the real adapter it stands in for."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from resume_worker.adapters.file_blob_store import FileBlobStore
from resume_worker.adapters.local_embedder import LocalEmbedder
from resume_worker.errors import ErrorCode, WorkerError
from resume_worker.ports import BlobStore
from tests.fakes import FakeEmbedder, MemoryBlobStore
from tests.s3_server import S3Server


@pytest.fixture(params=["fake", "local"])
def embedder(request: pytest.FixtureRequest) -> FakeEmbedder | LocalEmbedder:
    return FakeEmbedder() if request.param == "fake" else LocalEmbedder()


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


def test_embedder_returns_unit_vectors_of_its_dimension(
    embedder: FakeEmbedder | LocalEmbedder,
) -> None:
    """Passages and queries come back as unit-length vectors of `dim` floats, one per input."""
    vectors = asyncio.run(embedder.embed_passages(["백엔드 개발자 Kafka", "designer"]))
    query = asyncio.run(embedder.embed_query("backend"))
    assert [len(v) for v in vectors] == [embedder.dim, embedder.dim]
    assert len(query) == embedder.dim
    for vector in [*vectors, query]:
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-3)


def test_embedder_is_deterministic_and_counts_tokens(
    embedder: FakeEmbedder | LocalEmbedder,
) -> None:
    """The same text embeds to the same vector; longer text counts more tokens."""
    first = asyncio.run(embedder.embed_passages(["Python Kafka"]))[0]
    second = asyncio.run(embedder.embed_passages(["Python Kafka"]))[0]
    assert first == pytest.approx(second, abs=1e-6)
    assert embedder.count_tokens("word " * 50) > embedder.count_tokens("word") > 0
    assert asyncio.run(embedder.embed_passages([])) == []


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
