"""Search test data: a migrated SQLite database and candidates written straight into it (as the
store stage writes them), with chosen texts, vectors, models and profiles."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy.ext.asyncio import create_async_engine

from resume_worker.adapters.sql_migrations import upgrade_database
from resume_worker.adapters.sql_search import SqliteSearchIndex

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


class SearchDb:
    """A migrated database file with direct writes, as the pipeline would leave it."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "search.db"
        upgrade_database(f"sqlite:///{self.path}")

    def add(self, tenant: str, person: Person, *, version: int = 1) -> Person:
        with sqlite3.connect(self.path) as db:
            _insert(db, tenant, person, version)
        return person

    def add_many(self, tenant: str, people: Sequence[Person]) -> None:
        with sqlite3.connect(self.path) as db:
            for person in people:
                _insert(db, tenant, person, 1)

    def rows(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.path) as db:
            return list(db.execute(sql, args))

    @asynccontextmanager
    async def index(self) -> AsyncIterator[SqliteSearchIndex]:
        engine = create_async_engine(f"sqlite+aiosqlite:///{self.path}")
        index = SqliteSearchIndex(engine, engine)
        try:
            yield index
        finally:
            index.close()
            await engine.dispose()


def _insert(db: sqlite3.Connection, tenant: str, person: Person, version: int) -> None:
    now = datetime.now(UTC).isoformat()
    profile: dict[str, object] = {"skills": list(person.skills), "careers": [{"position": "Eng"}]}
    if person.months is not None:
        profile["total_experience_months"] = person.months
    db.execute(
        "INSERT OR IGNORE INTO candidates (id, tenant_id, created_at) VALUES (?, ?, ?)",
        (person.candidate_id, tenant, now),
    )
    db.execute(
        "UPDATE candidate_versions SET is_latest = 0 WHERE candidate_id = ?",
        (person.candidate_id,),
    )
    db.execute(
        "INSERT INTO candidate_versions (id, tenant_id, candidate_id, version, job_id, is_latest,"
        " accepted_at, profile, field_confidence, field_sources, warnings)"
        " VALUES (?, ?, ?, ?, ?, 1, ?, ?, '{}', '{}', '[]')",
        (person.record_id, tenant, person.candidate_id, version, str(uuid.uuid4()), now,
         json.dumps(profile)),
    )  # fmt: skip
    for order, (body, vector) in enumerate(person.chunks):
        blob = None if vector is None else np.asarray(vector, "<f4").tobytes()
        db.execute(
            'INSERT INTO chunks (record_id, tenant_id, candidate_id, kind, ord, text, start,'
            ' "end", embedding, model, dim) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)',
            (person.record_id, tenant, person.candidate_id, "raw_section", order, body,
             blob, person.model, DIM),
        )  # fmt: skip
