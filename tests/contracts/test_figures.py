"""The JobFigures contract: the same suite on the fake and on SqlJobFigures over SQLite and
PostgreSQL, reading the jobs that the JobStore of the same database wrote."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import make_url

from resume_worker.adapters.sql.engine import create_engine_for
from resume_worker.adapters.sql.job_figures import SqlJobFigures
from resume_worker.composition.database import database_url, open_repository
from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import JobOutcome, JobStatus, Usage
from resume_worker.core.ports.jobs import JobCount, JobFigures
from tests.contracts.backends import BACKENDS, Backend, Ports, open_backend
from tests.contracts.records import accept
from tests.fakes.database import MemoryDatabase
from tests.fakes.jobs import MemoryJobFigures
from tests.fakes.repository import MemoryRepository


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The fake, SqlJobFigures on SQLite and SqlJobFigures on PostgreSQL."""
    return open_backend(request, tmp_path)


@asynccontextmanager
async def opened(backend: Backend) -> AsyncIterator[tuple[Ports, JobFigures]]:
    """The backend's repository and the figures read from its database."""
    if backend.settings is None:
        db = MemoryDatabase()
        yield MemoryRepository(db), MemoryJobFigures(db)
        return
    async with open_repository(backend.settings) as repository:
        yield repository, SqlJobFigures(repository.engine)


@asynccontextmanager
async def unreachable(backend: Backend, folder: Path) -> AsyncIterator[JobFigures]:
    """Figures of a database that cannot answer: a SQLite file in a folder that does not
    exist, a PostgreSQL database that does not exist on the server."""
    if backend.settings is None:
        yield MemoryJobFigures(reachable=False)
        return
    url = make_url(database_url(backend.settings))
    missing = str(folder / "no-such-folder" / "db") if backend.name == "sqlite" else "rw_missing"
    engine = create_engine_for(
        url.set(database=missing).render_as_string(hide_password=False), busy_timeout_s=1
    )
    try:
        yield SqlJobFigures(engine)
    finally:
        await engine.dispose()


async def answers(figures: JobFigures) -> bool:
    """Whether a ping succeeds (any exception is a failed ping, as the readiness probe says)."""
    try:
        await figures.ping()
    except Exception:
        return False
    return True


def ended(job_id: str, status: JobStatus, code: ErrorCode | None = None) -> JobOutcome:
    return JobOutcome(job_id, status, error_code=code, timings_ms={"store": 1.5})


def test_ping_answers_only_when_the_database_does(backend: Backend, tmp_path: Path) -> None:
    """ping returns on a live database and raises when the database cannot be reached."""

    async def scenario() -> None:
        async with opened(backend) as (_, figures):
            assert await answers(figures)
        async with unreachable(backend, tmp_path) as figures:
            assert not await answers(figures)

    asyncio.run(scenario())


def test_job_counts_group_every_job_by_tenant_status_and_code(backend: Backend) -> None:
    """Every job is counted once, grouped by tenant, status and error code (None: no code);
    an empty database has no groups."""

    async def scenario() -> None:
        async with opened(backend) as (ports, figures):
            assert await figures.job_counts() == []
            for _ in range(2):
                await accept(ports, "t1")
                parse = await accept(ports, "t1")
                await ports.finish_job(ended(parse.id, JobStatus.FAILED, ErrorCode.PARSE_ERROR))
            short = await accept(ports, "t1")
            await ports.finish_job(ended(short.id, JobStatus.REJECTED, ErrorCode.TEXT_TOO_SHORT))
            done, running = await accept(ports, "t2"), await accept(ports, "t2")
            await ports.finish_job(ended(done.id, JobStatus.COMPLETED))
            await ports.start_job(running.id)
            counts = await figures.job_counts()
            assert sorted(counts, key=lambda c: (c.tenant_id, c.status)) == [
                JobCount("t1", "failed", "PARSE_ERROR", 2),
                JobCount("t1", "queued", None, 2),
                JobCount("t1", "rejected", "TEXT_TOO_SHORT", 1),
                JobCount("t2", "completed", None, 1),
                JobCount("t2", "processing", None, 1),
            ]

    asyncio.run(scenario())


def test_finished_after_reads_ended_jobs_in_finishing_order(backend: Backend) -> None:
    """Only ended jobs, in (finished_at, id) order with their timings and usage; a job sent back
    to the queue (a retry outcome) has not finished."""

    async def scenario() -> None:
        async with opened(backend) as (ports, figures):
            assert await figures.finished_after(None, 10) == []
            jobs = [await accept(ports, tenant) for tenant in ("t1", "t2", "t1", "t1")]
            usage = Usage(calls=2, input_tokens=100, output_tokens=20, cost=0.25)
            done = JobOutcome(jobs[2].id, JobStatus.COMPLETED, timings_ms={"analyze": 7.0})
            for outcome in (
                JobOutcome(jobs[1].id, JobStatus.FAILED, ErrorCode.PARSE_ERROR, usage=usage),
                JobOutcome(jobs[3].id, JobStatus.QUEUED, ErrorCode.LLM_TIMEOUT),
                done,
            ):
                await ports.finish_job(outcome)
                await asyncio.sleep(0.002)
            found = await figures.finished_after(None, 10)
            assert [(f.id, f.tenant_id) for f in found] == [(jobs[1].id, "t2"), (done.job_id, "t1")]
            assert [(dict(f.timings_ms), f.usage) for f in found] == [
                ({}, usage),
                (done.timings_ms, None),
            ]
            assert all(f.finished_at.tzinfo is not None for f in found)
            assert found[0].finished_at < found[1].finished_at

    asyncio.run(scenario())


def test_finished_after_pages_from_a_cursor(backend: Backend) -> None:
    """Pages of `limit` jobs follow one another from the (finished_at, id) cursor of the last
    one read, a job finishing at the cursor's moment with a higher id included; a job sent back
    to the queue leaves the finished jobs."""

    async def scenario() -> None:
        async with opened(backend) as (ports, figures):
            jobs = [await accept(ports) for _ in range(5)]
            for job in reversed(jobs):
                await ports.finish_job(ended(job.id, JobStatus.FAILED, ErrorCode.PARSE_ERROR))
                await asyncio.sleep(0.002)
            every = await figures.finished_after(None, 10)
            assert [f.id for f in every] == [job.id for job in reversed(jobs)]
            pages, cursor = [], None
            for _ in range(5):  # a cursor that does not move fails the test, not hangs it
                page = await figures.finished_after(cursor, 2)
                if not page:
                    break
                pages.append(page)
                cursor = (page[-1].finished_at, page[-1].id)
            assert [len(p) for p in pages] == [2, 2, 1]
            assert [f for page in pages for f in page] == every
            first = every[0]
            assert await figures.finished_after((first.finished_at, ""), 10) == every
            assert await figures.finished_after((first.finished_at, first.id), 10) == every[1:]
            assert await ports.requeue_failed(first.id, amount=1, enforce=False) == "requeued"
            assert await figures.finished_after(None, 10) == every[1:]

    asyncio.run(scenario())
