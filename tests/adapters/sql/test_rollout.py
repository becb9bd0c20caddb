"""The SQL flag store on SQLite and PostgreSQL: flags replace, decisions are first-writer-wins,
observations are one per job and flag, spend and decision counts add up."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect
from sqlalchemy.ext.asyncio import create_async_engine

from resume_worker.adapters.sql.migrations import upgrade_database
from resume_worker.adapters.sql.rollout import SqlFlagStore
from resume_worker.core.flags import Decision, Flag, Observation, Side
from tests.conftest import require_service

T = TypeVar("T")
FLAG = Flag("analyst_model", "s1", "shadow", 0, "job", "llm", "b", 0.5, cost_budget=2.0)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated database of each backend (PostgreSQL: the session's test server)."""
    if request.param == "sqlite":
        found = f"sqlite:///{tmp_path / 'db.sqlite'}"
    else:
        try:
            server = request.getfixturevalue("pg_server")
        except pytest.FixtureLookupError:
            require_service("PostgreSQL", False, "the pg_server fixture (tests/pg.py) is missing")
        database = server.create_database()
        request.addfinalizer(lambda: server.drop_database(database))
        found = database.url
    upgrade_database(found)
    return found


def with_store(url: str, body: Callable[[SqlFlagStore], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = create_async_engine(url.replace("sqlite:///", "sqlite+aiosqlite:///"))
        try:
            return await body(SqlFlagStore(engine, engine))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def observation(job_id: str, *, noise: bool = False, cost: float | None = 0.5) -> Observation:
    return Observation(
        "analyst_model",
        job_id,
        noise,
        Side("llm", 120.0, 0.25),
        Side("llm" if noise else "b", 150.0, cost),
        {"name": True, "skills": False},
    )


def test_flags_are_saved_replaced_and_read_back(url: str) -> None:
    """save_flag creates, then replaces; flags() reads every field back."""

    async def body(store: SqlFlagStore) -> dict[str, Flag]:
        await store.save_flag(FLAG)
        await store.save_flag(Flag("analyst_model", "s1", "percent", 10, "tenant", "llm", "b"))
        await store.save_flag(Flag("pdf_extractor", "p", "off"))
        return await store.flags()

    flags = with_store(url, body)
    assert set(flags) == {"analyst_model", "pdf_extractor"}
    first = flags["analyst_model"]
    assert (first.state, first.percent, first.sticky, first.sample) == ("percent", 10, "tenant", 0)
    assert first.cost_budget is None and first.updated_at is not None


def test_decisions_first_writer_wins_and_observed_is_reported(url: str) -> None:
    """A second proposal for a decided flag is ignored; a new flag's is added; `observed`
    turns true once the job's observation is stored, and a second one is refused."""
    one = Decision("analyst_model", "control", "llm", 42, shadow=True, shadow_variant="b")
    other = Decision("analyst_model", "candidate", "b", 42)
    pdf = Decision("pdf_extractor", "candidate", "plain", 7)

    async def body(store: SqlFlagStore) -> tuple[Any, ...]:
        first = await store.decide("job-1", [one])
        second = await store.decide("job-1", [other, pdf])
        recorded = await store.record(observation("job-1"))
        again = await store.record(observation("job-1"))
        third = await store.decide("job-1", [])
        return first, second, recorded, again, third

    first, second, recorded, again, third = with_store(url, body)
    assert first == {"analyst_model": one}
    assert second == {"analyst_model": one, "pdf_extractor": pdf}
    assert (recorded, again) == (True, False)
    assert third["analyst_model"].observed
    assert not third["pdf_extractor"].observed


def test_observations_spend_and_counts(url: str) -> None:
    """Observations read back whole; spend sums candidate cost (unknown costs add nothing);
    decision counts split by arm, shadow and noise."""

    async def body(store: SqlFlagStore) -> tuple[Any, ...]:
        await store.record(observation("j1"))
        await store.record(observation("j2", noise=True, cost=0.25))
        await store.record(observation("j3", cost=None))
        for n, decision in enumerate(
            [
                Decision("analyst_model", "control", "llm", 1, shadow=True, shadow_variant="b"),
                Decision("analyst_model", "control", "llm", 2, True, True, "llm"),
                Decision("analyst_model", "candidate", "b", 3),
            ]
        ):
            await store.decide(f"j{n}", [decision])
        return (
            await store.observations("analyst_model"),
            await store.spent(),
            await store.decision_counts("analyst_model"),
        )

    found, spent, counts = with_store(url, body)
    assert [replace(o, created_at=None) for o in found] == [
        observation("j1"),
        observation("j2", noise=True, cost=0.25),
        observation("j3", cost=None),
    ]
    assert spent == {"analyst_model": pytest.approx(0.75)}
    assert counts == {"control": 2, "candidate": 1, "shadow": 2, "noise": 1}


def test_migration_0008_steps_down_and_up(url: str) -> None:
    """Downgrading to 0007 drops the three rollout tables; upgrading brings them back."""
    config = Config()
    config.set_main_option("script_location", "resume_worker.adapters.sql:alembic")
    config.set_main_option("sqlalchemy.url", url)
    tables = {"rollout_flags", "rollout_decisions", "rollout_observations"}
    engine = create_engine(url)
    try:
        command.downgrade(config, "0007")
        assert not tables & set(inspect(engine).get_table_names())
        upgrade_database(url)
        assert tables <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
