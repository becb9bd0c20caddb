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
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TypeVar

import numpy as np
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql.chunk_vectors import SqlChunkVectors
from resume_worker.adapters.sql.search_cutoff import Counts, common_limit, without_common
from resume_worker.adapters.sql.search_sqlite.keywords import (
    MAX_TERMS,
    KeywordRow,
    chunk_count,
    index_missing,
    matching_rows,
)
from resume_worker.adapters.sql.search_sqlite.reader import ThreadReader
from resume_worker.adapters.sql.search_sqlite.snapshot import (
    BoolArray,
    Catalogue,
    load_catalogue,
    state,
)
from resume_worker.adapters.sql.search_sqlite.vectors import FloatArray, VectorBlock, load_vectors
from resume_worker.core.ports.search import CandidateMatch, ChunkMatch, SearchFilters
from resume_worker.text.search_terms import hangul_share, query_terms

# Tables the search migrations create outside the declared schema (sql_schema.metadata): on
# SQLite (0004) the per-tenant generations and the FTS5 table with its shadow tables, on
# PostgreSQL (0009) the keyword and vector rows.
SEARCH_TABLES = frozenset(
    {"search_generations", "chunk_terms", "search_terms", "search_vectors"}
    | {f"chunk_terms_{part}" for part in ("data", "idx", "content", "docsize", "config")}
)
# Tenants whose snapshots stay in memory (a 100k-chunk tenant at 384 dimensions is ~150 MB).
CACHED_TENANTS = 8
CHUNKS_PER_CANDIDATE = 3
K = TypeVar("K")
V = TypeVar("V")


class SqliteSearchIndex(SqlChunkVectors):
    """The embedded runtime's SearchIndex (and ChunkVectors, for `reembed`).

    A search takes one worker-thread hop per retriever: in the thread, a plain sqlite3 read
    checks the tenant's generation and, while the cached snapshot is current, the search runs
    right there (a matrix product, or the FTS query). Only a stale snapshot takes the async path
    that indexes new chunks and reloads.
    """

    def __init__(self, engine: AsyncEngine, writer: AsyncEngine) -> None:
        super().__init__(engine, writer)
        self._reader = ThreadReader(str(engine.url.database))
        self._catalogues: OrderedDict[str, Catalogue] = OrderedDict()
        self._vectors: OrderedDict[tuple[str, str, int], VectorBlock] = OrderedDict()
        self._indexed: dict[str, int] = {}
        self._checked: dict[str, tuple[int, int]] = {}
        self._counts = Counts()
        self._loading = asyncio.Lock()

    def close(self) -> None:
        self._reader.close()

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
        key = (filters.tenant_id, model, len(raw))
        hangul = hangul_share(text)
        found = None
        for strict in (True, False):
            if not strict:
                await self._reload(filters.tenant_id, key)
            found = await asyncio.to_thread(
                self._vector_now, filters, key, raw=raw, hangul=hangul, limit=limit, strict=strict
            )
            if found is not None:
                break
        return found or []

    async def keyword_matches(
        self, filters: SearchFilters, text: str, *, limit: int
    ) -> list[CandidateMatch]:
        found = None
        for strict in (True, False):
            if not strict:
                await self._reload(filters.tenant_id, None)
            found = await asyncio.to_thread(self._keyword_now, filters, text, limit, strict)
            if found is not None:
                break
        return found or []

    async def chunk_texts(self, chunk_ids: Sequence[int]) -> dict[int, str]:
        return await asyncio.to_thread(self._reader.texts, list(chunk_ids))

    async def refresh(self, tenant_id: str | None) -> int:
        return await index_missing(self._engine, self._writer, tenant_id)

    def _vector_now(
        self,
        filters: SearchFilters,
        key: tuple[str, str, int],
        *,
        raw: FloatArray,
        hangul: float,
        limit: int,
        strict: bool,
    ) -> list[CandidateMatch] | None:
        """In a worker thread: the search on the cached snapshot, or None when it is missing or
        (if `strict`) older than the tenant's generation."""
        catalogue, block = self._catalogues.get(key[0]), self._vectors.get(key)
        if catalogue is None or block is None or block.load != catalogue.load:
            return None
        if strict and not self._current(self._reader.generation(key[0]), catalogue, block):
            return None
        query = block.centred(raw, hangul)
        found = block.best(query, catalogue.allowed(filters), limit, CHUNKS_PER_CANDIDATE)
        return [CandidateMatch(catalogue.summaries[p], score, c) for p, score, c in found]

    def _keyword_now(
        self, filters: SearchFilters, text: str, limit: int, strict: bool
    ) -> list[CandidateMatch] | None:
        terms = query_terms(text)
        catalogue = self._catalogues.get(filters.tenant_id)
        if not terms or limit <= 0:
            return []
        if catalogue is None:
            return None
        with self._reader.snapshot() as conn:
            at = self._reader.generation(filters.tenant_id)
            if strict and not self._current(at, catalogue, None):
                return None
            terms = self._matched_terms(conn, filters.tenant_id, at, terms)
            rows = matching_rows(conn, filters.tenant_id, terms) if terms else ()
            return _keyword_found(catalogue, catalogue.allowed(filters), rows, limit)

    def _matched_terms(
        self, conn: sqlite3.Connection, tenant_id: str, at: int, terms: list[str]
    ) -> list[str]:
        """The terms to match on, without the tenant's common ones (search_cutoff.py); counts
        kept for the generation `at`."""
        total = self._counts.get((tenant_id, at))
        if total is None:
            total = chunk_count(conn, tenant_id, None, -1)
            self._counts.put((tenant_id, at), total)
        limit = common_limit(total)
        if limit is None:
            return terms
        common = set()
        for term in terms[:MAX_TERMS]:
            held = self._counts.get((tenant_id, at, term))
            if held is None:
                held = self._counts.put(
                    (tenant_id, at, term), chunk_count(conn, tenant_id, term, limit + 1)
                )
            if held > limit:
                common.add(term)
        return without_common(terms, common)

    def _current(self, at: int, catalogue: Catalogue, block: VectorBlock | None) -> bool:
        fresh = catalogue.generation == at and self._indexed.get(catalogue.tenant_id) == at
        return fresh and (block is None or block.generation == at)

    async def _reload(self, tenant_id: str, key: tuple[str, str, int] | None) -> None:
        """Index the tenant's new chunks, then reload its catalogue (and the vector block of
        `key`) if the generation moved; one load at a time."""
        async with self._loading:
            at = await asyncio.to_thread(self._reader.generation, tenant_id)
            if self._indexed.get(tenant_id) != at:
                await self._index_new(tenant_id)
                self._indexed[tenant_id] = at
            catalogue, block = await asyncio.to_thread(self._load, tenant_id, key)
            _remember(self._catalogues, tenant_id, catalogue)
            if key and block is not None:
                _remember(self._vectors, key, block)

    async def _index_new(self, tenant_id: str) -> None:
        """Give the tenant's chunks their keyword rows: those after the highest chunk checked
        last time while only additions happened since (chunk ids grow in commit order, and
        every change that can leave an older chunk without its row moves `rewrites`), else
        all of them (a check of every chunk is about 80 ms at 100k)."""
        rewrites, highest = await asyncio.to_thread(self._reader.high_water, tenant_id)
        known = self._checked.get(tenant_id)
        after = known[1] if known and known[0] == rewrites else 0
        await index_missing(self._engine, self._writer, tenant_id, after=after)
        self._checked[tenant_id] = (rewrites, highest)

    def _load(
        self, tenant_id: str, key: tuple[str, str, int] | None
    ) -> tuple[Catalogue, VectorBlock | None]:
        """In a worker thread, in one read transaction: the catalogue and the vector block,
        each reused while it is of the current generation, extended with what was added since
        while nothing else changed (sql_search_snapshot.py), else read whole."""
        with self._reader.snapshot() as conn:
            at = state(conn, tenant_id)
            catalogue = self._catalogues.get(tenant_id)
            if catalogue is None or catalogue.generation != at[0]:
                catalogue = load_catalogue(conn, tenant_id, at, catalogue)
            block = self._vectors.get(key) if key else None
            if key and (block is None or block.generation != at[0]):
                block = load_vectors(conn, catalogue, key, block)
            return catalogue, block


def _keyword_found(
    catalogue: Catalogue, allowed: BoolArray, rows: Iterable[KeywordRow], limit: int
) -> list[CandidateMatch]:
    """The first `limit` allowed candidates among the rows (best first), with their chunks."""
    best: dict[int, list[ChunkMatch]] = {}
    for row in rows:
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


def _remember(cache: OrderedDict[K, V], key: K, value: V) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > CACHED_TENANTS:
        cache.popitem(last=False)
