"""The PostgreSQL search rows of chunks (migration 0009): each latest chunk's keyword tsvector in
`search_terms` and its vector in `search_vectors`, with the tenant and the candidate's filter
facts, written when the store stage writes the chunks, when `reembed` writes new vectors, and by
`refresh` for chunks stored before (or changed since) the index existed.

The tsvector is built by PostgreSQL's 'english' configuration from the kiwipiepy terms of the
chunk (search_terms.py): it porter-stems Latin words as FTS5 does on SQLite and leaves Hangul
morphemes as they are (Snowball's English rules touch Latin letters only), so "백엔드개발자" and
"백엔드 개발자" meet on `백 엔드 개발자` here too. One lexeme per tenant (weight D, the terms
weigh A) lets the GIN index intersect a query with the tenant's rows only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from resume_worker.adapters.sql.locks import lock_key
from resume_worker.adapters.sql.search_sqlite.keywords import tenant_token
from resume_worker.adapters.sql.search_sqlite.snapshot import skill_key
from resume_worker.adapters.sql.search_sqlite.vectors import KOREAN_SHARE
from resume_worker.core.models import CandidateProfile
from resume_worker.text.search_terms import hangul_share, index_text

TERMS_CONFIG = "english"
# pgvector's HNSW indexes `vector` up to 2,000 dimensions and `halfvec` up to 4,000.
MAX_VECTOR_DIM = 2000
MAX_HALFVEC_DIM = 4000
INDEX_BUILD_MEMORY = "256MB"
_CHUNKS = (
    "SELECT c.id, c.tenant_id, c.record_id, c.kind, c.text, c.embedding, c.model, c.dim,"
    " v.profile FROM chunks c JOIN candidate_versions v ON v.id = c.record_id"
    " WHERE v.is_latest AND NOT EXISTS (SELECT 1 FROM search_terms s WHERE s.chunk_id = c.id)"
)
_OF_RECORD = text(_CHUNKS + " AND c.record_id = :record ORDER BY c.id")
_MISSING_ALL = text(_CHUNKS + " AND c.id > :after ORDER BY c.id LIMIT :limit")
_MISSING_TENANT = text(
    _CHUNKS + " AND c.id > :after AND c.tenant_id = :tenant ORDER BY c.id LIMIT :limit"
)
_FACTS = "chunk_id, tenant_id, record_id, kind, months, skills, hangul"
_INSERT_TERMS = text(
    f"INSERT INTO search_terms ({_FACTS}, terms) VALUES (:id, :tenant, :record, :kind, :months,"  # noqa: S608 - constants, placeholders
    f" CAST(:skills AS TEXT[]), :hangul, setweight(to_tsvector('{TERMS_CONFIG}', :terms), 'A')"
    " || CAST(:token AS TSVECTOR)) ON CONFLICT (chunk_id) DO NOTHING"
)
_UPSERT = (
    " ON CONFLICT (chunk_id) DO UPDATE SET model = EXCLUDED.model, dim = EXCLUDED.dim,"
    " embedding = EXCLUDED.embedding"
)
_INSERT_VECTOR = text(
    f"INSERT INTO search_vectors ({_FACTS}, model, dim, embedding) VALUES (:id, :tenant,"  # noqa: S608 - constants, placeholders
    " :record, :kind, :months, CAST(:skills AS TEXT[]), :hangul, :model, :dim,"
    " CAST(:embedding AS VECTOR))" + _UPSERT
)
# A new vector for a chunk that has its keyword row (reembed): the facts come from that row.
_SET_VECTOR = text(
    f"INSERT INTO search_vectors ({_FACTS}, model, dim, embedding) SELECT {_FACTS}, :model,"  # noqa: S608 - constants, placeholders
    " :dim, CAST(:embedding AS VECTOR) FROM search_terms WHERE chunk_id = :id" + _UPSERT
)


def vector_type(dim: int) -> str | None:
    """The pgvector type an HNSW index of `dim` dimensions is built on (None: too many)."""
    if dim <= MAX_VECTOR_DIM:
        return f"vector({dim})"
    return f"halfvec({dim})" if dim <= MAX_HALFVEC_DIM else None


# One HNSW index per dimension and language, partial on both: a search walks only the graph of
# the language it asks for (a filter on the language would discard most of what a scan visits in
# a tenant with few chunks of one language). The predicates are literals, as the queries' are.
LANGUAGES = {"ko": f"hangul >= {KOREAN_SHARE}", "other": f"hangul < {KOREAN_SHARE}"}


def index_name(dim: int, language: str) -> str:
    return f"search_vectors_hnsw_{int(dim)}_{language}"


def vector_literal(vector: Iterable[float]) -> str:
    """pgvector's text form; float32 values printed in full round-trip exactly."""
    return "[" + ",".join(repr(float(x)) for x in vector) + "]"


@dataclass(frozen=True)
class _Chunk:
    chunk_id: int
    tenant_id: str
    record_id: str
    kind: str
    text: str
    embedding: bytes | None
    model: str
    dim: int
    profile: str


async def add_version_rows(conn: AsyncConnection, record_id: str) -> int:
    """The search rows of one (latest) version's chunks, in the caller's transaction."""
    chunks = [_Chunk(*row) for row in await conn.execute(_OF_RECORD, {"record": record_id})]
    return await _insert(conn, chunks)


async def add_missing_rows(
    conn: AsyncConnection, tenant_id: str | None, after: int, limit: int
) -> tuple[int, int]:
    """The search rows of up to `limit` latest chunks above id `after` that have none (one
    tenant, or all); returns (rows added, last chunk id read, 0 when none was)."""
    query, params = (
        (_MISSING_ALL, {}) if tenant_id is None else (_MISSING_TENANT, {"tenant": tenant_id})
    )
    result = await conn.execute(query, {**params, "after": after, "limit": limit})
    chunks = [_Chunk(*row) for row in result]
    return await _insert(conn, chunks), chunks[-1].chunk_id if chunks else 0


async def set_vectors(
    conn: AsyncConnection, vectors: dict[int, Sequence[float]], *, model: str, dim: int
) -> None:
    """New vectors of chunks that have search rows (chunks without one get theirs on refresh)."""
    rows = [
        {"id": chunk_id, "model": model, "dim": dim, "embedding": vector_literal(vector)}
        for chunk_id, vector in vectors.items()
    ]
    if rows:
        await conn.execute(_SET_VECTOR, rows)


async def ensure_vector_index(conn: AsyncConnection, dim: int) -> None:
    """The HNSW indexes of `dim`-dimensional vectors, built if missing (one builder at a time;
    the caller commits). Building over many existing rows takes a while, once."""
    kind = vector_type(dim)
    if kind is None or await _indexes_exist(conn, dim):
        return
    lock = lock_key(index_name(dim, "all"))
    await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock})
    if await _indexes_exist(conn, dim):
        return
    await conn.execute(text(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'"))
    for statement in vector_index_ddl(dim):
        await conn.execute(text(statement))


def vector_index_ddl(dim: int) -> list[str]:
    """CREATE INDEX IF NOT EXISTS of each language's HNSW index of `dim` dimensions (none above
    pgvector's limits)."""
    kind = vector_type(dim)
    if kind is None:
        return []
    ops = "vector_cosine_ops" if kind.startswith("vector") else "halfvec_cosine_ops"
    return [
        f"CREATE INDEX IF NOT EXISTS {index_name(dim, language)} ON search_vectors"
        f" USING hnsw ((embedding::{kind}) {ops}) WHERE dim = {int(dim)} AND {predicate}"
        for language, predicate in LANGUAGES.items()
    ]


async def _indexes_exist(conn: AsyncConnection, dim: int) -> bool:
    names = [index_name(dim, language) for language in LANGUAGES]
    found = await conn.execute(
        text("SELECT count(to_regclass(n)) FROM unnest(CAST(:names AS TEXT[])) n"), {"names": names}
    )
    return int(found.scalar_one()) == len(names)


async def _insert(conn: AsyncConnection, chunks: list[_Chunk]) -> int:
    if not chunks:
        return 0
    terms, vectors = await asyncio.to_thread(_rows, chunks)
    await conn.execute(_INSERT_TERMS, terms)
    if vectors:
        await conn.execute(_INSERT_VECTOR, vectors)
    return len(terms)


def _rows(chunks: list[_Chunk]) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(keyword rows, vector rows) of the chunks: the morphemes are the slow part (Kiwi)."""
    terms: list[dict[str, object]] = []
    vectors: list[dict[str, object]] = []
    for chunk in chunks:
        profile = CandidateProfile.model_validate_json(chunk.profile)
        facts: dict[str, object] = {
            "id": chunk.chunk_id,
            "tenant": chunk.tenant_id,
            "record": chunk.record_id,
            "kind": chunk.kind,
            "months": profile.total_experience_months,
            "skills": sorted({skill_key(s) for s in profile.skills if skill_key(s)}),
            "hangul": hangul_share(chunk.text),
        }
        token = tenant_token(chunk.tenant_id)
        terms.append({**facts, "terms": index_text(chunk.text), "token": token})
        if chunk.embedding is not None and len(chunk.embedding) == 4 * chunk.dim:
            vector = np.frombuffer(chunk.embedding, dtype="<f4")
            embedding = vector_literal(vector.tolist())
            vectors.append(
                {**facts, "model": chunk.model, "dim": chunk.dim, "embedding": embedding}
            )
    return terms, vectors
