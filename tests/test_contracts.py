"""The same contract suite runs against each fake and the real adapter it stands in for."""

from __future__ import annotations

import asyncio
import math
from pathlib import Path

import pytest

from resume_worker.adapters.file_blob_store import FileBlobStore
from resume_worker.adapters.local_embedder import LocalEmbedder
from resume_worker.errors import ErrorCode, WorkerError
from tests.fakes import FakeEmbedder, MemoryBlobStore


@pytest.fixture(params=["fake", "local"])
def embedder(request: pytest.FixtureRequest) -> FakeEmbedder | LocalEmbedder:
    return FakeEmbedder() if request.param == "fake" else LocalEmbedder()


@pytest.fixture(params=["memory", "file"])
def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> MemoryBlobStore | FileBlobStore:
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


def test_blob_store_round_trip_and_delete(blobs: MemoryBlobStore | FileBlobStore) -> None:
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


def test_file_blob_store_refuses_path_traversal(tmp_path: Path) -> None:
    """Keys cannot escape the blob folder."""
    store = FileBlobStore(tmp_path / "blobs")
    with pytest.raises(WorkerError):
        asyncio.run(store.put("../outside", b"x"))
    assert not (tmp_path / "outside").exists()
