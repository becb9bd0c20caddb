"""The one-trip SQLite driver: each statement one trip to aiosqlite's thread, the same SQL in
the same order, and the same transactions (BEGIN IMMEDIATE for writes) as SQLAlchemy's own;
one-statement transactions without BEGIN, and compiled statements shared by a process's
engines on one file."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.engine.interfaces import CacheStats
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.engine import ONE_STATEMENT, WRITE_OPTION, create_engine_for
from resume_worker.adapters.sql.migrations import upgrade_database
from resume_worker.core.errors import ErrorCode, RetryableError

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade_database(url)
    return url


@contextmanager
def trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The calls handed to aiosqlite's thread, by name."""
    seen: list[str] = []
    queue = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await queue(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    yield seen


def job_row(job_id: str) -> dict[str, Any]:
    return {
        "id": job_id,
        "tenant_id": "t1",
        "status": "queued",
        "file_ext": "txt",
        "attempts": 0,
        "created_at": NOW,
        "updated_at": NOW,
    }


def single(engine: AsyncEngine) -> AsyncEngine:
    return engine.execution_options(**{WRITE_OPTION: ONE_STATEMENT})


def run(url: str, body: Any, busy_timeout_s: float = 5) -> Any:
    async def scenario() -> Any:
        engine = create_engine_for(url, busy_timeout_s=busy_timeout_s)
        try:
            return await body(engine, engine.execution_options(**{WRITE_OPTION: True}))
        finally:
            await engine.dispose()

    return asyncio.run(scenario())


def test_a_read_and_a_write_make_two_trips_each(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read: its BEGIN with the SELECT, then the rollback that ends it. A write: BEGIN
    IMMEDIATE with the statement, then the commit; the pool's reset after a commit makes none."""

    async def body(engine: AsyncEngine, writer: AsyncEngine) -> dict[str, list[str]]:
        async with writer.begin() as conn:  # connect once, so no connect trips are counted
            await conn.execute(insert(t.jobs), job_row("j0"))
        found = {}
        with trips(monkeypatch) as seen:
            async with engine.connect() as conn:
                await conn.execute(select(t.jobs.c.id))
            found["read"], seen[:] = list(seen), []
            async with writer.begin() as conn:
                await conn.execute(insert(t.jobs), job_row("j1"))
            found["write"], seen[:] = list(seen), []
            async with writer.begin() as conn:
                await conn.execute(insert(t.jobs), job_row("j2"))
                await conn.execute(update(t.jobs).values(attempts=1))
            found["two statements"] = list(seen)
        return found

    found = run(url, body)
    assert found == {
        "read": ["_run", "rollback"],
        "write": ["_run", "commit"],
        "two statements": ["_run", "_run", "commit"],
    }


def test_rows_counts_and_keys_come_back_with_the_trip(url: str) -> None:
    """Selected rows, RETURNING rows, rowcount, an autoincrement key and executemany work as
    with SQLAlchemy's own adapter."""

    async def body(engine: AsyncEngine, writer: AsyncEngine) -> dict[str, Any]:
        async with writer.begin() as conn:
            await conn.execute(insert(t.jobs), [job_row("a"), job_row("b"), job_row("c")])
            changed = await conn.execute(
                update(t.jobs).where(t.jobs.c.id != "c").values(attempts=2)
            )
            returned = await conn.execute(
                update(t.jobs).where(t.jobs.c.id == "c").values(attempts=5).returning(t.jobs.c.id)
            )
            ledger = await conn.execute(
                insert(t.ledger).values(
                    tenant_id="t1", job_id="a", kind="grant", amount=3, created_at=NOW
                )
            )
            found = {
                "changed": changed.rowcount,
                "returned": returned.all(),
                "key": ledger.inserted_primary_key,
            }
        async with engine.connect() as conn:
            rows = await conn.execute(select(t.jobs.c.id, t.jobs.c.attempts).order_by("id"))
            found["rows"] = [tuple(r) for r in rows]
            found["one"] = (await conn.execute(text("select 1"))).scalar_one()
        return found

    found = run(url, body)
    assert found == {
        "changed": 2,
        "returned": [("c",)],
        "key": (1,),
        "rows": [("a", 2), ("b", 2), ("c", 5)],
        "one": 1,
    }


def test_a_failed_statement_rolls_back_and_the_connection_goes_on(url: str) -> None:
    """A unique violation leaves as IntegrityError, nothing of its transaction is kept, and
    the pooled connection works for the next transaction."""

    async def body(engine: AsyncEngine, writer: AsyncEngine) -> list[tuple[str, ...]]:
        async with writer.begin() as conn:
            await conn.execute(insert(t.jobs), job_row("a"))
        with pytest.raises(IntegrityError):
            async with writer.begin() as conn:
                await conn.execute(insert(t.jobs), job_row("b"))
                await conn.execute(insert(t.jobs), job_row("a"))
        async with writer.begin() as conn:
            await conn.execute(insert(t.jobs), job_row("c"))
        async with engine.connect() as conn:
            return [tuple(r) for r in await conn.execute(select(t.jobs.c.id).order_by("id"))]

    assert run(url, body) == [("a",), ("c",)]


def test_a_write_waits_for_the_write_lock_before_its_first_read(url: str) -> None:
    """Write transactions still begin IMMEDIATE: with another connection holding SQLite's write
    lock, a write transaction that starts with a read fails retryable after the busy timeout,
    rather than reading a state the other writer is about to change."""
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")

    async def body(engine: AsyncEngine, writer: AsyncEngine) -> None:
        async with writer.begin() as conn:
            await conn.execute(select(t.jobs.c.id))

    try:
        with pytest.raises(RetryableError) as caught:
            run(url, body, busy_timeout_s=0.3)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert caught.value.code is ErrorCode.DB_CONNECTION


def test_a_write_cancelled_while_waiting_for_the_lock_leaves_no_transaction(url: str) -> None:
    """A write whose task is cancelled while its BEGIN IMMEDIATE waits on aiosqlite's thread:
    once the other writer lets go, the abandoned BEGIN and its insert go through, and are
    rolled back with the connection SQLAlchemy drops: no lock held, nothing committed."""
    path = url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)

    async def body(engine: AsyncEngine, writer: AsyncEngine) -> list[tuple[str, ...]]:
        async with engine.connect() as conn:  # the pool's connection, set up before the lock
            await conn.execute(select(t.jobs.c.id))
        holder.execute("BEGIN IMMEDIATE")

        async def write() -> None:
            async with writer.begin() as conn:
                await conn.execute(insert(t.jobs), job_row("cancelled"))

        task = asyncio.create_task(write())
        await asyncio.sleep(0.3)  # its BEGIN IMMEDIATE (with the insert) waits for the lock
        task.cancel()
        await asyncio.sleep(0.1)
        holder.execute("ROLLBACK")  # now the abandoned BEGIN and insert go through
        with pytest.raises(asyncio.CancelledError):
            await task
        async with writer.begin() as conn:  # the lock is free again for this process too
            await conn.execute(insert(t.jobs), job_row("after"))
        async with engine.connect() as conn:
            return [tuple(r) for r in await conn.execute(select(t.jobs.c.id))]

    try:
        found = run(url, body, busy_timeout_s=5)
    finally:
        holder.close()
    assert found == [("after",)]
    other = sqlite3.connect(path, isolation_level=None, timeout=1)
    other.execute("BEGIN IMMEDIATE")  # nobody holds the write lock now
    other.execute("ROLLBACK")
    other.close()


def test_a_one_statement_transaction_is_one_trip_and_commits_on_its_own(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ONE_STATEMENT: no BEGIN and no COMMIT or ROLLBACK trip, for a write or a read; a written
    row is committed when the statement ends (another connection sees it), and a second
    statement in one is refused."""
    path = url.removeprefix("sqlite:///")

    async def body(engine: AsyncEngine, writer: AsyncEngine) -> dict[str, Any]:
        async with writer.begin() as conn:
            await conn.execute(insert(t.jobs), job_row("j0"))
        with trips(monkeypatch) as seen:
            async with single(engine).begin() as conn:
                await conn.execute(insert(t.jobs), job_row("j1"))
                seen_by_other = sqlite3.connect(path).execute("select id from jobs").fetchall()
            async with single(engine).connect() as conn:
                read = (await conn.execute(select(t.jobs.c.id).order_by("id"))).all()
            made = list(seen)
        with pytest.raises(RuntimeError, match="second statement"):
            async with single(engine).begin() as conn:
                await conn.execute(update(t.jobs).values(attempts=1))
                await conn.execute(update(t.jobs).values(attempts=2))
        return {"trips": made, "seen": sorted(seen_by_other), "read": read}

    assert run(url, body) == {
        "trips": ["_run", "_run"],
        "seen": [("j0",), ("j1",)],
        "read": [("j0",), ("j1",)],
    }


def test_a_one_statement_write_waits_for_the_write_lock_like_any_write(url: str) -> None:
    """Without BEGIN it still needs SQLite's write lock: held by another connection past the
    busy timeout, it fails retryable and writes nothing."""
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)

    async def body(engine: AsyncEngine, writer: AsyncEngine) -> None:
        async with engine.connect() as conn:  # the pool's connection, set up before the lock
            await conn.execute(select(t.jobs.c.id))
        holder.execute("BEGIN IMMEDIATE")
        async with single(engine).begin() as conn:
            await conn.execute(insert(t.jobs), job_row("j1"))

    try:
        with pytest.raises(RetryableError) as caught:
            run(url, body, busy_timeout_s=0.3)
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    assert caught.value.code is ErrorCode.DB_CONNECTION
    assert sqlite3.connect(url.removeprefix("sqlite:///")).execute(
        "select count(*) from jobs"
    ).fetchall() == [(0,)]


def test_engines_on_one_file_compile_a_statement_once(url: str) -> None:
    """The engines of one process on one SQLite file (a worker's threads each have one) share
    compiled statements: the second engine finds the first one's."""

    async def body() -> list[Any]:
        found = []
        for _ in range(2):
            engine = create_engine_for(url, busy_timeout_s=5)
            async with engine.connect() as conn:
                result = await conn.execute(select(t.jobs).where(t.jobs.c.id == "nobody"))
                found.append(result.context.cache_hit)
            await engine.dispose()
        return found

    hit, miss = CacheStats.CACHE_HIT, CacheStats.CACHE_MISS
    assert asyncio.run(body()) == [miss, hit]
