"""The fake Notifier: deliveries in memory, attempted against an in-memory receiver, under the
real notifier's rules (one delivery per event, one attempt when the job ends, the retries handed
to a scheduler or kept as tasks on this event loop)."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.models import Job, JobOutcome, JobStatus
from resume_worker.core.ports.webhooks import DeliveryScheduler

EVENT_TYPES = {
    JobStatus.COMPLETED: "job.completed",
    JobStatus.PARTIAL: "job.partial",
    JobStatus.REJECTED: "job.rejected",
    JobStatus.FAILED: "job.failed",
}
# A scheduled attempt arriving this early still counts as due.
EARLY_S = 0.2
Verdict = Literal["delivered", "retry", "failed"]


@dataclass(frozen=True)
class Answer:
    """How the receiver answers one attempt: taken (2xx), try again later (5xx, 429: after
    `retry_after_s` when it asks) or never (other 4xx)."""

    verdict: Verdict
    retry_after_s: float | None = None


@dataclass(frozen=True)
class SentEvent:
    """One attempt as the receiver sees it: ids, type, status and error code, never PII."""

    url: str
    event_id: str
    type: str
    tenant_id: str
    job_id: str
    error_code: str | None


class FakeReceiver:
    """Answers attempts from a script, then takes everything; records every attempt."""

    def __init__(self) -> None:
        self.attempts: list[SentEvent] = []
        self._answers: deque[Answer] = deque()

    def script(self, *answers: Answer) -> None:
        self._answers.extend(answers)

    def __call__(self, event: SentEvent) -> Answer:
        self.attempts.append(event)
        return self._answers.popleft() if self._answers else Answer("delivered")


@dataclass
class FakeDelivery:
    id: str
    event: SentEvent
    status: str = "pending"
    attempts: int = 0
    error_code: str | None = None
    due: float = 0.0


def event_id(job: Job, event_type: str) -> str:
    """Derived from the job, its attempt and the type: a redelivered run makes the same id."""
    name = f"{job.id}:{event_type}:{job.attempts}"
    return "msg_" + hashlib.sha256(name.encode()).hexdigest()[:32]


def same(one: SentEvent, other: SentEvent) -> bool:
    """One delivery per event and endpoint (the tenant's URL)."""
    return (one.event_id, one.tenant_id, one.url) == (other.event_id, other.tenant_id, other.url)


class FakeNotifier:
    """Implements ports.Notifier in memory. The URL is the job's (`job_urls`, the submissions'
    webhook_url) or `default_url`; up to `retries` more attempts after the first, each
    `retry_delay_s` later or when the receiver asks; exhausted or refused: failed with
    WEBHOOK_ERROR. With a `scheduler` the retries go to it, else to tasks `drain` waits for."""

    def __init__(
        self,
        receiver: Callable[[SentEvent], Answer] | None = None,
        *,
        default_url: str = "",
        job_urls: Callable[[str], Awaitable[str | None]] | None = None,
        retries: int = 3,
        retry_delay_s: float = 0.0,
        scheduler: DeliveryScheduler | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.receiver = receiver or FakeReceiver()
        self.default_url = default_url
        self.job_urls = job_urls
        self.retries = retries
        self.retry_delay_s = retry_delay_s
        self.scheduler = scheduler
        self.clock = clock
        self.deliveries: dict[str, FakeDelivery] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def notify(self, job: Job, outcome: JobOutcome) -> None:
        url = (await self.job_urls(job.id) if self.job_urls else None) or self.default_url
        event_type = EVENT_TYPES.get(outcome.status)
        if not url or event_type is None:
            return
        code = outcome.error_code.value if outcome.error_code else None
        event = SentEvent(url, event_id(job, event_type), event_type, job.tenant_id, job.id, code)
        delivery = next((d for d in self.deliveries.values() if same(d.event, event)), None)
        if delivery is None:
            delivery = FakeDelivery(str(uuid.uuid4()), event, due=self.clock())
            self.deliveries[delivery.id] = delivery
        await self.deliver(delivery.id)

    async def deliver(self, delivery_id: str) -> None:
        """The next attempt when it is due; an early call schedules one for when it is."""
        delivery = self.deliveries.get(delivery_id)
        if delivery is None or delivery.status != "pending":
            return
        wait = delivery.due - self.clock()
        if wait > EARLY_S:
            await self._hand_off(delivery_id, wait)
            return
        delivery.attempts += 1
        answer = self.receiver(delivery.event)
        if answer.verdict == "retry" and delivery.attempts <= self.retries:
            wait = max(self.retry_delay_s, answer.retry_after_s or 0.0)
            delivery.due = self.clock() + wait
            await self._hand_off(delivery_id, wait)
        elif answer.verdict == "delivered":
            delivery.status = "delivered"
        else:
            delivery.status, delivery.error_code = "failed", ErrorCode.WEBHOOK_ERROR.value

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks))

    async def close(self) -> None:
        """Cancel the retries kept on this loop: their deliveries stay pending."""
        left = list(self._tasks)
        for task in left:
            task.cancel()
        await asyncio.gather(*left, return_exceptions=True)

    async def _hand_off(self, delivery_id: str, wait: float) -> None:
        if self.scheduler is None:
            task = asyncio.create_task(self._later(delivery_id, wait))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return
        try:
            await self.scheduler.schedule_delivery(delivery_id, wait)
        except WorkerError:
            return  # the delivery stays pending, for the sweep

    async def _later(self, delivery_id: str, wait: float) -> None:
        await asyncio.sleep(wait)
        await self.deliver(delivery_id)
