"""The backends every repository contract suite runs on: the in-memory fake, SqlRepository on
SQLite, and SqlRepository on the session's PostgreSQL server (a fresh database per test)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest

from resume_worker.composition.database import open_repository
from resume_worker.core.ports.candidates import CandidateAdmin, CandidateStore
from resume_worker.core.ports.jobs import DeadLetters, JobStore
from resume_worker.core.ports.keys import KeyCensus, KeyUsage, Resealing
from resume_worker.core.ports.ledger import Ledger, LedgerReports
from resume_worker.settings import Settings
from tests.fakes.repository import MemoryRepository
from tests.pg import PgServer

BACKENDS = ["fake", "sqlite", "postgresql"]


class Ports(
    JobStore,
    DeadLetters,
    CandidateStore,
    CandidateAdmin,
    Ledger,
    LedgerReports,
    KeyUsage,
    KeyCensus,
    Resealing,
    Protocol,
):
    """The ports a contract test drives: one, plus the others it needs to set the scene."""


Scenario = Callable[[Ports], Awaitable[None]]


@dataclass(frozen=True)
class Backend:
    """One backend; `run` opens a repository on it inside a new event loop (the SQL engine
    belongs to the loop that made it) and runs the scenario on it."""

    name: str
    settings: Settings | None = None

    def run(self, scenario: Scenario) -> None:
        asyncio.run(self._run(scenario))

    async def _run(self, scenario: Scenario) -> None:
        if self.settings is None:
            await scenario(MemoryRepository())
            return
        async with open_repository(self.settings) as repository:
            await scenario(repository)


def open_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The backend `request.param` names, on an empty, migrated database; a PostgreSQL
    database is dropped when the test ends."""
    if request.param == "fake":
        return Backend("fake")
    overrides: dict[str, Any] = {}
    if request.param == "postgresql":
        server: PgServer = request.getfixturevalue("pg_server")
        database = server.create_database()
        request.addfinalizer(lambda: server.drop_database(database))
        overrides["database"] = {"url": database.url}
    return Backend(request.param, Settings(data_dir=tmp_path / "data", **overrides))
