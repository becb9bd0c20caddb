"""The vector side of search on PostgreSQL: pgvector's HNSW index (cosine) with iterative index
scans, or an exact scan for a small tenant, both scored with the language centring that
sql_search_vectors.py explains.

The index holds the raw vectors, so it cannot centre them. The search therefore asks it for the
nearest chunks to the centred query within each language (Hangul share >= 0.5, and the rest):
inside one language the mean removed is nearly the same for every chunk, so that order is close
to the centred one. Each chunk found is then scored exactly in SQL, as on SQLite:
cos(x - m_x, q) with m_x = O + h * (K - O), written with inner products so that no vector
leaves the database. The tenant, its filters, the model and the dimension are filters of the
scan; with `hnsw.iterative_scan = relaxed_order` (pgvector >= 0.8) the scan goes on past
ef_search until enough rows pass them. A tenant with fewer than `exact_below` current vectors
is scanned exactly instead (its rows through the tenant index), and so is any search the index
leaves short of `limit` candidates (a narrow filter, or a small tenant among many others).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncConnection

from resume_worker.adapters.sql.search_pg.rows import LANGUAGES, vector_literal, vector_type
from resume_worker.adapters.sql.search_sqlite.snapshot import skill_key
from resume_worker.adapters.sql.search_sqlite.vectors import (
    KOREAN_SHARE,
    FloatArray,
    language_means,
)
from resume_worker.core.ports.search import SearchFilters

EXACT_BELOW = 5000
# Rows per language that the means are estimated from, and how long an estimate is reused; a
# tenant with fewer than REMEASURE_BELOW vectors is measured at every search (cheap, and its
# means still move with each resume).
MEAN_SAMPLE = 5000
MEANS_TTL_S = 60.0
REMEASURE_BELOW = 200
# The HNSW candidate list: as long as the rows a language's scan returns (pgvector's bounds),
# so an unfiltered scan gives them in one pass; iterative scanning continues past it only when
# filters reject rows. A longer list than the rows asked for costs time and buys little recall.
EF_SEARCH_MIN = 40
EF_SEARCH_MAX = 1000
MAX_INDEX_WINDOW = 4096
_MEANS = (
    "SELECT korean, count(*), avg(embedding) FROM ("
    "(SELECT true AS korean, embedding FROM search_vectors WHERE {where} AND hangul >= :share"
    " LIMIT :sample) UNION ALL"
    " (SELECT false, embedding FROM search_vectors WHERE {where} AND hangul < :share"
    " LIMIT :sample)) s GROUP BY korean"
)
# cos(x - m_x, q) for a unit q, m_x = O + h D: (x.q - O.q - h D.q) / |x - m_x|, where
# |x - m_x|^2 = x.x - 2 (x.O + h x.D) + O.O + 2 h O.D + h^2 D.D; `a <#> b` is -(a.b).
_SCORE = (
    "(-(embedding <#> CAST(:q AS VECTOR)) - :oq - hangul * :dq) / sqrt(greatest("
    "-(embedding <#> embedding) + 2 * ((embedding <#> CAST(:o AS VECTOR))"
    " + hangul * (embedding <#> CAST(:d AS VECTOR))) + :oo + 2 * hangul * :od"
    " + hangul * hangul * :dd, 1e-12))"
)
_COLUMNS = "chunk_id, record_id, kind"
# Both, for the session, in one round trip; sent only when the pooled connection's differ
# (searches read in autocommit, so SET LOCAL would end with this statement).
_SCAN_SETTINGS = text(
    "SELECT set_config('hnsw.iterative_scan', 'relaxed_order', false),"
    " set_config('hnsw.ef_search', :ef, false)"
)


@dataclass(frozen=True)
class ChunkRow:
    chunk_id: int
    record_id: str
    kind: str
    score: float


@dataclass(frozen=True)
class Space:
    """A tenant's vectors of one model and dimension, as last measured, with the parts of the
    score's parameters that do not depend on the query."""

    measured_at: float
    size: int
    korean: FloatArray
    other: FloatArray
    constants: dict[str, object] = field(init=False, compare=False)
    # The other language's mean and the Korean minus it, in float64, for the per-query products.
    other_delta: tuple[FloatArray, FloatArray] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        other, delta = (v.astype(np.float64) for v in (self.other, self.korean - self.other))
        object.__setattr__(self, "other_delta", (other, delta))
        constants = {
            "o": vector_literal(self.other.tolist()),
            "d": vector_literal((self.korean - self.other).tolist()),
            "oo": float(other @ other),
            "od": float(other @ delta),
            "dd": float(delta @ delta),
        }
        object.__setattr__(self, "constants", constants)


Fetch = Callable[[int], Awaitable[tuple[list[ChunkRow], bool]]]


def filter_sql(filters: SearchFilters) -> tuple[str, dict[str, object]]:
    """The filters as SQL on a search table (both carry months and skill keys)."""
    where = "tenant_id = :tenant"
    params: dict[str, object] = {"tenant": filters.tenant_id}
    if filters.min_experience_months is not None:
        where += " AND months >= :months"
        params["months"] = filters.min_experience_months
    wanted = sorted({skill_key(s) for s in filters.skills if skill_key(s)})
    if wanted:
        where += " AND skills @> CAST(:skills AS TEXT[])"
        params["skills"] = wanted
    return where, params


class PgVectors:
    """Vector search with per-process estimates of each tenant's language means."""

    def __init__(self, exact_below: int = EXACT_BELOW) -> None:
        self.exact_below = exact_below
        self._spaces: dict[tuple[str, str, int], Space] = {}

    def forget(self) -> None:
        """Measure every tenant's space again at its next search."""
        self._spaces.clear()

    async def space(self, conn: AsyncConnection, tenant_id: str, model: str, dim: int) -> Space:
        key = (tenant_id, model, dim)
        known = self._spaces.get(key)
        recent = known and time.monotonic() - known.measured_at < MEANS_TTL_S
        if known and recent and known.size >= REMEASURE_BELOW:
            return known
        where = f"dim = {int(dim)} AND tenant_id = :tenant AND model = :model"
        params = {"tenant": tenant_id, "model": model, "share": KOREAN_SHARE, "sample": MEAN_SAMPLE}
        found = {True: (0, np.zeros(dim, np.float32)), False: (0, np.zeros(dim, np.float32))}
        for korean, count, mean in await conn.execute(text(_MEANS.format(where=where)), params):
            found[bool(korean)] = (int(count), _parse(mean))
        means = language_means(found[True], found[False], dim)
        self._spaces[key] = Space(time.monotonic(), found[True][0] + found[False][0], *means)
        return self._spaces[key]

    def fetchers(
        self,
        conn: AsyncConnection,
        filters: SearchFilters,
        query: FloatArray,
        space: Space,
        model: str,
    ) -> tuple[Fetch | None, Fetch]:
        """(the index search, or None for a small tenant; the exact search), each giving up to
        `window` chunks, best first (the index search: the nearest `window / 2` of each
        language), and whether more may exist."""
        dim = len(query)
        where, params = filter_sql(filters)
        scan = _Scan(
            conn,
            f"dim = {dim} AND {where} AND model = :model",
            params | {"model": model} | _score_params(query, space),
            vector_type(dim),
        )
        if scan.kind is None or space.size < self.exact_below:
            return None, scan.exact
        return scan.nearest, scan.exact


@dataclass(frozen=True)
class _Scan:
    """One query's vector scans of search_vectors: `where` and `params` hold the tenant, its
    filters, the model and the dimension; `kind` is the vector type the HNSW index is on."""

    conn: AsyncConnection
    where: str
    params: dict[str, object]
    kind: str | None

    async def exact(self, window: int) -> tuple[list[ChunkRow], bool]:
        """Every matching row scored, best first."""
        sql = (
            f"SELECT {_COLUMNS}, {_SCORE} AS score FROM search_vectors WHERE {self.where}"  # noqa: S608 - constants, placeholders
            " ORDER BY score DESC, chunk_id LIMIT :window"
        )
        rows = [
            _row(r) for r in await self.conn.execute(text(sql), self.params | {"window": window})
        ]
        return rows, len(rows) == window

    async def nearest(self, window: int) -> tuple[list[ChunkRow], bool]:
        """The index's nearest `window / 2` of each language, scored exactly, best first."""
        each = -(-window // len(LANGUAGES))
        await _scan_settings(self.conn, ef_search(each))
        parts = [
            f"(SELECT {_COLUMNS}, {i} AS part, hangul, embedding FROM search_vectors"  # noqa: S608 - constants, placeholders
            f" WHERE {self.where} AND {language}"
            f" ORDER BY embedding::{self.kind} <=> CAST(:q AS {self.kind}) LIMIT :each)"
            for i, language in enumerate(LANGUAGES.values())
        ]
        sql = f"SELECT {_COLUMNS}, {_SCORE} AS score, part FROM ({' UNION ALL '.join(parts)}) s"  # noqa: S608 - constants, placeholders
        result = list(await self.conn.execute(text(sql), self.params | {"each": each}))
        full = any(sum(r.part == i for r in result) >= each for i in range(len(LANGUAGES)))
        found = sorted(map(_row, result), key=lambda row: (-row.score, row.chunk_id))
        return found, full and window < MAX_INDEX_WINDOW


async def _scan_settings(conn: AsyncConnection, ef: int) -> None:
    """The HNSW scan settings on this connection; `info` follows the pooled DBAPI connection,
    so the first search on each connection sets them and later ones with the same ef do not."""
    if conn.info.get("hnsw.ef_search") != ef:
        await conn.execute(_SCAN_SETTINGS, {"ef": str(ef)})
        conn.info["hnsw.ef_search"] = ef


def ef_search(rows: int) -> int:
    """hnsw.ef_search for a scan that returns `rows` rows."""
    return max(EF_SEARCH_MIN, min(rows, EF_SEARCH_MAX))


def _score_params(query: FloatArray, space: Space) -> dict[str, object]:
    q = query.astype(np.float64)
    other, delta = space.other_delta
    return space.constants | {
        "q": vector_literal(query.tolist()),
        "oq": float(other @ q),
        "dq": float(delta @ q),
    }


def _row(r: Row[Any]) -> ChunkRow:
    return ChunkRow(int(r.chunk_id), str(r.record_id), str(r.kind), float(r.score))


def _parse(vector: str) -> FloatArray:
    return np.array(vector.strip("[]").split(","), dtype=np.float32)
