"""When a job runs again: the one job-level retry schedule, and the in-process runners of the
embedded runtime that wait it out.

A delivered job is run once and `next_delivery` says when it must come again: after a retryable
failure the backoff for its stored attempt count (exponential, full jitter, under a cap), after a
run that another live run holds its time limit, and never once it has ended. The distributed
worker hands that delay to its broker (a delayed message); in the embedded runtime `run_to_end`
(for `process` and `jobs retry`) and `EmbeddedQueue` (for an API process without a broker) wait
it out on the event loop, outside their concurrency gate, so a waiting retry never holds a slot.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

import structlog

from resume_worker.core.errors import RetryableError, WorkerError
from resume_worker.core.models import JobStatus
from resume_worker.core.retry import full_jitter
from resume_worker.jobs.runner import run_loaded_job
from resume_worker.pipeline import Services

log = structlog.get_logger("resume_worker.jobs")


@dataclass(frozen=True)
class Backoff:
    """When a job-level retry comes: exponential backoff with full jitter under a cap."""

    base_s: float
    max_s: float

    def delay(self, attempt: int) -> float:
        """uniform(0, min(cap, base * 2^(attempt-1))) after the `attempt`-th failed attempt:
        jobs that failed together (one outage) come back spread apart, not in one burst."""
        return full_jitter(max(attempt, 1), self.base_s, self.max_s)

    def at_cap(self) -> float:
        return random.uniform(0, self.max_s)


async def next_delivery(
    job_id: str, services: Services, *, time_limit_s: float | None, backoff: Backoff
) -> float | None:
    """Run a delivered job and say when it must be delivered again: None once it has ended (or
    when there is no such job), else a delay in seconds. After a retryable failure, the backoff
    for its attempt count; when another live run holds the job, its time limit (by then that
    run has ended, or died and left the job to be claimed); when the database could not be
    reached at all, the backoff at the cap, since the message is then all that keeps the job."""
    jobs = services.jobs
    try:
        job = await jobs.get_job(job_id)
        if job is None:
            log.warning("message for an unknown job dropped", job_id=job_id)
            return None
        outcome = await run_loaded_job(job, services, time_limit_s)
        if outcome.status is JobStatus.QUEUED:
            job = await jobs.get_job(job_id)
            return backoff.delay(job.attempts if job else 1)
    except RetryableError as exc:
        log.warning("job not reached, delivered again later", job_id=job_id, code=exc.code.value)
        return backoff.at_cap()
    if outcome.status is JobStatus.PROCESSING:
        return time_limit_s
    return None


async def next_webhook_attempt(
    delivery_id: str, services: Services, *, backoff: Backoff
) -> float | None:
    """Make a webhook delivery's scheduled attempt (its own retries the notifier schedules);
    the delay after which the message must come again when the database could not be reached,
    else None."""
    if services.notifier is None:
        log.warning("webhook delivery dropped: no signing secret", delivery_id=delivery_id)
        return None
    try:
        await services.notifier.deliver(delivery_id)
    except RetryableError as exc:
        log.warning("webhook delivery not reached", delivery_id=delivery_id, code=exc.code.value)
        return backoff.at_cap()
    return None


Handle = Callable[[str], Awaitable[float | None]]
"""Runs one delivery of an id and says when the id must come again (None: never)."""


def job_handler(services: Services, *, backoff: Backoff) -> Handle:
    """next_delivery on this process's services, with no time limit (one process runs the job)."""
    return partial(next_delivery, services=services, time_limit_s=None, backoff=backoff)


async def run_to_end(job_id: str, handle: Handle, *, gate: asyncio.Semaphore) -> None:
    """Deliver an id until it needs no other delivery: each delivery inside `gate`, the wait
    before the next one outside it."""
    while True:
        async with gate:
            delay = await handle(job_id)
        if delay is None:
            return
        await asyncio.sleep(delay)


class EmbeddedQueue:
    """The JobQueue of an API process with no broker: each enqueued id is delivered as a task on
    this event loop until it ends, at most `concurrency` deliveries at once.

    The queue lives in memory: jobs still waiting when the process stops stay `queued` in the
    database. Use a broker (RESUME_WORKER_QUEUE__BROKER_URL) where that matters."""

    def __init__(self, handle: Handle, *, concurrency: int) -> None:
        self.handle = handle
        self.gate = asyncio.Semaphore(concurrency)
        self.tasks: set[asyncio.Task[None]] = set()

    async def enqueue(self, job_id: str, *, delay_s: float = 0) -> None:
        task = asyncio.create_task(self._run(job_id, delay_s), name=f"job {job_id}")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _run(self, job_id: str, delay_s: float) -> None:
        if delay_s > 0:
            await asyncio.sleep(delay_s)
        try:
            await run_to_end(job_id, self.handle, gate=self.gate)
        except WorkerError as exc:  # the database refused the job for good, not inside it
            log.warning("job not run", job_id=job_id, code=exc.code.value)

    async def drain(self) -> None:
        """Wait until every enqueued id, later deliveries included, has ended (tests)."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks))

    async def close(self) -> None:
        """Stop: cancel waiting and running deliveries (their jobs stay queued or processing)."""
        left = list(self.tasks)
        for task in left:
            task.cancel()
        await asyncio.gather(*left, return_exceptions=True)
        if left:
            log.warning("embedded queue stopped with jobs left", jobs=len(left))
