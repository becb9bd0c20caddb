"""The JobQueue of an API process with no broker (the embedded runtime): jobs run in this
process as background tasks, at most `concurrency` at once, and a job that ends `queued` (a
retryable error with attempts left) is enqueued again after a full-jitter backoff, so a retry
waits outside the concurrency gate instead of sleeping in a slot.

The queue lives in memory: jobs still waiting when the process stops stay `queued` in the
database. Use a broker (RESUME_WORKER_QUEUE__BROKER_URL) where that matters.
"""

from __future__ import annotations

import asyncio

import structlog

from resume_worker.core.errors import WorkerError
from resume_worker.core.models import JobStatus
from resume_worker.core.retry import full_jitter
from resume_worker.jobs.runner import run_job
from resume_worker.pipeline import Services

log = structlog.get_logger("resume_worker.api.queue")


class EmbeddedQueue:
    """Implements ports.JobQueue by running jobs on this event loop."""

    def __init__(
        self, services: Services, *, concurrency: int, backoff_base_s: float, backoff_max_s: float
    ) -> None:
        self.services = services
        self.gate = asyncio.Semaphore(concurrency)
        self.backoff = (backoff_base_s, backoff_max_s)
        self.tasks: set[asyncio.Task[None]] = set()

    async def enqueue(self, job_id: str, *, delay_s: float = 0) -> None:
        task = asyncio.create_task(self._run(job_id, delay_s), name=f"job {job_id}")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _run(self, job_id: str, delay_s: float) -> None:
        if delay_s > 0:
            await asyncio.sleep(delay_s)
        try:
            async with self.gate:
                outcome = await run_job(job_id, self.services)
            if outcome.status is not JobStatus.QUEUED:
                return
            job = await self.services.jobs.get_job(job_id)
            attempt = job.attempts if job is not None else 1
        except WorkerError as exc:  # the database failed around the job, not inside it
            log.warning("job not run", job_id=job_id, code=exc.code.value)
            if not exc.retryable:
                return
            attempt = 1
        await self.enqueue(job_id, delay_s=full_jitter(attempt, *self.backoff))

    async def drain(self) -> None:
        """Wait until every enqueued job, retries included, has ended, and the webhook retries
        they left (tests and benchmarks)."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks))
        if self.services.notifier is not None:
            await self.services.notifier.drain()

    async def close(self) -> None:
        """Stop: cancel waiting and running jobs (they stay queued or processing)."""
        left = list(self.tasks)
        for task in left:
            task.cancel()
        await asyncio.gather(*left, return_exceptions=True)
        if left:
            log.warning("embedded queue stopped with jobs left", jobs=len(left))
