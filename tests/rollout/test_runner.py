"""A job's path through the flags on the real SQL flag store: decided once and stored, reused by
a retry, overridden by off and kill at the next boundary; shadow runs recorded once, within
budget; the reader re-reads on time with jitter."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from resume_worker.adapters.sql.migrations import upgrade_database
from resume_worker.adapters.sql.rollout import SqlFlagStore
from resume_worker.core.flags import Flag
from resume_worker.core.models import Job, JobStatus
from resume_worker.rollout import ExperimentOptions, FlagReader, MismatchError, Rollout, Stage
from resume_worker.rollout.compare import FieldComparator

T = TypeVar("T")
FLAG = Flag("pdf_extractor", "salt", "on", 0, "job", "columns", "plain")
JOB = Job("job-1", "t1", JobStatus.PROCESSING, "pdf", "")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Calls(list[str]):
    """A stage over named variants that records which ran; variant "b" answers differently."""

    def stage(self) -> Stage[str, str, dict[str, str]]:
        async def run(variant: str, text: str) -> dict[str, str]:
            self.append(variant)
            return {"text": text, "flavour": "b" if variant == "plain" else "a"}

        compare: FieldComparator[dict[str, str]] = FieldComparator(
            fields={"text": lambda r: r["text"], "flavour": lambda r: r["flavour"]}
        )
        variants = {"columns": "columns", "plain": "plain"}
        return Stage(run, variants, "default", compare)


@asynccontextmanager
async def rollout(tmp_path: Path, **options: object) -> AsyncIterator[tuple[Rollout, Clock]]:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    await asyncio.to_thread(upgrade_database, url)
    engine = create_async_engine(url.replace("sqlite:///", "sqlite+aiosqlite:///"))
    clock = Clock()
    store = SqlFlagStore(engine, engine)
    reader = FlagReader(store, refresh_s=5.0, jitter=0.2, clock=clock, draw=lambda: 0.5)
    try:
        yield Rollout(store, reader, ExperimentOptions(**options)), clock  # type: ignore[arg-type]
    finally:
        await engine.dispose()


def run(body: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(body())


def test_no_live_flag_writes_nothing_and_serves_the_default(tmp_path: Path) -> None:
    """No flags, or only off ones: no decision is stored and the default variant serves."""
    calls = Calls()

    async def body() -> dict[str, int]:
        async with rollout(tmp_path) as (found, _clock):
            await found.store.save_flag(replace(FLAG, state="off"))
            job = await found.for_job(JOB)
            await job.run("pdf_extractor", calls.stage(), "x")
            return await found.store.decision_counts("pdf_extractor")

    assert run(body) == {"control": 0, "candidate": 0, "shadow": 0, "noise": 0}
    assert calls == ["default"]


def test_decision_is_stored_once_and_a_retry_reuses_it(tmp_path: Path) -> None:
    """An `on` job keeps the candidate on its retry even after the flag drops to 0 %."""
    calls = Calls()

    async def body() -> None:
        async with rollout(tmp_path) as (found, clock):
            await found.store.save_flag(FLAG)
            await (await found.for_job(JOB)).run("pdf_extractor", calls.stage(), "x")
            await found.store.save_flag(replace(FLAG, state="percent", percent=0))
            clock.now = 10
            await (await found.for_job(JOB)).run("pdf_extractor", calls.stage(), "x")
            other = replace(JOB, id="job-2")
            await (await found.for_job(other)).run("pdf_extractor", calls.stage(), "x")

    run(body)
    assert calls == ["plain", "plain", "columns"]


def test_off_and_kill_override_at_the_next_boundary_once_the_reader_refreshes(
    tmp_path: Path,
) -> None:
    """A job decided `on` serves the default after a kill, as soon as the cached flags are due
    (4.5 s here: 5 s less half of the 20 % jitter); before that it still serves the candidate."""
    calls = Calls()

    async def body() -> None:
        async with rollout(tmp_path) as (found, clock):
            await found.store.save_flag(FLAG)
            job = await found.for_job(JOB)
            killed = replace(FLAG, state="off", killed_at=datetime.now(UTC))
            await found.store.save_flag(killed)
            clock.now = 4.4
            await job.run("pdf_extractor", calls.stage(), "x")
            clock.now = 4.5
            await job.run("pdf_extractor", calls.stage(), "x")
            retry = await found.for_job(JOB)
            await retry.run("pdf_extractor", calls.stage(), "x")

    run(body)
    assert calls == ["plain", "default", "default"]


def test_reader_reads_again_only_when_due() -> None:
    """Reads happen on the first call and then every refresh_s * (1 - jitter * draw)."""

    class Store:
        reads = 0

        async def flags(self) -> dict[str, Flag]:
            Store.reads += 1
            return {}

        async def spent(self) -> dict[str, float]:
            return {}

    clock = Clock()
    reader = FlagReader(Store(), refresh_s=5, jitter=0.2, clock=clock, draw=lambda: 1.0)  # type: ignore[arg-type]

    async def body() -> list[int]:
        seen = []
        for now in (0, 1, 3.99, 4.0, 7.9, 8.0):
            clock.now = now
            await reader.current()
            seen.append(Store.reads)
        return seen

    assert run(body) == [1, 1, 1, 2, 2, 3]


def test_shadow_run_is_recorded_once_and_not_repeated_by_a_retry(tmp_path: Path) -> None:
    """A sampled shadow job runs both variants, returns the control's result and stores one
    observation; its retry serves the control alone."""
    calls = Calls()
    shadow = replace(FLAG, state="shadow", sample=1.0)

    async def body() -> tuple[dict[str, str], list[object]]:
        async with rollout(tmp_path, noise_rate=0.0) as (found, _clock):
            await found.store.save_flag(shadow)
            result = await (await found.for_job(JOB)).run("pdf_extractor", calls.stage(), "x")
            await (await found.for_job(JOB)).run("pdf_extractor", calls.stage(), "x")
            return result, list(await found.store.observations("pdf_extractor"))

    result, observations = run(body)
    assert result["flavour"] == "a"
    assert sorted(calls) == ["columns", "columns", "plain"]
    [observation] = observations
    assert observation.fields == {"text": True, "flavour": False}  # type: ignore[attr-defined]


def test_spent_budget_stops_shadow_runs(tmp_path: Path) -> None:
    """Once the candidates' recorded cost reaches the budget, sampled jobs run the control only."""
    calls = Calls()
    shadow = replace(FLAG, state="shadow", sample=1.0, cost_budget=0.0)

    async def body() -> None:
        async with rollout(tmp_path) as (found, _clock):
            await found.store.save_flag(shadow)
            await (await found.for_job(JOB)).run("pdf_extractor", calls.stage(), "x")

    run(body)
    assert calls == ["columns"]


def test_test_mode_raises_on_mismatch(tmp_path: Path) -> None:
    """rollout.raise_on_mismatch turns a differing candidate into MismatchError (after storing
    the observation), naming the field and never its values."""
    shadow = replace(FLAG, state="shadow", sample=1.0)

    async def body() -> None:
        async with rollout(tmp_path, noise_rate=0.0, raise_on_mismatch=True) as (found, _clock):
            await found.store.save_flag(shadow)
            await (await found.for_job(JOB)).run("pdf_extractor", Calls().stage(), "secret")

    with pytest.raises(MismatchError, match="flavour") as raised:
        run(body)
    assert "secret" not in str(raised.value)


def test_unknown_variant_serves_the_default(tmp_path: Path) -> None:
    """A flag naming a variant this worker does not have serves today's default."""
    calls = Calls()

    async def body() -> None:
        async with rollout(tmp_path) as (found, _clock):
            await found.store.save_flag(replace(FLAG, candidate="gpt-9"))
            await (await found.for_job(JOB)).run("pdf_extractor", calls.stage(), "x")

    run(body)
    assert calls == ["default"]
