"""The ChunkVectors contract (what `reembed` reads and writes): the same suite on the fake, on
both search indexes and on SqlChunkVectors over SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.ports.search import ChunkVectors
from tests.contracts.backends import BACKENDS, Backend, open_backend
from tests.contracts.indexes import DIM, MODEL, Adapter, Piece, add, axis, vectors_of
from tests.contracts.records import new_id

# Each search index ("index") and the plain ChunkVectors ("base": the fake, SqlChunkVectors).
VECTOR_CASES = pytest.mark.parametrize(
    ("backend", "adapter"),
    [(db, "index") for db in BACKENDS if db != "fake"] + [(db, "base") for db in BACKENDS],
    indirect=["backend"],
)


@pytest.fixture
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The backend VECTOR_CASES names, on an empty database."""
    return open_backend(request, tmp_path)


async def stale_texts(
    vectors: ChunkVectors,
    *,
    model: str = MODEL,
    dim: int = DIM,
    every: bool = False,
    tenant_id: str | None = None,
) -> list[str]:
    found = await vectors.stale_chunks(
        model=model, dim=dim, every=every, tenant_id=tenant_id, after=0, limit=100
    )
    assert [c.chunk_id for c in found] == sorted({c.chunk_id for c in found})
    return [chunk.text for chunk in found]


@VECTOR_CASES
def test_stale_chunks_lack_a_vector_of_the_model_and_dimension(
    backend: Backend, adapter: Adapter
) -> None:
    """Stale chunks, by id: those without a vector, or with one of another model or dimension
    (`every`: all of them); of one tenant, or of all."""

    async def scenario() -> None:
        async with vectors_of(backend, adapter) as (ports, vectors):
            old, short = Piece("old", axis(0), "old-model"), Piece("short", axis(0, 4))
            await add(ports, Piece("none"), old, short, Piece("current", axis(1)))
            await add(ports, Piece("elsewhere"), tenant="t2")
            assert await stale_texts(vectors) == ["none", "old", "short", "elsewhere"]
            assert await stale_texts(vectors, tenant_id="t1") == ["none", "old", "short"]
            assert await stale_texts(vectors, model="old-model") == [
                "none", "short", "current", "elsewhere"
            ]  # fmt: skip
            assert await stale_texts(vectors, dim=4, tenant_id="t1") == ["none", "old", "current"]
            assert await stale_texts(vectors, every=True, tenant_id="t1") == [
                "none", "old", "short", "current"
            ]  # fmt: skip
            assert await stale_texts(vectors, tenant_id="t9") == []

    asyncio.run(scenario())


@VECTOR_CASES
def test_stale_chunks_page_by_id(backend: Backend, adapter: Adapter) -> None:
    """Pages of `limit` chunks read from the id after the last one cover every stale chunk
    once, in id order."""

    async def scenario() -> None:
        async with vectors_of(backend, adapter) as (ports, vectors):
            for i in range(5):
                await add(ports, Piece(f"chunk {i}"))
            pages, after = [], 0
            for _ in range(5):  # a cursor that does not move fails the test, not hangs it
                page = await vectors.stale_chunks(
                    model=MODEL, dim=DIM, every=False, tenant_id=None, after=after, limit=2
                )
                if not page:
                    break
                pages.append([chunk.text for chunk in page])
                after = page[-1].chunk_id
            assert pages == [["chunk 0", "chunk 1"], ["chunk 2", "chunk 3"], ["chunk 4"]]

    asyncio.run(scenario())


@VECTOR_CASES
def test_stored_vectors_make_their_chunks_current(backend: Backend, adapter: Adapter) -> None:
    """store_vectors counts the chunks that still exist and took their vector; they are stale
    only for another model or dimension, and an erased chunk takes none."""

    async def scenario() -> None:
        async with vectors_of(backend, adapter) as (ports, vectors):
            stored = await add(ports, Piece("none"), Piece("old", axis(0), "old-model"))
            stale = await vectors.stale_chunks(
                model=MODEL, dim=DIM, every=False, tenant_id=None, after=0, limit=10
            )
            first, second = (chunk.chunk_id for chunk in stale)
            new = {first: axis(1), second: axis(2), second + 1000: axis(3)}
            assert await vectors.store_vectors(new, model=MODEL, dim=DIM) == 2
            assert await stale_texts(vectors) == []
            assert await stale_texts(vectors, every=True) == ["none", "old"]
            assert await vectors.store_vectors({first: axis(1, 4)}, model=MODEL, dim=4) == 1
            assert await stale_texts(vectors) == ["none"]
            assert await stale_texts(vectors, dim=4) == ["old"]
            await ports.erase_candidate(stored.candidate_id, new_id())
            assert await vectors.store_vectors({first: axis(1)}, model=MODEL, dim=DIM) == 0

    asyncio.run(scenario())


@VECTOR_CASES
def test_a_vector_of_another_dimension_stores_nothing(backend: Backend, adapter: Adapter) -> None:
    """A batch holding one vector of the wrong dimension is refused whole, as a permanent
    VALIDATION_ERROR."""

    async def scenario() -> None:
        async with vectors_of(backend, adapter) as (ports, vectors):
            await add(ports, Piece("first"), Piece("second"))
            stale = await vectors.stale_chunks(
                model=MODEL, dim=DIM, every=False, tenant_id=None, after=0, limit=10
            )
            new = {stale[0].chunk_id: axis(0), stale[1].chunk_id: axis(0, 4)}
            with pytest.raises(PermanentError) as caught:
                await vectors.store_vectors(new, model=MODEL, dim=DIM)
            assert caught.value.code is ErrorCode.VALIDATION_ERROR
            assert await stale_texts(vectors) == ["first", "second"]

    asyncio.run(scenario())
