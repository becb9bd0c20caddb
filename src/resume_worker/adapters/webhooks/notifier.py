"""Stage 11, notify: the job's event recorded as a delivery and attempted once when the job
ends; a delivery that must be tried again is left pending with its due time and handed to a
scheduler, so no worker slot waits for a receiver. Never raises for the receiver's sake: what
went wrong is on the delivery record (WEBHOOK_ERROR) and in its attempts."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog

from resume_worker.adapters.sql.webhooks import PENDING, Delivery, SqlWebhookStore
from resume_worker.adapters.webhooks.events import job_event
from resume_worker.adapters.webhooks.sender import AttemptResult, HttpSender, Verdict
from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.models import Job, JobOutcome
from resume_worker.core.ports.webhooks import DeliveryScheduler
from resume_worker.core.retry import full_jitter

log = structlog.get_logger("resume_worker.webhooks")
# An attempt holds its delivery this much longer than the sender's timeout (recording it), so
# no second attempt starts meanwhile; a process that died mid-attempt frees it after that.
LEASE_MARGIN_S = 15.0
# A scheduled attempt arriving this early still counts as due (clocks of hosts a little apart).
EARLY_S = 0.2


@dataclass(frozen=True)
class RetrySchedule:
    """Up to `retries` more attempts after the first, waiting full-jitter backoff from
    `base_s` (doubling, at most `cap_s`) or longer when the receiver asks with Retry-After."""

    retries: int
    base_s: float
    cap_s: float = 60.0

    def wait(self, attempt: int, result: AttemptResult) -> float:
        wait = full_jitter(attempt, self.base_s, self.cap_s) if self.base_s > 0 else 0.0
        if result.retry_after_s is not None:
            wait = max(wait, min(result.retry_after_s, self.cap_s))
        return wait


class WebhookNotifier:
    """Implements ports.Notifier, and the operator's redelivery. Retries go to `scheduler`;
    without one (the embedded runtime) to tasks on this event loop that wait outside any job
    slot, and that `drain` waits for and `close` cancels."""

    def __init__(
        self,
        store: SqlWebhookStore,
        sender: HttpSender,
        *,
        schedule: RetrySchedule,
        default_url: str = "",
        scheduler: DeliveryScheduler | None = None,
    ) -> None:
        self.store = store
        self.sender = sender
        self.schedule = schedule
        self.default_url = default_url
        self.scheduler = scheduler
        self._tasks: set[asyncio.Task[None]] = set()
        self._busy: set[str] = set()  # deliveries this notifier is attempting now

    async def notify(self, job: Job, outcome: JobOutcome) -> None:
        """Send the job's end to its webhook URL (from its submission, else the default): one
        attempt now. A delivery an earlier run of the job finished, or scheduled for later, is
        left alone."""
        url = await self.store.job_webhook_url(job.id) or self.default_url
        event = job_event(job, outcome, datetime.now(UTC))
        if not url or event is None:
            return
        delivery = await self.store.open_delivery(url, event)
        if delivery.status == PENDING:
            await self.deliver(delivery.id)

    async def deliver(self, delivery_id: str) -> None:
        """The next attempt of a pending delivery when it is due and no other run holds it (a
        retry it needs is scheduled). When it is not due, or another run holds it (which may
        have died: a redelivered message of its job, or of a worker killed mid-attempt), an
        attempt is scheduled for when it will be due; a spare one finds nothing to do."""
        if delivery_id in self._busy:
            return  # this notifier is making the attempt, and schedules what follows it
        self._busy.add(delivery_id)
        try:
            delivery = await self.store.claim(
                delivery_id, lease_s=self.sender.timeout_s + LEASE_MARGIN_S, early_s=EARLY_S
            )
            if delivery is None:
                await self._look_again(delivery_id)
            else:
                await self._attempt(delivery)
        finally:
            self._busy.discard(delivery_id)

    async def redeliver(self, delivery_id: str, *, enable_endpoint: bool = False) -> Delivery:
        """Send a delivery again with its event id and body (new timestamp and signature) on a
        new retry schedule: one attempt now, the retries scheduled like any other."""
        delivery = await self.store.reopen(delivery_id, enable_endpoint=enable_endpoint)
        if delivery is None:
            raise KeyError(delivery_id)
        await self.deliver(delivery_id)
        return await self._reread(delivery_id)

    async def drain(self) -> None:
        """Wait until the retries kept on this event loop have ended (the embedded runtime,
        before it exits); with a scheduler there are none."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks))

    async def close(self) -> None:
        """Cancel the retries kept on this event loop: their deliveries stay pending, due."""
        left = list(self._tasks)
        for task in left:
            task.cancel()
        await asyncio.gather(*left, return_exceptions=True)
        if left:
            log.warning("webhook retries left pending", deliveries=len(left))

    async def _attempt(self, delivery: Delivery) -> None:
        if delivery.endpoint_disabled:
            log.warning("webhook endpoint disabled", delivery_id=delivery.id)
            await self._finish(delivery, Verdict.FAILED)
            return
        started = datetime.now(UTC)
        result = await self.sender.attempt(delivery.url, delivery.event_id, delivery.body)
        number = await self.store.record_attempt(delivery.id, started, result)
        tries = number - delivery.schedule_from + 1
        if result.verdict is Verdict.RETRY and tries <= self.schedule.retries:
            await self._retry_later(delivery, tries, result)
        else:
            await self._finish(delivery, result.verdict)

    async def _retry_later(self, delivery: Delivery, tries: int, result: AttemptResult) -> None:
        """Record when the next attempt is due, then hand it over."""
        wait = self.schedule.wait(tries, result)
        await self.store.reschedule(delivery.id, datetime.now(UTC) + timedelta(seconds=wait))
        log.info(
            "webhook attempt failed, retrying later",
            delivery_id=delivery.id,
            attempt=tries,
            status_code=result.status_code,
            wait_s=round(wait, 3),
        )
        await self._hand_off(delivery.id, wait)

    async def _look_again(self, delivery_id: str) -> None:
        """A pending delivery not taken now: an attempt when it is due (its lease ends)."""
        delivery = await self.store.get_delivery(delivery_id)
        if delivery is None or delivery.status != PENDING or delivery.next_attempt_at is None:
            return
        wait = max(0.0, (delivery.next_attempt_at - datetime.now(UTC)).total_seconds())
        await self._hand_off(delivery_id, wait)

    async def _hand_off(self, delivery_id: str, wait: float) -> None:
        """To the scheduler, or to a task on this loop; a lost hand-off leaves the delivery
        pending, for the sweep."""
        if self.scheduler is None:
            task = asyncio.create_task(self._later(delivery_id, wait), name="webhook retry")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return
        try:
            await self.scheduler.schedule_delivery(delivery_id, wait)
        except WorkerError as exc:
            log.warning("webhook retry not scheduled", delivery_id=delivery_id, code=exc.code.value)

    async def _later(self, delivery_id: str, wait: float) -> None:
        await asyncio.sleep(wait)
        try:
            await self.deliver(delivery_id)
        except WorkerError as exc:  # the delivery log failed: the delivery stays pending
            log.warning("webhook retry not made", delivery_id=delivery_id, code=exc.code.value)

    async def _finish(self, delivery: Delivery, verdict: Verdict) -> None:
        code = None if verdict is Verdict.DELIVERED else ErrorCode.WEBHOOK_ERROR.value
        await self.store.finish(delivery, verdict, code)
        log.info("webhook " + ("delivered" if code is None else "failed"), delivery_id=delivery.id)

    async def _reread(self, delivery_id: str) -> Delivery:
        found = await self.store.get_delivery(delivery_id)
        assert found is not None  # deliveries are never deleted
        return found
