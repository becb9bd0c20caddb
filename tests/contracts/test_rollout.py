"""The FlagStore contract: the same suite on the fake and the SQL store on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from resume_worker.adapters.sql.rollout import SqlFlagStore
from resume_worker.core.flags import Decision, Flag, Observation, Side
from resume_worker.core.ports.rollout import FlagStore
from tests.contracts.backends import BACKENDS, Backend, open_backend
from tests.contracts.test_api import sql_engines
from tests.fakes.rollout import MemoryFlagStore

KILLED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
FLAG = Flag("analyst_model", "s1", "shadow", 0, "job", "llm", "b", 0.5, cost_budget=2.0)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The fake, or an empty migrated database of each SQL backend."""
    return open_backend(request, tmp_path)


def run(backend: Backend, body: Callable[[FlagStore], Awaitable[None]]) -> None:
    """`body` on the fake, or on the SQL store of the backend, in a fresh event loop."""

    async def scenario() -> None:
        if backend.settings is None:
            await body(MemoryFlagStore())
            return
        async with sql_engines(backend) as (engine, writer):
            await body(SqlFlagStore(engine, writer))

    asyncio.run(scenario())


def as_utc(moment: datetime | None) -> datetime | None:
    """A stored time compared as UTC (SQLite gives it back naive: test_timestamps_are_utc)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def observation(job_id: str, *, noise: bool = False, cost: float | None = 0.5) -> Observation:
    return Observation(
        "analyst_model",
        job_id,
        noise,
        Side("llm", 120.0, 0.25),
        Side("llm" if noise else "b", 150.0, cost, None if cost is not None else "timeout"),
        {"name": True, "skills": False},
    )


def test_flags_are_saved_replaced_and_read_back(backend: Backend) -> None:
    """save_flag creates, then replaces; flags() gives every field back, with updated_at set at
    the save."""
    killed = Flag("pdf_extractor", "p", "off", cost_budget=0.0, killed_at=KILLED)

    async def body(store: FlagStore) -> None:
        assert await store.flags() == {}
        before = datetime.now(UTC)
        await store.save_flag(FLAG)
        await store.save_flag(Flag("analyst_model", "s2", "percent", 10, "tenant", "llm", "b"))
        await store.save_flag(killed)
        flags = await store.flags()
        assert set(flags) == {"analyst_model", "pdf_extractor"}
        first = flags["analyst_model"]
        updated = as_utc(first.updated_at)
        assert updated is not None and before <= updated <= datetime.now(UTC)
        assert replace(first, updated_at=None) == Flag(
            "analyst_model", "s2", "percent", 10, "tenant", "llm", "b"
        )
        second = flags["pdf_extractor"]
        assert replace(second, updated_at=None, killed_at=as_utc(second.killed_at)) == killed

    run(backend, body)


def test_a_jobs_first_decision_per_flag_wins(backend: Backend) -> None:
    """A later proposal for a decided flag is ignored and a new flag's is added; `observed` is
    never taken from a proposal, and turns true once the job's observation is stored, which a
    second attempt cannot store again; other jobs are apart."""
    one = Decision("analyst_model", "control", "llm", 42, shadow=True, shadow_variant="b")
    other = Decision("analyst_model", "candidate", "b", 42)
    pdf = Decision("pdf_extractor", "candidate", "plain", 7, observed=True)

    async def body(store: FlagStore) -> None:
        assert await store.decide("job-1", []) == {}
        assert await store.decide("job-1", [one]) == {"analyst_model": one}
        second = await store.decide("job-1", [other, pdf])
        assert second == {"analyst_model": one, "pdf_extractor": replace(pdf, observed=False)}
        assert await store.decide("job-2", [other]) == {"analyst_model": other}
        assert await store.record(observation("job-1"))
        assert not await store.record(observation("job-1", cost=9.0))
        third = await store.decide("job-1", [])
        assert third["analyst_model"].observed and not third["pdf_extractor"].observed
        assert not (await store.decide("job-2", []))["analyst_model"].observed

    run(backend, body)


def test_two_attempts_deciding_at_once_agree(backend: Backend) -> None:
    """Two attempts of one job proposing different arms at the same time both get back the
    same stored decision."""
    control = Decision("analyst_model", "control", "llm", 3)
    candidate = Decision("analyst_model", "candidate", "b", 3)

    async def body(store: FlagStore) -> None:
        first, second = await asyncio.gather(
            store.decide("job-1", [control]), store.decide("job-1", [candidate])
        )
        assert first == second and first["analyst_model"] in (control, candidate)
        assert await store.decide("job-1", []) == first

    run(backend, body)


def test_observations_spend_and_counts(backend: Backend) -> None:
    """Observations read back whole, in the order stored; spend sums the candidates' costs per
    flag (unknown costs add nothing); decision counts split by arm, shadow and noise; a flag
    with nothing recorded has no observations and zero counts."""

    async def body(store: FlagStore) -> None:
        assert await store.spent() == {}
        stored = [observation("j1"), observation("j2", noise=True, cost=0.25)]
        stored.append(observation("j3", cost=None))
        for one in stored:
            assert await store.record(one)
        other = replace(observation("j1", cost=None), flag="pdf_extractor")
        assert await store.record(other)
        decisions = [
            Decision("analyst_model", "control", "llm", 1, shadow=True, shadow_variant="b"),
            Decision("analyst_model", "control", "llm", 2, True, True, "llm"),
            Decision("analyst_model", "candidate", "b", 3),
            Decision("pdf_extractor", "candidate", "plain", 4),
        ]
        for n, decision in enumerate(decisions):
            await store.decide(f"j{n}", [decision])
        found = await store.observations("analyst_model")
        assert [replace(o, created_at=None) for o in found] == stored
        assert await store.spent() == {"analyst_model": pytest.approx(0.75), "pdf_extractor": 0}
        counts = await store.decision_counts("analyst_model")
        assert counts == {"control": 2, "candidate": 1, "shadow": 2, "noise": 1}
        assert await store.observations("nothing") == []
        assert await store.decision_counts("nothing") == dict.fromkeys(counts, 0)

    run(backend, body)


def test_timestamps_are_utc(backend: Backend) -> None:
    """updated_at, killed_at and an observation's created_at come back timezone-aware, UTC."""

    async def body(store: FlagStore) -> None:
        await store.save_flag(replace(FLAG, killed_at=KILLED))
        await store.record(observation("j1"))
        flag = (await store.flags())[FLAG.name]
        (found,) = await store.observations(FLAG.name)
        moments = (flag.updated_at, flag.killed_at, found.created_at)
        assert all(m is not None and m.utcoffset() == timedelta(0) for m in moments)
        assert flag.killed_at == KILLED

    run(backend, body)
