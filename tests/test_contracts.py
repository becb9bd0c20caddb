"""The same contract suite runs against each fake and the real adapter it stands in for."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resume_worker.adapters.local.embedder import LocalEmbedder
from resume_worker.adapters.openai.embedder import EmbeddingEndpoint, OpenAIEmbedder
from resume_worker.adapters.storage.file_store import FileBlobStore
from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.ports.blobs import BlobStore
from tests.fakes import FakeEmbedder, MemoryBlobStore
from tests.openai_server import OpenAIServer
from tests.s3_server import S3Server

Embedder = FakeEmbedder | LocalEmbedder | OpenAIEmbedder


@pytest.fixture(params=["fake", "local", "openai"])
def make_embedder(request: pytest.FixtureRequest) -> Callable[[], Embedder]:
    """Builds the embedder inside the test's event loop (the openai client belongs to one)."""
    if request.param == "fake":
        return FakeEmbedder
    if request.param == "local":
        return LocalEmbedder
    server: OpenAIServer = request.getfixturevalue("openai_server")
    server.embedding_dim = 16
    endpoint = EmbeddingEndpoint(base_url=server.base_url, model="e", dim=16, max_input_tokens=512)
    return lambda: OpenAIEmbedder(endpoint)


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


def in_loop(make: Callable[[], Embedder], body: Callable[[Embedder], Awaitable[None]]) -> None:
    async def scenario() -> None:
        embedder = make()
        try:
            await body(embedder)
        finally:
            if isinstance(embedder, OpenAIEmbedder):
                await embedder.aclose()

    asyncio.run(scenario())


def test_embedder_returns_unit_vectors_of_its_dimension(
    make_embedder: Callable[[], Embedder],
) -> None:
    """Passages and queries come back as unit-length vectors of `dim` floats, one per input;
    an empty batch is an empty answer."""

    async def body(embedder: Embedder) -> None:
        vectors = await embedder.embed_passages(["백엔드 개발자 Kafka", "designer"])
        query = await embedder.embed_query("backend")
        assert [len(v) for v in vectors] == [embedder.dim, embedder.dim]
        assert len(query) == embedder.dim > 0
        for vector in [*vectors, query]:
            assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-3)
        assert await embedder.embed_passages([]) == []

    in_loop(make_embedder, body)


def test_embedder_is_deterministic(make_embedder: Callable[[], Embedder]) -> None:
    """The same text embeds to the same vector, alone or inside a batch."""

    async def body(embedder: Embedder) -> None:
        first = (await embedder.embed_passages(["Python Kafka"]))[0]
        second = (await embedder.embed_passages(["other", "Python Kafka"]))[1]
        assert first == pytest.approx(second, abs=1e-5)

    in_loop(make_embedder, body)


WORDS = st.sampled_from(["Kafka", "백엔드", "개발자입니다.", "data", "pipelines,", "\n", "2019.03"])


@settings(max_examples=30, deadline=None)
@given(parts=st.lists(st.lists(WORDS, min_size=1, max_size=30).map(" ".join), max_size=6))
def test_token_counts_are_what_the_chunker_assumes(parts: list[str]) -> None:
    """Each embedder's count grows with the text and starts far below max_tokens, and for
    ordinary text a join of pieces counts no more than the chunker's summed estimate (the
    pieces' counts less the per-input overhead, count("") - 1, for every piece after the first).
    Exotic spaces (U+3000, NBSP) can add a token locally; the chunker counts every window of
    several pieces whole, so that only costs a re-pack."""
    remote = OpenAIEmbedder(EmbeddingEndpoint(base_url="http://127.0.0.1:9/v1", model="e", dim=4))
    for embedder in (FakeEmbedder(), LocalEmbedder(), remote):
        count = embedder.count_tokens
        assert 0 <= count("") <= count("word") < count("word " * 50) < embedder.max_tokens
        base = count("") - 1
        estimate = base + sum(count(p) - base for p in parts)
        assert count(" ".join(parts)) <= max(estimate, count(""))
    asyncio.run(remote.aclose())


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
