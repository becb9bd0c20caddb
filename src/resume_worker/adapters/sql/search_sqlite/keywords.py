"""The keyword side of search on SQLite: an FTS5 table (`chunk_terms`, migration 0004) holding the
Korean morphemes and English words of each latest-version chunk, English porter-stemmed, and the
chunk's share of Hangul (which the vector side uses to remove the language from a vector).

Rows are added here, from Python, because the morphemes come from kiwipiepy; database triggers
remove a chunk's row when the chunk is deleted or changed or its version stops being the latest,
so erased or superseded text never stays searchable. The tenant is an indexed column holding one
opaque token, so a tenant's matches come from the index itself and another tenant's rows can
neither be returned nor crowd a small tenant out of its top results.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.text.search_terms import hangul_share, index_text

REFRESH_BATCH = 500
_MISSING = (
    "SELECT c.id, c.tenant_id, c.text FROM chunks c"
    " JOIN candidate_versions v ON v.id = c.record_id"
    " WHERE v.is_latest AND c.id > :after{tenant}"
    " AND NOT EXISTS (SELECT 1 FROM chunk_terms t WHERE t.rowid = c.id)"
    " ORDER BY c.id LIMIT :limit"
)
_MISSING_ALL = text(_MISSING.format(tenant=""))
_MISSING_TENANT = text(_MISSING.format(tenant=" AND c.tenant_id = :tenant"))
# Re-checked inside the write: the chunk still exists, unchanged, in a latest version.
_INSERT = text(
    "INSERT INTO chunk_terms(rowid, tenant, terms, hangul) SELECT :id, :token, :terms, :hangul"
    " WHERE EXISTS (SELECT 1 FROM chunks c JOIN candidate_versions v ON v.id = c.record_id"
    " WHERE c.id = :id AND c.text = :text AND v.is_latest)"
    " AND NOT EXISTS (SELECT 1 FROM chunk_terms WHERE rowid = :id)"
)
# `rank` is bm25 with the tenant column weighted 0 (set up by the migration). The best `window`
# rows are taken before the join, so SQLite keeps a bounded heap instead of sorting and joining
# every match of a common word; a caller that needs more gets a four times larger window.
_MATCH = (
    "SELECT m.rowid, m.rank, c.record_id, c.kind FROM (SELECT rowid, rank FROM chunk_terms"
    " WHERE chunk_terms MATCH :match ORDER BY rank, rowid LIMIT :window) m"
    " JOIN chunks c ON c.id = m.rowid ORDER BY m.rank, m.rowid"
)
FIRST_WINDOW = 256
_COUNT = "SELECT count(*) FROM (SELECT 1 FROM chunk_terms WHERE chunk_terms MATCH ? LIMIT ?)"
# A chunk must hold at least this share of the query's distinct terms (Elasticsearch's
# "minimum_should_match: 50%"): one generic word in common ("엔지니어", "data") is not a match,
# which keeps a query with no real keyword match (a cross-lingual one) from ranking noise.
MIN_SHOULD_MATCH = 0.5
# The first terms of a longer query are used (C(8, 4) = 70 groups at most).
MAX_TERMS = 8


def tenant_token(tenant_id: str) -> str:
    """One FTS token per tenant (tenant ids may hold `.`, `-` and `_`, which split tokens)."""
    return "t" + hashlib.sha256(tenant_id.encode()).hexdigest()[:32]


def distinct_terms(terms: Sequence[str]) -> list[str]:
    """The query's distinct terms that matching uses (the first MAX_TERMS)."""
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def terms_needed(distinct: Sequence[str]) -> int:
    """How many of `distinct` a chunk must hold: MIN_SHOULD_MATCH of them, at least one."""
    return max(1, math.ceil(MIN_SHOULD_MATCH * len(distinct)))


def term_groups(terms: Sequence[str]) -> list[tuple[str, ...]]:
    """Every group of MIN_SHOULD_MATCH of the query's distinct terms (the first MAX_TERMS): a
    chunk matches when it holds all the terms of one group."""
    distinct = distinct_terms(terms)
    return list(combinations(distinct, terms_needed(distinct)))


def match_expression(tenant_id: str, terms: Sequence[str]) -> str:
    """An FTS5 query: this tenant's rows that hold at least MIN_SHOULD_MATCH of the terms,
    written as an OR of every AND-group of that many terms, so FTS5 intersects posting lists
    instead of scoring every row that holds any one common term."""
    groups = " OR ".join(
        "(" + " AND ".join(_phrase(term) for term in group) + ")" for group in term_groups(terms)
    )
    return f'tenant : "{tenant_token(tenant_id)}" AND terms : ({groups})'


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def chunk_count(conn: sqlite3.Connection, tenant_id: str, term: str | None, cap: int) -> int:
    """How many of the tenant's chunks hold `term` (None: any), counted up to `cap`."""
    match = f'tenant : "{tenant_token(tenant_id)}"'
    if term is not None:
        match += f" AND terms : {_phrase(term)}"
    row = conn.execute(_COUNT, (match, cap)).fetchone()
    return int(row[0])


@dataclass(frozen=True)
class KeywordRow:
    chunk_id: int
    record_id: str
    kind: str
    score: float


def matching_rows(
    conn: sqlite3.Connection, tenant_id: str, terms: Sequence[str]
) -> Iterator[KeywordRow]:
    """The tenant's chunks that hold at least MIN_SHOULD_MATCH of the query's distinct terms,
    by bm25, read in growing windows while the caller asks for more."""
    params: dict[str, object] = {"match": match_expression(tenant_id, terms)}
    seen, window = 0, FIRST_WINDOW
    while True:
        rows = conn.execute(_MATCH, params | {"window": window}).fetchall()
        for chunk_id, rank, record_id, kind in rows[seen:]:
            yield KeywordRow(int(chunk_id), str(record_id), str(kind), -float(rank))
        if len(rows) < window:
            return
        seen, window = len(rows), window * 4


async def index_missing(
    engine: AsyncEngine, writer: AsyncEngine, tenant_id: str | None, *, after: int = 0
) -> int:
    """Add every latest-version chunk missing from the keyword index (of one tenant, or all;
    with an id above `after`), a batch per transaction; returns how many were added."""
    added = 0
    while True:
        batch = await _missing(engine, tenant_id, after)
        if not batch:
            return added
        after = batch[-1][0]
        rows = await asyncio.to_thread(_rows, batch)
        async with writer.begin() as conn:
            for row in rows:
                added += (await conn.execute(_INSERT, row)).rowcount


async def _missing(
    engine: AsyncEngine, tenant_id: str | None, after: int
) -> list[tuple[int, str, str]]:
    query: TextClause = _MISSING_ALL if tenant_id is None else _MISSING_TENANT
    params: dict[str, object] = {"after": after, "limit": REFRESH_BATCH, "tenant": tenant_id}
    async with engine.connect() as conn:
        result = await conn.execute(query, params)
        return [(int(r.id), str(r.tenant_id), str(r.text)) for r in result]


def _rows(batch: list[tuple[int, str, str]]) -> list[dict[str, object]]:
    return [
        {
            "id": chunk_id,
            "token": tenant_token(tenant),
            "terms": index_text(body),
            "hangul": hangul_share(body),
            "text": body,
        }
        for chunk_id, tenant, body in batch
    ]
