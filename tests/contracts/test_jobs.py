"""The JobStore and DeadLetters contract: the same suite on the fake and on SqlRepository over
SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import Ciphertext, JobOutcome, JobStatus, Usage
from resume_worker.core.ports.jobs import DeadLetters, JobStore
from tests.contracts.backends import BACKENDS, Backend, Ports, open_backend
from tests.contracts.records import accept, new_job, sealed
from tests.fakes.database import MemoryDatabase
from tests.fakes.jobs import MemoryDeadLetters, MemoryJobStore


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The fake, SqlRepository on SQLite and SqlRepository on PostgreSQL."""
    return open_backend(request, tmp_path)


def failed(job_id: str, code: ErrorCode = ErrorCode.PARSE_ERROR) -> JobOutcome:
    return JobOutcome(job_id, JobStatus.FAILED, error_code=code, error_message="gave up")


def test_created_job_reads_back_queued(backend: Backend) -> None:
    """A created job reads back as given with its file name, and its outcome is an empty queued
    one; unknown ids read as None."""

    async def scenario(ports: Ports) -> None:
        job = new_job("t1")
        name = Ciphertext(sealed("k1"))
        await ports.create_job(job, file_name=name)
        assert await ports.get_job(job.id) == replace(job, file_name=name)
        assert await ports.get_outcome(job.id) == JobOutcome(job.id, JobStatus.QUEUED)
        assert await ports.get_job("no-such-job") is None
        assert await ports.get_outcome("no-such-job") is None
        other = new_job("t1")
        await ports.create_job(other, file_name=None)
        assert (await ports.get_job(other.id)).file_name is None  # type: ignore[union-attr]

    backend.run(scenario)


def test_list_jobs_newest_first_per_tenant(backend: Backend) -> None:
    """Jobs are listed newest first, for one tenant or all, up to the limit."""

    async def scenario(ports: Ports) -> None:
        made = []
        for tenant in ("t1", "t2", "t1", "t1"):
            made.append(await accept(ports, tenant))
            await asyncio.sleep(0.002)
        newest = [job.id for job in reversed(made)]
        assert [j.id for j in await ports.list_jobs("t1", 10)] == [
            i for i in newest if i != made[1].id
        ]
        assert [j.id for j in await ports.list_jobs(None, 3)] == newest[:3]
        assert [j.id for j in await ports.list_jobs("t2", 10)] == [made[1].id]
        assert await ports.list_jobs("t9", 10) == []

    backend.run(scenario)


def test_start_job_counts_each_attempt(backend: Backend) -> None:
    """start_job marks the job processing and counts one more attempt each time."""

    async def scenario(ports: Ports) -> None:
        job = await accept(ports)
        first = await ports.start_job(job.id)
        second = await ports.start_job(job.id)
        assert (first.status, first.attempts) == (JobStatus.PROCESSING, 1)
        assert (second.status, second.attempts) == (JobStatus.PROCESSING, 2)
        assert await ports.get_job(job.id) == second

    backend.run(scenario)


def test_claim_takes_a_queued_job_once(backend: Backend) -> None:
    """A queued job is claimed by one run; while its lease lasts no other run gets it, and an
    unknown job cannot be claimed."""

    async def scenario(ports: Ports) -> None:
        job = await accept(ports)
        claimed = await ports.claim_job(job.id, lease_s=60)
        assert claimed is not None
        assert (claimed.id, claimed.status, claimed.attempts) == (job.id, JobStatus.PROCESSING, 1)
        assert await ports.claim_job(job.id, lease_s=60) is None
        assert (await ports.get_job(job.id)) == claimed
        assert await ports.claim_job("no-such-job", lease_s=0) is None

    backend.run(scenario)


def test_claim_takes_over_an_expired_lease(backend: Backend) -> None:
    """A processing job untouched for longer than the lease (its run died) is claimed again,
    counting another attempt."""

    async def scenario(ports: Ports) -> None:
        job = await accept(ports)
        await ports.claim_job(job.id, lease_s=60)
        await asyncio.sleep(0.05)
        assert await ports.claim_job(job.id, lease_s=30) is None
        again = await ports.claim_job(job.id, lease_s=0.01)
        assert again is not None
        assert (again.status, again.attempts) == (JobStatus.PROCESSING, 2)

    backend.run(scenario)


def test_claim_refuses_an_ended_job_and_takes_a_retry(backend: Backend) -> None:
    """A job that ended is never claimed, however old; one sent back to the queue by its
    outcome (a retry) is claimed again."""

    async def scenario(ports: Ports) -> None:
        ended, retried = await accept(ports), await accept(ports)
        for job in (ended, retried):
            await ports.claim_job(job.id, lease_s=60)
        await ports.finish_job(JobOutcome(ended.id, JobStatus.COMPLETED))
        retry = JobOutcome(retried.id, JobStatus.QUEUED, error_code=ErrorCode.LLM_TIMEOUT)
        await ports.finish_job(retry)
        await asyncio.sleep(0.02)
        assert await ports.claim_job(ended.id, lease_s=0.001) is None
        again = await ports.claim_job(retried.id, lease_s=60)
        assert again is not None
        assert (again.attempts, again.error_code) == (2, ErrorCode.LLM_TIMEOUT)

    backend.run(scenario)


def test_finish_job_records_the_outcome(backend: Backend) -> None:
    """The outcome reads back whole (codes, counts, warnings, timings, usage), and the job row
    carries its status and error."""

    async def scenario(ports: Ports) -> None:
        job = await accept(ports)
        outcome = JobOutcome(
            job.id,
            JobStatus.REJECTED,
            error_code=ErrorCode.TEXT_TOO_SHORT,
            error_message="too short",
            chunks=3,
            warnings=("EMBEDDING_PARTIAL", "second"),
            timings_ms={"extract": 12.5, "analyze": 3.25},
            usage=Usage(calls=2, input_tokens=100, output_tokens=20, cost=None),
        )
        await ports.finish_job(outcome)
        assert await ports.get_outcome(job.id) == outcome
        row = await ports.get_job(job.id)
        assert row is not None
        assert (row.status, row.error_code, row.error_message) == (
            JobStatus.REJECTED,
            ErrorCode.TEXT_TOO_SHORT,
            "too short",
        )
        await ports.finish_job(JobOutcome("no-such-job", JobStatus.COMPLETED))
        assert await ports.get_outcome("no-such-job") is None

    backend.run(scenario)


def test_failed_jobs_newest_failure_first(backend: Backend) -> None:
    """Dead letters are the failed jobs only, most recently failed first, per tenant or all,
    up to the limit, with their code and attempts."""

    async def scenario(ports: Ports) -> None:
        jobs = [await accept(ports, t) for t in ("t1", "t1", "t2", "t1", "t1")]
        await ports.start_job(jobs[0].id)
        for job in jobs[:4]:
            await ports.finish_job(failed(job.id))
            await asyncio.sleep(0.002)
        await ports.finish_job(JobOutcome(jobs[4].id, JobStatus.COMPLETED))
        letters = await ports.failed_jobs("t1", 10)
        assert [d.job_id for d in letters] == [jobs[3].id, jobs[1].id, jobs[0].id]
        assert {(d.tenant_id, d.error_code) for d in letters} == {("t1", ErrorCode.PARSE_ERROR)}
        assert [d.attempts for d in letters] == [0, 0, 1]
        moments = [d.failed_at for d in letters]
        assert None not in moments
        assert moments == sorted(moments, reverse=True)  # type: ignore[type-var]
        everyone = await ports.failed_jobs(None, 2)
        assert [d.job_id for d in everyone] == [jobs[3].id, jobs[2].id]
        assert await ports.failed_jobs("t9", 10) == []

    backend.run(scenario)


def test_requeue_restores_the_reservation(backend: Backend) -> None:
    """A failed job goes back to the queue with attempts and error cleared, and its release row
    is withdrawn, so its credit is reserved again."""

    async def scenario(ports: Ports) -> None:
        job = await accept(ports)
        await ports.add_ledger_entry("t1", "grant-1", "grant", 1)
        assert await ports.reserve_credit("t1", job.id, 1, enforce=True)
        await ports.start_job(job.id)
        await ports.finish_job(failed(job.id))
        await ports.add_ledger_entry("t1", job.id, "release", 1)
        assert await ports.available_credits("t1") == 1
        assert await ports.requeue_failed(job.id, amount=1, enforce=True) == "requeued"
        assert await ports.available_credits("t1") == 0
        assert await ports.ledger_totals("t1") == {"t1": {"grant": 1, "reserve": 1}}
        row = await ports.get_job(job.id)
        assert row is not None
        assert (row.status, row.attempts, row.error_code, row.error_message) == (
            JobStatus.QUEUED,
            0,
            None,
            None,
        )
        assert await ports.get_outcome(job.id) == JobOutcome(job.id, JobStatus.QUEUED)
        assert await ports.failed_jobs(None, 10) == []
        assert await ports.claim_job(job.id, lease_s=60) is not None

    backend.run(scenario)


def test_requeue_refuses_when_the_credit_is_gone(backend: Backend) -> None:
    """With `enforce`, a job whose released credit another job took stays failed with its
    release row; without it, the job is requeued and the balance goes below zero."""

    async def scenario(ports: Ports) -> None:
        first, second = await accept(ports), await accept(ports)
        await ports.add_ledger_entry("t1", "grant-1", "grant", 1)
        await ports.reserve_credit("t1", first.id, 1, enforce=True)
        await ports.finish_job(failed(first.id))
        await ports.add_ledger_entry("t1", first.id, "release", 1)
        assert await ports.reserve_credit("t1", second.id, 1, enforce=True)
        assert await ports.requeue_failed(first.id, amount=1, enforce=True) == "no_credit"
        letter = await ports.failed_jobs("t1", 10)
        assert [d.job_id for d in letter] == [first.id]
        assert (await ports.ledger_totals("t1"))["t1"]["release"] == 1
        assert await ports.requeue_failed(first.id, amount=1, enforce=False) == "requeued"
        assert await ports.available_credits("t1") == -1

    backend.run(scenario)


def test_requeue_without_a_release_keeps_the_reservation(backend: Backend) -> None:
    """A job that failed before its release was written still holds its reservation: it is
    requeued without a balance check and without a new ledger row."""

    async def scenario(ports: Ports) -> None:
        job = await accept(ports)
        await ports.add_ledger_entry("t1", "grant-1", "grant", 1)
        await ports.reserve_credit("t1", job.id, 1, enforce=True)
        await ports.finish_job(failed(job.id))
        assert await ports.requeue_failed(job.id, amount=5, enforce=True) == "requeued"
        assert await ports.available_credits("t1") == 0
        assert len(await ports.ledger_entries("t1", 10)) == 2

    backend.run(scenario)


def test_requeue_leaves_jobs_that_did_not_fail(backend: Backend) -> None:
    """Only a failed job is requeued: an unknown, queued, processing or completed one is
    `not_failed` and unchanged."""

    async def scenario(ports: Ports) -> None:
        queued, running, done = await accept(ports), await accept(ports), await accept(ports)
        await ports.start_job(running.id)
        await ports.finish_job(JobOutcome(done.id, JobStatus.COMPLETED))
        assert await ports.requeue_failed("no-such-job", amount=1, enforce=False) == "not_failed"
        for job, status in (
            (queued, JobStatus.QUEUED),
            (running, JobStatus.PROCESSING),
            (done, JobStatus.COMPLETED),
        ):
            assert await ports.requeue_failed(job.id, amount=1, enforce=False) == "not_failed"
            assert (await ports.get_job(job.id)).status is status  # type: ignore[union-attr]

    backend.run(scenario)


def test_job_fakes_work_alone_or_share_a_database() -> None:
    """Each fake is built in one line, and fakes over one database see each other's rows."""

    async def scenario() -> None:
        db = MemoryDatabase()
        jobs: JobStore = MemoryJobStore(db)
        letters: DeadLetters = MemoryDeadLetters(db)
        job = await accept(jobs)
        await jobs.finish_job(failed(job.id))
        assert [d.job_id for d in await letters.failed_jobs(None, 5)] == [job.id]
        assert await MemoryDeadLetters().failed_jobs(None, 5) == []

    asyncio.run(scenario())
