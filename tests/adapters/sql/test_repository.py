"""The Repository contract on both databases (SQLite and PostgreSQL, the `store` fixture):
versions and deduplication, idempotency by job id, the ledger's unique rows, concurrent writers,
and transient lock waits surfacing as retryable errors."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy import text

from resume_worker.adapters.sql.engine import create_engine_for
from resume_worker.adapters.sql.locks import lock_key
from resume_worker.composition.admin import AdminServices
from resume_worker.core.errors import ErrorCode, RetryableError
from resume_worker.core.models import JobOutcome, JobStatus, Usage
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.pipeline import Services
from tests.e2e import real_services
from tests.pg import PgDatabase
from tests.stored_data import EN_PLAIN, OTHER_PERSON, Store, submit

# The same person in three different files: a new job title, then one more skill.
PROMOTED = EN_PLAIN.replace(b"Senior Project Manager", b"Program Director")
MORE_SKILLS = PROMOTED.replace(b"SQL, Tableau", b"SQL, Tableau, Power BI")


def ledger_kinds(store: Store, job_id: str) -> list[str]:
    return sorted(r[0] for r in store.rows("select kind from ledger where job_id = ?", job_id))


def test_same_person_three_times_gives_versions_one_to_three(store: Store) -> None:
    """Three files of one person: one candidate, versions 1..3 each linked to the one before,
    only the newest latest, the older ones still readable, and three charges."""

    async def body(services: Services) -> list[JobOutcome]:
        files = [(EN_PLAIN, "cv.txt"), (PROMOTED, "cv-2024.txt"), (MORE_SKILLS, "Morgan.txt")]
        return [await submit(services, data, name) for data, name in files]

    outcomes = store.run(body)
    assert {o.status for o in outcomes} == {JobStatus.COMPLETED}
    assert {o.candidate_id for o in outcomes} == {outcomes[0].candidate_id}
    assert [o.version for o in outcomes] == [1, 2, 3]
    versions = store.rows(
        "select v.version, v.is_latest, p.version from candidate_versions v "
        "left join candidate_versions p on p.id = v.parent_id order by v.version"
    )
    assert versions == [(1, False, None), (2, False, 1), (3, True, 2)]
    assert store.rows("select count(*) from ledger where kind = 'charge'") == [(3,)]

    async def read_back(admin: AdminServices) -> list[tuple[int, bool, int]]:
        listed = await admin.candidates.candidate_versions(outcomes[0].candidate_id or "")
        found = []
        for version in listed:
            record = await admin.candidates.get_record(version.record_id)
            assert record is not None
            found.append((version.version, version.is_latest, len(record.pii)))
        return found

    read = store.run_admin(read_back)
    assert [(v, latest) for v, latest, _ in read] == [(1, False), (2, False), (3, True)]
    assert all(pii > 0 for _, _, pii in read)


def test_shared_phone_with_another_name_stays_two_candidates(store: Store) -> None:
    """Another person with the same phone (different name and e-mail) is a new candidate,
    with a warning; the first keeps its single version."""
    other = OTHER_PERSON.replace(b"415-555-0199", b"512-555-0163")

    async def body(services: Services) -> list[JobOutcome]:
        return [await submit(services, EN_PLAIN), await submit(services, other)]

    first, second = store.run(body)
    assert first.candidate_id != second.candidate_id
    assert (first.version, second.version) == (1, 1)
    assert any("name differs" in w for w in second.warnings)
    assert store.rows("select count(*) from candidates") == [(2,)]


def test_same_job_delivered_three_times_stores_and_charges_once(store: Store) -> None:
    """A job id run three times gives one version and one charge; the outcome is the same."""

    async def body(services: Services) -> list[JobOutcome]:
        first = await submit(services, EN_PLAIN)
        return [first, *[await run_job(first.job_id, services) for _ in range(2)]]

    outcomes = store.run(body)
    assert len({(o.candidate_id, o.version, o.record_id) for o in outcomes}) == 1
    assert store.rows("select count(*) from candidate_versions") == [(1,)]
    assert ledger_kinds(store, outcomes[0].job_id) == ["charge", "reserve"]


def test_latest_follows_acceptance_time_not_finishing_order(store: Store) -> None:
    """A job accepted earlier but finished later becomes version 2 without taking the latest
    flag from the version accepted after it."""

    async def body(services: Services) -> tuple[JobOutcome, JobOutcome]:
        earlier = await accept_job(services, EN_PLAIN, file_name="a.txt", tenant_id="t1")
        later = await accept_job(services, PROMOTED, file_name="b.txt", tenant_id="t1")
        second = await run_job(later.id, services)
        return await run_job(earlier.id, services), second

    earlier, later = store.run(body)
    assert (later.version, earlier.version) == (1, 2)
    latest = store.rows("select job_id from candidate_versions where is_latest")
    assert latest == [(later.job_id,)]


def test_concurrent_jobs_of_one_person_in_two_workers_make_one_candidate(store: Store) -> None:
    """Two workers (two engines, separate connections) each store three jobs of the same person
    at once: one candidate, versions 1..6 without gaps, one latest, nothing retried."""

    async def worker(services: Services) -> list[JobOutcome]:
        return list(await asyncio.gather(*(submit(services, EN_PLAIN) for _ in range(3))))

    async def body() -> list[JobOutcome]:
        settings = store.overrides()
        async with (
            real_services(store.data, **settings) as one,
            real_services(store.data, **settings) as two,
        ):
            first, second = await asyncio.gather(worker(one), worker(two))
        return first + second

    outcomes = asyncio.run(body())
    assert {o.status for o in outcomes} == {JobStatus.COMPLETED}
    assert {o.candidate_id for o in outcomes} == {outcomes[0].candidate_id}
    assert sorted(o.version or 0 for o in outcomes) == [1, 2, 3, 4, 5, 6]
    assert store.rows("select count(*) from candidate_versions where is_latest") == [(1,)]


def test_ledger_rows_are_unique_per_job_and_kind(store: Store) -> None:
    """A second row of the same (job, kind) is refused and reported, not duplicated; a repeated
    reservation counts as made."""

    async def body(services: Services) -> list[bool]:
        ledger = services.ledger
        return [
            await ledger.add_ledger_entry("t1", "grant-1", "grant", 5),
            await ledger.add_ledger_entry("t1", "grant-1", "grant", 5),
            await ledger.reserve_credit("t1", "job-1", 1, enforce=True),
            await ledger.reserve_credit("t1", "job-1", 1, enforce=True),
            await ledger.add_ledger_entry("t1", "job-1", "charge", 1),
            await ledger.add_ledger_entry("t1", "job-1", "charge", 1),
        ]

    assert store.run(body) == [True, False, True, True, True, False]
    assert store.rows("select kind, count(*) from ledger group by kind order by kind") == [
        ("charge", 1),
        ("grant", 1),
        ("reserve", 1),
    ]


def test_a_write_stuck_behind_another_writer_fails_retryable(store: Store) -> None:
    """When another connection holds the lock a write needs past database.busy_timeout_s, the
    repository raises RetryableError(DB_CONNECTION), which requeues a job instead of failing it."""
    database = {**store.overrides().get("database", {}), "busy_timeout_s": 0.3}

    async def body() -> None:
        async with real_services(store.data, database=database) as services:
            with holding_write_lock(store):
                await services.ledger.reserve_credit("t1", "job-1", 1, enforce=False)

    with pytest.raises(RetryableError) as caught:
        asyncio.run(body())
    assert caught.value.code is ErrorCode.DB_CONNECTION
    assert store.rows("select count(*) from ledger") == [(0,)]


@contextmanager
def holding_write_lock(store: Store) -> Iterator[None]:
    """Another client holding what a credit reservation waits for: SQLite's write lock, or the
    tenant's credit lock on PostgreSQL."""
    if store.database is None:
        lite = sqlite3.connect(store.data / "resume-worker.db", isolation_level=None)
        lite.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            lite.execute("ROLLBACK")
            lite.close()
        return
    with psycopg.connect(store.database.dsn) as pg:
        pg.execute("select pg_advisory_xact_lock(%s)", (lock_key("credits:t1"),))
        yield
        pg.rollback()


def test_postgresql_deadlock_and_serialization_failure_are_retryable(
    pg_database: PgDatabase,
) -> None:
    """On the real server, a deadlock (two transactions locking in opposite order) and a
    serialization failure (two SERIALIZABLE transactions writing what the other read) leave the
    engine as RetryableError(DB_CONNECTION) naming the driver error."""
    engine = create_engine_for(pg_database.url, busy_timeout_s=30)

    async def deadlock() -> list[BaseException | None]:
        async def one(first: str, second: str) -> None:
            async with engine.begin() as conn:
                await conn.execute(text("select pg_advisory_xact_lock(hashtext(:k))"), {"k": first})
                await asyncio.sleep(0.3)
                await conn.execute(
                    text("select pg_advisory_xact_lock(hashtext(:k))"), {"k": second}
                )

        return list(await asyncio.gather(one("a", "b"), one("b", "a"), return_exceptions=True))

    async def serialization() -> list[BaseException | None]:
        async with engine.begin() as conn:
            await conn.execute(text("create table if not exists counters (n int)"))

        async def one(value: int) -> None:
            serial = engine.execution_options(isolation_level="SERIALIZABLE")
            async with serial.begin() as conn:
                await conn.execute(text("select count(*) from counters"))
                await asyncio.sleep(0.3)
                await conn.execute(text("insert into counters values (:n)"), {"n": value})

        return list(await asyncio.gather(one(1), one(2), return_exceptions=True))

    async def both() -> tuple[list[BaseException | None], list[BaseException | None]]:
        try:
            return await deadlock(), await serialization()
        finally:
            await engine.dispose()

    for outcomes, driver_error in zip(
        asyncio.run(both()), ("DeadlockDetected", "SerializationFailure"), strict=True
    ):
        failed = [o for o in outcomes if o is not None]
        assert len(failed) == 1, outcomes
        assert isinstance(failed[0], RetryableError) and failed[0].code is ErrorCode.DB_CONNECTION
        assert driver_error in failed[0].details["error_type"] + repr(failed[0].__cause__)


def test_llm_usage_is_kept_with_the_outcome(store: Store) -> None:
    """A job's LLM usage (calls, tokens, cost) is stored with its outcome and read back, so
    `jobs show`, GET /v1/jobs and the metrics see it; a job without an LLM has none."""
    usage = Usage(calls=2, input_tokens=1200, output_tokens=300, cost=0.0042)

    async def body(services: Services) -> tuple[JobOutcome | None, JobOutcome | None]:
        with_llm = await accept_job(services, EN_PLAIN, file_name="a.txt", tenant_id="t1")
        without = await accept_job(services, EN_PLAIN, file_name="b.txt", tenant_id="t1")
        await services.jobs.finish_job(
            JobOutcome(with_llm.id, JobStatus.FAILED, ErrorCode.LLM_UNAVAILABLE, usage=usage)
        )
        await services.jobs.finish_job(JobOutcome(without.id, JobStatus.FAILED))
        jobs = services.jobs
        return await jobs.get_outcome(with_llm.id), await jobs.get_outcome(without.id)

    stored, plain = store.run(body)
    assert stored is not None and stored.usage == usage
    assert plain is not None and plain.usage is None
