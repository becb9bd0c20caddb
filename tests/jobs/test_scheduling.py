"""The job-level schedule under a broker: the per-job time limit, claims, and when a delivered job must
come again (next_delivery), on real SQLite and files."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from resume_worker.core.errors import ErrorCode, RetryableError
from resume_worker.core.models import Analysis, ExtractedText, JobOutcome, JobStatus
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.jobs.scheduling import Backoff, next_delivery
from resume_worker.pipeline import Services
from tests.e2e import SAMPLES, run_with
from tests.queues import rows

RESUME = (SAMPLES / "en-plain.txt").read_bytes()
BACKOFF = Backoff(base_s=0.5, max_s=4)


class SlowAnalyst:
    """An analyst that takes longer than any time limit these tests set."""

    name = "slow"

    async def analyze(self, text: ExtractedText) -> Analysis:
        await asyncio.sleep(30)
        raise AssertionError("the time limit should have ended the run")


class DownRepository:
    """A database that cannot be reached, as the SQL engine reports it."""

    async def get_job(self, job_id: str) -> None:
        raise RetryableError("database call could not reach the service", ErrorCode.DB_CONNECTION)


def test_run_past_its_time_limit_is_retried_then_fails(tmp_path: Path) -> None:
    """A run cut off by the time limit ends queued with JOB_TIMEOUT while attempts remain, then
    failed with its credit released."""

    async def body(services: Services) -> list[JobOutcome]:
        slow = dataclasses.replace(services, analyst=SlowAnalyst())
        job = await accept_job(slow, RESUME, file_name="cv.txt", tenant_id="t1")
        return [await run_job(job.id, slow, time_limit_s=0.5) for _ in range(3)]

    outcomes = run_with(tmp_path, body)
    assert [o.status for o in outcomes] == [JobStatus.QUEUED] * 2 + [JobStatus.FAILED]
    assert {o.error_code for o in outcomes} == {ErrorCode.JOB_TIMEOUT}
    assert rows(tmp_path, "select attempts from jobs") == [(3,)]
    assert sorted(rows(tmp_path, "select kind from ledger")) == [("release",), ("reserve",)]


def test_next_delivery_says_when_a_job_comes_again(tmp_path: Path) -> None:
    """Retryable failure: the backoff of its attempt; held by a live run: the time limit; ended
    or unknown: never; the run itself happens in between."""

    async def body(services: Services) -> dict[str, float | None]:
        slow = dataclasses.replace(services, analyst=SlowAnalyst())
        job = await accept_job(slow, RESUME, file_name="cv.txt", tenant_id="t1")
        found = {"timed_out": await next_delivery(job.id, slow, time_limit_s=0.3, backoff=BACKOFF)}
        await services.jobs.claim_job(job.id, lease_s=60)
        found["held"] = await next_delivery(job.id, slow, time_limit_s=60, backoff=BACKOFF)
        await services.jobs.finish_job(JobOutcome(job.id, JobStatus.COMPLETED))
        found["ended"] = await next_delivery(job.id, slow, time_limit_s=60, backoff=BACKOFF)
        found["unknown"] = await next_delivery(
            "no-such-job", slow, time_limit_s=60, backoff=BACKOFF
        )
        return found

    found = run_with(tmp_path, body)
    timed_out = found["timed_out"]
    assert timed_out is not None and 0 <= timed_out <= 0.5  # attempt 1: base * 2^0
    assert found["held"] == 60
    assert found["ended"] is None and found["unknown"] is None


def test_unreachable_database_keeps_the_message_coming_back(tmp_path: Path) -> None:
    """When not even the job row can be read, nothing could be recorded: the job comes again
    after a backoff at the cap."""

    async def body(services: Services) -> float | None:
        down = dataclasses.replace(services, jobs=DownRepository())  # type: ignore[arg-type]
        return await next_delivery("job-1", down, time_limit_s=60, backoff=BACKOFF)

    delay = run_with(tmp_path, body)
    assert delay is not None and 0 <= delay <= BACKOFF.max_s


@pytest.mark.parametrize("attempt", [1, 2, 3, 4, 10])
def test_backoff_is_full_jitter_under_the_cap(attempt: int) -> None:
    """uniform(0, min(cap, base * 2^(attempt-1))): never above, spread below."""
    ceiling = min(BACKOFF.max_s, BACKOFF.base_s * 2 ** (attempt - 1))
    delays = [BACKOFF.delay(attempt) for _ in range(400)]
    assert all(0 <= d <= ceiling for d in delays)
    assert max(delays) > 0.8 * ceiling and min(delays) < 0.2 * ceiling
