"""Search test data: a migrated database (SQLite, or PostgreSQL on the test server) and candidates
written straight into it (as the store stage writes them), with chosen texts, vectors, models and
profiles. On PostgreSQL the search rows of what was written are then added by the index's own
`refresh` (the path that backfills chunks stored before the pgvector migration)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from sqlalchemy.ext.asyncio import create_async_engine

from resume_worker.adapters.sql.engine import async_url
from resume_worker.adapters.sql.migrations import upgrade_database
from resume_worker.adapters.sql.search_pg.index import PgSearchIndex
from resume_worker.adapters.sql.search_sqlite.index import SqliteSearchIndex
from tests.pg import PgDatabase

DIM = 16


def unit(seed: int, dim: int = DIM) -> list[float]:
    vector = np.random.default_rng(seed).standard_normal(dim)
    return [float(x) for x in vector / np.linalg.norm(vector)]


@dataclass
class Person:
    """One candidate version to insert: chunk texts with their vectors, and public facts."""

    chunks: Sequence[tuple[str, Sequence[float] | None]]
    months: int | None = None
    skills: Sequence[str] = ()
    model: str = "test-model"
    candidate_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    record_id: str = field(default_factory=lambda: str(uuid.uuid4()))


Execute = Callable[[str, Sequence[object]], None]


class SearchDb:
    """A migrated database with direct writes, as the pipeline would leave it."""

    def __init__(self, folder: Path, database: PgDatabase | None = None) -> None:
        self.database = database
        self.path = folder / "search.db"
        self.url = database.url if database else f"sqlite:///{self.path}"
        self.backend = "postgresql" if database else "sqlite"
        upgrade_database(self.url)

    def add(self, tenant: str, person: Person, *, version: int = 1) -> Person:
        self.add_many(tenant, [person], version=version)
        return person

    def add_many(self, tenant: str, people: Sequence[Person], *, version: int = 1) -> None:
        if self.database is None:
            with sqlite3.connect(self.path) as db:
                for person in people:
                    _insert(db.execute, tenant, person, version)
            return
        with psycopg.connect(self.database.dsn) as conn, conn.pipeline(), conn.cursor() as cursor:
            for person in people:
                _insert(lambda sql, args: cursor.execute(_pg(sql), args), tenant, person, version)
        with ThreadPoolExecutor(1) as thread:  # callers may be inside a running event loop
            thread.submit(asyncio.run, self._refresh()).result()

    def rows(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        if self.database is not None:
            return self.database.rows(_pg(sql), *args)
        with sqlite3.connect(self.path) as db:
            return list(db.execute(sql, args))

    @asynccontextmanager
    async def index(self, **options: Any) -> AsyncIterator[SqliteSearchIndex | PgSearchIndex]:
        """The backend's index (options: PgSearchIndex's, e.g. exact_below)."""
        engine = create_async_engine(async_url(self.url))
        index: SqliteSearchIndex | PgSearchIndex = (
            PgSearchIndex(engine, engine, **options)
            if self.database
            else SqliteSearchIndex(engine, engine)
        )
        try:
            yield index
        finally:
            index.close()
            await engine.dispose()

    async def _refresh(self) -> None:
        async with self.index() as index:
            await index.refresh(None)


def _pg(sql: str) -> str:
    """SQLite's spelling of these statements in PostgreSQL's."""
    return (
        sql.replace("?", "%s")
        .replace("INSERT OR IGNORE", "INSERT")
        .replace("VALUES (%s, %s, %s)", "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING")
        .replace("is_latest = 0", "is_latest = false")
        .replace(", 1, %s, %s, '{}'", ", true, %s, %s, '{}'")
    )


def _insert(execute: Execute, tenant: str, person: Person, version: int) -> None:
    now = datetime.now(UTC).isoformat()
    profile: dict[str, object] = {"skills": list(person.skills), "careers": [{"position": "Eng"}]}
    if person.months is not None:
        profile["total_experience_months"] = person.months
    execute(
        "INSERT OR IGNORE INTO candidates (id, tenant_id, created_at) VALUES (?, ?, ?)",
        (person.candidate_id, tenant, now),
    )
    execute(
        "UPDATE candidate_versions SET is_latest = 0 WHERE candidate_id = ?",
        (person.candidate_id,),
    )
    execute(
        "INSERT INTO candidate_versions (id, tenant_id, candidate_id, version, job_id, is_latest,"
        " accepted_at, profile, field_confidence, field_sources, warnings)"
        " VALUES (?, ?, ?, ?, ?, 1, ?, ?, '{}', '{}', '[]')",
        (person.record_id, tenant, person.candidate_id, version, str(uuid.uuid4()), now,
         json.dumps(profile)),
    )  # fmt: skip
    for order, (body, vector) in enumerate(person.chunks):
        blob = None if vector is None else np.asarray(vector, "<f4").tobytes()
        execute(
            'INSERT INTO chunks (record_id, tenant_id, candidate_id, kind, ord, text, start,'
            ' "end", embedding, model, dim) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)',
            (person.record_id, tenant, person.candidate_id, "raw_section", order, body,
             blob, person.model, DIM),
        )  # fmt: skip
