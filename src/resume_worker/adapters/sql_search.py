"""SearchIndex on SQLite without loadable extensions: exact cosine search over an in-memory
NumPy matrix per tenant and model, and FTS5 over Korean morphemes, both cached per tenant and
reloaded when the tenant's generation (bumped by triggers) moves.

Exact brute force is the design choice here: at 100,000 chunks of 384 dimensions one
matrix-vector product is about 150 MB of memory traffic (milliseconds), it never misses a
neighbour, and a tenant's filters apply before the top k is taken, so a small tenant or a narrow
filter still gets all of its matches.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Sequence
from typing import TypeVar

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resume_worker.adapters import sql_schema as t
from resume_worker.adapters.search_terms import hangul_share, query_terms
from resume_worker.adapters.sql_chunk_vectors import SqlChunkVectors
from resume_worker.adapters.sql_search_keywords import index_missing, matching_rows
from resume_worker.adapters.sql_search_snapshot import Catalogue, generation, load_catalogue
from resume_worker.adapters.sql_search_vectors import VectorBlock, load_vectors
from resume_worker.ports import CandidateMatch, ChunkMatch, SearchFilters

# Tables migration 0004 creates on SQLite outside the declared schema (sql_schema.metadata): the
# per-tenant generations and the FTS5 table with its shadow tables.
SEARCH_TABLES = frozenset(
    {"search_generations", "chunk_terms"}
    | {f"chunk_terms_{part}" for part in ("data", "idx", "content", "docsize", "config")}
)
# Tenants whose snapshots stay in memory (a 100k-chunk tenant at 384 dimensions is ~150 MB).
CACHED_TENANTS = 8
CHUNKS_PER_CANDIDATE = 3
K = TypeVar("K")
V = TypeVar("V")


class SqliteSearchIndex(SqlChunkVectors):
    """The embedded runtime's SearchIndex (and ChunkVectors, for `reembed`)."""

    def __init__(self, engine: AsyncEngine, writer: AsyncEngine) -> None:
        super().__init__(engine, writer)
        self._catalogues: OrderedDict[str, Catalogue] = OrderedDict()
        self._vectors: OrderedDict[tuple[str, str, int], VectorBlock] = OrderedDict()
        self._indexed: dict[str, int] = {}
        self._loading = asyncio.Lock()

    async def vector_matches(
        self,
        filters: SearchFilters,
        vector: Sequence[float],
        *,
        text: str,
        model: str,
        limit: int,
    ) -> list[CandidateMatch]:
        raw = np.asarray(vector, dtype=np.float32)
        catalogue, block = await self._vector_state(filters.tenant_id, model, len(raw))
        query = block.centred(raw, hangul_share(text))
        allowed = catalogue.allowed(filters)
        found = await asyncio.to_thread(block.best, query, allowed, limit, CHUNKS_PER_CANDIDATE)
        return [
            CandidateMatch(catalogue.summaries[position], score, chunks)
            for position, score, chunks in found
        ]

    async def keyword_matches(
        self, filters: SearchFilters, text: str, *, limit: int
    ) -> list[CandidateMatch]:
        terms = await asyncio.to_thread(query_terms, text)
        if not terms or limit <= 0:
            return []
        catalogue = await self._keyword_state(filters.tenant_id)
        allowed = catalogue.allowed(filters)
        best: dict[int, list[ChunkMatch]] = {}
        async with self._engine.connect() as conn:
            async for row in matching_rows(conn, filters.tenant_id, terms):
                position = catalogue.position.get(row.record_id)
                if position is None or not allowed[position]:
                    continue
                if position not in best and len(best) == limit:
                    break
                chunks = best.setdefault(position, [])
                if len(chunks) < CHUNKS_PER_CANDIDATE:
                    chunks.append(ChunkMatch(row.chunk_id, row.kind, row.score))
        return [
            CandidateMatch(catalogue.summaries[p], chunks[0].score, tuple(chunks))
            for p, chunks in best.items()
        ]

    async def chunk_texts(self, chunk_ids: Sequence[int]) -> dict[int, str]:
        c = t.chunks.c
        async with self._engine.connect() as conn:
            rows = await conn.execute(select(c.id, c.text).where(c.id.in_(list(chunk_ids))))
            return {int(row.id): str(row.text) for row in rows}

    async def refresh(self, tenant_id: str | None) -> int:
        return await index_missing(self._engine, self._writer, tenant_id)

    async def _vector_state(
        self, tenant_id: str, model: str, dim: int
    ) -> tuple[Catalogue, VectorBlock]:
        async with self._loading:
            await self._index_new_chunks(tenant_id)
            async with self._engine.connect() as conn:
                catalogue = await self._catalogue(conn, tenant_id)
                key = (tenant_id, model, dim)
                block = self._vectors.get(key)
                if block is None or block.generation != catalogue.generation:
                    block = await load_vectors(conn, catalogue, tenant_id, model, dim)
            _remember(self._vectors, key, block)
            return catalogue, block

    async def _keyword_state(self, tenant_id: str) -> Catalogue:
        async with self._loading:
            await self._index_new_chunks(tenant_id)
            async with self._engine.connect() as conn:
                return await self._catalogue(conn, tenant_id)

    async def _index_new_chunks(self, tenant_id: str) -> None:
        """Index (morphemes, Hangul share) the tenant's chunks added since the generation this
        process last indexed at; a no-op while the generation stands still."""
        async with self._engine.connect() as conn:
            at = await generation(conn, tenant_id)
        if self._indexed.get(tenant_id) != at:
            await index_missing(self._engine, self._writer, tenant_id)
            self._indexed[tenant_id] = at

    async def _catalogue(self, conn: AsyncConnection, tenant_id: str) -> Catalogue:
        """The cached catalogue if the generation has not moved, else a fresh one read in the
        same transaction as the generation, so the two agree."""
        at = await generation(conn, tenant_id)
        catalogue = self._catalogues.get(tenant_id)
        if catalogue is None or catalogue.generation != at:
            catalogue = await load_catalogue(conn, tenant_id, at)
        _remember(self._catalogues, tenant_id, catalogue)
        return catalogue


def _remember(cache: OrderedDict[K, V], key: K, value: V) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > CACHED_TENANTS:
        cache.popitem(last=False)
