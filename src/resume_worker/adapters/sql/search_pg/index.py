"""SearchIndex (and ChunkVectors, for `reembed`) on PostgreSQL: pgvector HNSW for the vector
side (pg_search_vectors.py) and full text over kiwipiepy terms for the keyword side, on the side
tables of migration 0009 that the chunk writers fill (pg_search_rows.py).

Both sides read the best chunks in growing windows until they hold `limit` candidates, so a
common word or a crowded neighbourhood costs a bounded sort, not a sort of every match. Keyword
matching is SQLite's rule (sql_search_keywords.py), a chunk holding half of the query's distinct
terms, written for PostgreSQL as one GIN bitmap scan for the chunks holding any of the anchor
terms (`anchor_terms`: the rarest few, enough that every match holds one) with the tenant's own
lexeme, then a count of the terms each holds. The OR of every AND-group that FTS5 is given grows
combinatorially (70 groups for 8 terms), and PostgreSQL planned it as a sequential scan that
tested every group on every row of the tenant: 17-28 ms at 10,000 chunks, with the same rows
and scores as now. ts_rank (length-normalised) orders chunks holding the same number of terms.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import numpy as np
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resume_worker.adapters.sql.chunk_vectors import SqlChunkVectors
from resume_worker.adapters.sql.search_cutoff import (
    COUNTS_TTL_S,
    Counts,
    common_limit,
    without_common,
)
from resume_worker.adapters.sql.search_pg.rows import (
    TERMS_CONFIG,
    add_missing_rows,
    ensure_vector_index,
    set_vectors,
)
from resume_worker.adapters.sql.search_pg.vectors import (
    EXACT_BELOW,
    ChunkRow,
    Fetch,
    PgVectors,
    filter_sql,
)
from resume_worker.adapters.sql.search_sqlite.keywords import (
    distinct_terms,
    tenant_token,
    terms_needed,
)
from resume_worker.adapters.sql.search_sqlite.snapshot import summary_of
from resume_worker.adapters.sql.search_sqlite.vectors import centred
from resume_worker.core.ports.search import CandidateMatch, ChunkMatch, SearchFilters
from resume_worker.text.search_terms import hangul_share, query_terms

CHUNKS_PER_CANDIDATE = 3
FIRST_WINDOW = 256
REFRESH_BATCH = 500
# The score: how many of the query's distinct terms the chunk holds, then ts_rank with
# normalisation 1 (divided by 1 + log(length): of two chunks with the same matches the shorter
# wins, as with bm25). ts_rank knows no term rarity, so counting matched terms first is what
# puts the chunk with all of "백 엔드 개발자" above one with "엔드 개발자".
RANK_NORMALISATION = 1
# `empty`: terms the configuration drops (English stop words), which count as held, as they do
# when dropped from an AND-group; the chunk must still hold one real term (`words`).
_KEYWORDS = (
    "SELECT chunk_id, record_id, kind, matched + ts_rank(terms, CAST(:token AS TSQUERY) && words,"  # noqa: S608 - constants, placeholders
    f" {RANK_NORMALISATION}) AS score FROM (SELECT chunk_id, record_id, kind, terms, words, empty,"
    " {matched} AS matched FROM search_terms,"
    f" (SELECT to_tsquery('{TERMS_CONFIG}', :match) AS words, {{empty}} AS empty,"
    f" to_tsquery('{TERMS_CONFIG}', :anchors) AS anchors) w"
    " WHERE numnode(words) > 0 AND terms @@ (CAST(:token AS TSQUERY) && anchors) AND {where}) s"
    " WHERE matched + empty >= :need ORDER BY score DESC, chunk_id LIMIT :window"
)
_SUMMARIES = text(
    "SELECT id, candidate_id, version, profile FROM candidate_versions WHERE id = ANY(:ids)"
)
_TEXTS = text("SELECT id, text FROM chunks WHERE id = ANY(:ids)")
_DIMS = text("SELECT DISTINCT dim FROM search_vectors")
_TENANT_CHUNKS = text("SELECT count(*) FROM search_terms WHERE tenant_id = :tenant")
_TERM_CHUNKS = text(
    "SELECT count(*) FROM (SELECT 1 FROM search_terms WHERE terms @@ (CAST(:token AS TSQUERY)"  # noqa: S608 - constants, placeholders
    f" && to_tsquery('{TERMS_CONFIG}', :term)) LIMIT :cap) s"
)

Grouped = list[tuple[str, list[ChunkRow]]]


class PgSearchIndex(SqlChunkVectors):
    """The distributed runtime's SearchIndex. Holds no connection of its own: `close` is there
    for the owner, which disposes of the engine."""

    def __init__(
        self, engine: AsyncEngine, writer: AsyncEngine, *, exact_below: int = EXACT_BELOW
    ) -> None:
        super().__init__(engine, writer)
        # Searches read outside a transaction: no BEGIN and ROLLBACK round trips around each
        # (each statement sees its own snapshot; a version erased between two drops out).
        self._reads = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._vectors = PgVectors(exact_below)
        self._indexed: set[int] = set()
        self._counts = Counts()

    def close(self) -> None:
        """Nothing to release (the engine is the caller's)."""

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
        if limit <= 0 or not len(raw):
            return []
        await self._index_for(len(raw))
        async with self._reads.connect() as conn:
            space = await self._vectors.space(conn, filters.tenant_id, model, len(raw))
            query = centred(raw, hangul_share(text), space.korean, space.other)
            nearest, exact = self._vectors.fetchers(conn, filters, query, space, model)
            found = await _grown(nearest, limit) if nearest else []
            if len(found) < limit:
                found = await _grown(exact, limit)
            return await _matches(conn, found)

    async def keyword_matches(
        self, filters: SearchFilters, text: str, *, limit: int
    ) -> list[CandidateMatch]:
        terms = query_terms(text)
        if not terms or limit <= 0:
            return []
        async with self._reads.connect() as conn:
            terms, counts = await self._matched_terms(conn, filters.tenant_id, terms)
            if not terms:
                return []
            fetch = _keyword_fetch(conn, filters, terms, counts)
            return await _matches(conn, await _grown(fetch, limit))

    async def chunk_texts(self, chunk_ids: Sequence[int]) -> dict[int, str]:
        if not chunk_ids:
            return {}
        async with self._reads.connect() as conn:
            rows = await conn.execute(_TEXTS, {"ids": list(chunk_ids)})
            return {int(chunk_id): str(body) for chunk_id, body in rows}

    async def refresh(self, tenant_id: str | None) -> int:
        """Add the search rows of latest chunks that have none (stored before migration 0009
        or changed since), a batch per transaction, then build any missing HNSW index. The
        term counts and vector spaces kept for a minute are dropped: a refresh follows a bulk
        change (a migration, `reembed`, a load), after which they may describe a much smaller
        tenant (one searched exactly, below EXACT_BELOW, or with no common terms)."""
        self._counts.clear()
        self._vectors.forget()
        added, after = 0, 0
        while True:
            async with self._writer.begin() as conn:
                count, last = await add_missing_rows(conn, tenant_id, after, REFRESH_BATCH)
            if not last:
                break
            added, after = added + count, last
        async with self._engine.connect() as conn:
            dims = [int(dim) for dim in (await conn.execute(_DIMS)).scalars()]
        for dim in dims:
            await self._index_for(dim)
        return added

    async def store_vectors(
        self, vectors: Mapping[int, Sequence[float]], *, model: str, dim: int
    ) -> int:
        await self._index_for(dim)
        return await super().store_vectors(vectors, model=model, dim=dim)

    async def _store_more(
        self, conn: AsyncConnection, vectors: Mapping[int, Sequence[float]], model: str, dim: int
    ) -> None:
        await set_vectors(conn, dict(vectors), model=model, dim=dim)

    async def _matched_terms(
        self, conn: AsyncConnection, tenant_id: str, terms: list[str]
    ) -> tuple[list[str], dict[str, int]]:
        """The terms to match on, without the tenant's common ones (search_cutoff.py), and how
        many chunks hold each (none counted in a tenant too small for common terms); counts
        kept for COUNTS_TTL_S."""
        now = time.monotonic()
        total = self._counts.get(tenant_id, taken_after=now - COUNTS_TTL_S)
        if total is None:
            found = await conn.execute(_TENANT_CHUNKS, {"tenant": tenant_id})
            total = self._counts.put(tenant_id, int(found.scalar_one()), taken_at=now)
        limit = common_limit(total)
        if limit is None:
            return terms, {}
        common, counts = set(), {}
        for term in distinct_terms(terms):
            held = self._counts.get((tenant_id, term), taken_after=now - COUNTS_TTL_S)
            if held is None:
                params = {"token": tenant_token(tenant_id), "term": _quoted(term), "cap": limit + 1}
                found = await conn.execute(_TERM_CHUNKS, params)
                held = self._counts.put((tenant_id, term), int(found.scalar_one()), taken_at=now)
            counts[term] = held
            if held > limit:
                common.add(term)
        return without_common(terms, common), counts

    async def _index_for(self, dim: int) -> None:
        """The HNSW index of `dim` dimensions exists (checked once per process)."""
        if dim in self._indexed:
            return
        async with self._writer.begin() as conn:
            await ensure_vector_index(conn, dim)
        self._indexed.add(dim)


def _keyword_fetch(
    conn: AsyncConnection, filters: SearchFilters, terms: list[str], counts: dict[str, int]
) -> Fetch:
    where, params = filter_sql(filters)
    distinct = distinct_terms(terms)
    held = [f"to_tsquery('{TERMS_CONFIG}', :t{i})" for i in range(len(distinct))]
    matched = " + ".join(f"(terms @@ {term})::int" for term in held)
    empty = " + ".join(f"(numnode({term}) = 0)::int" for term in held)
    params |= {f"t{i}": _quoted(term) for i, term in enumerate(distinct)}
    params |= {
        "token": tenant_token(filters.tenant_id),
        "match": " | ".join(_quoted(term) for term in distinct),
        "anchors": " | ".join(_quoted(term) for term in anchor_terms(distinct, counts)),
        "need": terms_needed(distinct),
    }
    sql = text(_KEYWORDS.format(where=where, matched=matched, empty=empty))

    async def fetch(window: int) -> tuple[list[ChunkRow], bool]:
        result = await conn.execute(sql, params | {"window": window})
        rows = [ChunkRow(int(r[0]), str(r[1]), str(r[2]), float(r[3])) for r in result]
        return rows, len(rows) == window

    return fetch


def anchor_terms(distinct: list[str], counts: dict[str, int]) -> list[str]:
    """The terms a matching chunk holds one of, for the index to read: a chunk that holds
    `need` of n terms holds one of any n - need + 1 of them, so, with every term counted, the
    rarest n - need + 1 (the union of their chunks is the smallest); else all of them."""
    if not all(term in counts for term in distinct):
        return distinct
    rarest = sorted(distinct, key=lambda term: counts[term])
    return rarest[: len(distinct) - terms_needed(distinct) + 1]


def _quoted(term: str) -> str:
    """A tsquery operand: quoted, so the configuration still normalises (stems) it."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


async def _grown(fetch: Fetch, limit: int) -> Grouped:
    """The first `limit` candidates (by record) of the best chunks, each with its best chunks
    in the window, reading four times as many chunks each time the window held too few
    candidates and more chunks may exist."""
    window = max(FIRST_WINDOW, 4 * limit)
    while True:
        rows, more = await fetch(window)
        groups: dict[str, list[ChunkRow]] = {}
        for row in rows:
            if row.record_id not in groups and len(groups) == limit:
                continue
            chunks = groups.setdefault(row.record_id, [])
            if len(chunks) < CHUNKS_PER_CANDIDATE:
                chunks.append(row)
        if len(groups) >= limit or not more:
            return list(groups.items())
        window *= 4


async def _matches(conn: AsyncConnection, groups: Grouped) -> list[CandidateMatch]:
    """The groups with their candidates' facts, in order (a version erased meanwhile drops)."""
    if not groups:
        return []
    rows = await conn.execute(_SUMMARIES, {"ids": [record for record, _ in groups]})
    summaries = {row[0]: summary_of(*row) for row in rows}
    return [
        CandidateMatch(
            summaries[record],
            chunks[0].score,
            tuple(ChunkMatch(c.chunk_id, c.kind, c.score) for c in chunks),
        )
        for record, chunks in groups
        if record in summaries
    ]
