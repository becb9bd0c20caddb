"""Claiming delivered jobs, listing dead letters and re-queueing them with their credit, on
SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from resume_worker.adapters.sql.repository import SqlRepository
from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import Job, JobOutcome, JobStatus
from resume_worker.jobs.runner import accept_job
from resume_worker.pipeline import Services
from resume_worker.stages.charge import charge
from tests.e2e import SAMPLES, services_and_repository
from tests.stored_data import Store

RESUME = (SAMPLES / "en-plain.txt").read_bytes()


def run(store: Store, body: Any, **overrides: Any) -> Any:
    async def scenario() -> Any:
        data, more = store.data, {**store.overrides(), **overrides}
        async with services_and_repository(data, **more) as (services, repository):
            return await body(services, repository)

    return asyncio.run(scenario())


async def accepted(services: Services, tenant: str = "t1") -> Job:
    return await accept_job(services, RESUME, file_name="cv.txt", tenant_id=tenant)


async def fail(services: Services, job: Job) -> None:
    """End the job as the job runner does when its retries are spent: failed, credit released."""
    await services.jobs.finish_job(
        JobOutcome(job.id, JobStatus.FAILED, ErrorCode.LLM_RATE_LIMIT, "llm call was rate limited")
    )
    await charge(job, JobStatus.FAILED, ledger=services.ledger, amount=1)


def test_two_deliveries_claim_a_queued_job_once(store: Store) -> None:
    """Two concurrent claims of one queued job: exactly one takes it, counting one attempt."""

    async def body(services: Services, repository: SqlRepository) -> tuple[list[bool], Job | None]:
        job = await accepted(services)
        claims = await asyncio.gather(
            repository.claim_job(job.id, lease_s=60), repository.claim_job(job.id, lease_s=60)
        )
        return sorted(c is not None for c in claims), await repository.get_job(job.id)

    claims, job = run(store, body)
    assert claims == [False, True]
    assert job is not None and job.status is JobStatus.PROCESSING and job.attempts == 1


def test_processing_job_is_taken_again_only_after_its_lease(store: Store) -> None:
    """A processing job is left to the run that holds it until `lease_s` has passed since its
    row last changed; then a delivery takes it over (its run died) and counts an attempt."""

    async def body(services: Services, repository: SqlRepository) -> list[bool | int]:
        job = await accepted(services)
        first = await repository.claim_job(job.id, lease_s=1)
        held = await repository.claim_job(job.id, lease_s=1)
        await asyncio.sleep(1.2)
        taken = await repository.claim_job(job.id, lease_s=1)
        again = await repository.get_job(job.id)
        assert again is not None and taken == again  # the claim returns the row it changed
        return [first is not None, held is not None, taken is not None, again.attempts]

    assert run(store, body) == [True, False, True, 2]


def test_ended_job_is_never_claimed(store: Store) -> None:
    """Completed, rejected or failed: a redelivered message cannot start the job again."""

    async def body(services: Services, repository: SqlRepository) -> list[bool]:
        found = []
        for status in (JobStatus.COMPLETED, JobStatus.REJECTED, JobStatus.FAILED):
            job = await accepted(services)
            await services.jobs.finish_job(JobOutcome(job.id, status))
            found.append(await services.jobs.claim_job(job.id, lease_s=0) is not None)
        return found

    assert run(store, body) == [False, False, False]


def test_failed_job_is_requeued_with_its_credit_reserved_again(store: Store) -> None:
    """A dead letter goes back to queued with attempts reset; its release row is withdrawn, so
    the tenant's balance holds the reservation again and the ledger reads as a queued job's."""

    async def body(services: Services, repository: SqlRepository) -> dict[str, Any]:
        job = await accepted(services)
        await repository.claim_job(job.id, lease_s=60)
        await fail(services, job)
        letters = await repository.failed_jobs("t1", 10)
        balance_failed = await repository.available_credits("t1")
        result = await repository.requeue_failed(job.id, amount=1, enforce=False)
        again = await repository.get_job(job.id)
        return {
            "letters": [(d.job_id, d.error_code, d.attempts) for d in letters],
            "failed_at": letters[0].failed_at,
            "balances": (balance_failed, await repository.available_credits("t1")),
            "result": result,
            "job": again,
            "after": await repository.failed_jobs(None, 10),
            "outcome": await repository.get_outcome(job.id),
        }

    found = run(store, body)
    job = found["job"]
    assert found["letters"] == [(job.id, ErrorCode.LLM_RATE_LIMIT, 1)]
    assert found["failed_at"] is not None and found["failed_at"].tzinfo is not None
    assert found["result"] == "requeued" and found["after"] == []
    assert (job.status, job.attempts, job.error_code) == (JobStatus.QUEUED, 0, None)
    assert found["balances"] == (0, -1)
    assert found["outcome"].error_message is None
    kinds = store.rows("select kind from ledger where job_id = ?", job.id)
    assert kinds == [("reserve",)]


def test_requeue_refused_when_credits_are_enforced_and_spent(store: Store) -> None:
    """With enforcement on and the released credit taken by another job since, the dead letter
    stays failed and the ledger is unchanged."""

    async def body(services: Services, repository: SqlRepository) -> list[Any]:
        await repository.add_ledger_entry("t1", "grant-1", "grant", 1)
        job = await accepted(services)
        await fail(services, job)
        other = await accepted(services)
        refused = await repository.requeue_failed(job.id, amount=1, enforce=True)
        await repository.add_ledger_entry("t1", "grant-2", "grant", 1)
        granted = await repository.requeue_failed(job.id, amount=1, enforce=True)
        still = await repository.get_job(job.id)
        assert still is not None
        return [other.status, refused, granted, still.status]

    found = run(store, body, credits={"enforce": True})
    assert found == [JobStatus.QUEUED, "no_credit", "requeued", JobStatus.QUEUED]


def test_only_failed_jobs_are_requeued(store: Store) -> None:
    """Queued, completed and unknown jobs are left alone."""

    async def body(services: Services, repository: SqlRepository) -> list[str]:
        queued = await accepted(services)
        done = await accepted(services)
        await services.jobs.finish_job(JobOutcome(done.id, JobStatus.COMPLETED))
        requeue = repository.requeue_failed
        return [
            await requeue(queued.id, amount=1, enforce=False),
            await requeue(done.id, amount=1, enforce=False),
            await requeue("no-such-job", amount=1, enforce=False),
        ]

    assert run(store, body) == ["not_failed"] * 3


def test_dead_letters_newest_first_and_per_tenant(store: Store) -> None:
    """`failed_jobs` orders by failure time, newest first, and filters by tenant."""

    async def body(
        services: Services, repository: SqlRepository
    ) -> tuple[list[str], list[str], list[str]]:
        ids = []
        for tenant in ("t1", "t2", "t1"):
            job = await accepted(services, tenant)
            await fail(services, job)
            ids.append(job.id)
            time.sleep(0.01)
        every = [d.job_id for d in await repository.failed_jobs(None, 10)]
        t1 = [d.job_id for d in await repository.failed_jobs("t1", 10)]
        return ids, every, t1

    ids, every, t1 = run(store, body)
    assert every == ids[::-1] and t1 == [ids[2], ids[0]]
