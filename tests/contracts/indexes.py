"""What the SearchIndex and ChunkVectors contract suites run on: each backend's repository with
the search index (or the plain ChunkVectors) over the same database, and candidates stored
through its CandidateStore with chosen chunk texts, vectors and models, so rankings are known."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from resume_worker.adapters.sql.chunk_vectors import SqlChunkVectors
from resume_worker.composition.database import database_url, open_repository
from resume_worker.composition.search import open_search_index
from resume_worker.core.models import (
    CandidateProfile,
    Career,
    Chunk,
    Chunks,
    EmbeddedChunk,
    StoredCandidate,
)
from resume_worker.core.ports.search import (
    CandidateMatch,
    ChunkVectors,
    SearchFilters,
    SearchIndex,
)
from tests.contracts.backends import Backend, Ports
from tests.contracts.records import Person, accept, completed, new_id, protect
from tests.fakes.database import MemoryDatabase
from tests.fakes.repository import MemoryRepository
from tests.fakes.search import MemoryChunkVectors, MemorySearchIndex

MODEL, DIM = "test-model", 8
Vector = tuple[float, ...]
Adapter = Literal["index", "base"]


class Index(SearchIndex, ChunkVectors, Protocol):
    """Both SQL search indexes are also the ChunkVectors of `reembed`."""


@asynccontextmanager
async def opened(backend: Backend) -> AsyncIterator[tuple[Ports, Index]]:
    """The backend's repository and the search index over the same database."""
    if backend.settings is None:
        db = MemoryDatabase()
        yield MemoryRepository(db), MemorySearchIndex(db)
        return
    async with open_repository(backend.settings) as repo:
        index = open_search_index(database_url(backend.settings), repo.engine, repo.writer)
        try:
            yield repo, index
        finally:
            index.close()


@asynccontextmanager
async def vectors_of(
    backend: Backend, adapter: Adapter
) -> AsyncIterator[tuple[Ports, ChunkVectors]]:
    """The backend's repository and its ChunkVectors: the search index, or the plain one."""
    if adapter == "index":
        async with opened(backend) as (ports, index):
            yield ports, index
    elif backend.settings is None:
        db = MemoryDatabase()
        yield MemoryRepository(db), MemoryChunkVectors(db)
    else:
        async with open_repository(backend.settings) as repo:
            yield repo, SqlChunkVectors(repo.engine, repo.writer)


def axis(i: int, dim: int = DIM, *, also: int | None = None) -> Vector:
    """The unit vector along axis `i` (or halfway between `i` and `also`)."""
    weight = 1.0 if also is None else 0.5**0.5
    return tuple(weight if j in (i, also) else 0.0 for j in range(dim))


@dataclass(frozen=True)
class Piece:
    """A chunk to store: its text, its vector (None: embedding failed) and the model."""

    text: str
    vector: Vector | None = None
    model: str = MODEL


async def add(
    ports: Ports,
    *pieces: Piece,
    tenant: str = "t1",
    person: Person | None = None,
    months: int | None = 48,
    skills: Sequence[str] = ("Python",),
) -> StoredCandidate:
    """A job of `tenant` stored as a version of `person` (by default someone new)."""
    job = await accept(ports, tenant)
    career = Career(company="Acme", position="Engineer", start="2020-01")
    public = CandidateProfile(careers=[career], skills=list(skills), total_experience_months=months)
    protected = replace(protect(person or Person(new_id(), f"{new_id()}@x.kr")), public=public)
    items = tuple(
        EmbeddedChunk(
            Chunk(protected.record_id, "career", order, p.text, 0, len(p.text)),
            p.vector,
            p.model,
            len(p.vector) if p.vector else DIM,
        )
        for order, p in enumerate(pieces)
    )
    return await ports.store_candidate(job, protected, Chunks(items), completed(job, len(items)))


async def both(
    index: SearchIndex, filters: SearchFilters, text: str, vector: Vector, limit: int = 10
) -> tuple[list[CandidateMatch], list[CandidateMatch]]:
    """The vector and the keyword matches of one query (`vector` is its embedding)."""
    return (
        await index.vector_matches(filters, vector, text=text, model=MODEL, limit=limit),
        await index.keyword_matches(filters, text, limit=limit),
    )


def ids(matches: list[CandidateMatch]) -> list[str]:
    return [match.summary.candidate_id for match in matches]


def chunks_of(matches: list[CandidateMatch]) -> list[tuple[str, list[int]]]:
    """Each match's version and chunk ids, in order."""
    return [(m.summary.record_id, [c.chunk_id for c in m.chunks]) for m in matches]
