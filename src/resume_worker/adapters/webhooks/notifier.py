"""Stage 11, notify: the job's event recorded as a delivery, then sent on its own retry
schedule. Never raises for the receiver's sake: what went wrong is on the delivery record
(WEBHOOK_ERROR) and in its attempts."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog

from resume_worker.adapters.webhooks.events import job_event
from resume_worker.adapters.webhooks.sender import AttemptResult, HttpSender, Verdict
from resume_worker.adapters.webhooks.sql_store import PENDING, Delivery, SqlWebhookStore
from resume_worker.backoff import full_jitter
from resume_worker.errors import ErrorCode
from resume_worker.models import Job, JobOutcome

log = structlog.get_logger("resume_worker.webhooks")


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
    """Implements ports.Notifier, and the operator's redelivery."""

    def __init__(
        self,
        store: SqlWebhookStore,
        sender: HttpSender,
        *,
        schedule: RetrySchedule,
        default_url: str = "",
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.store = store
        self.sender = sender
        self.schedule = schedule
        self.default_url = default_url
        self.sleep = sleep

    async def notify(self, job: Job, outcome: JobOutcome) -> None:
        """Send the job's end to its webhook URL (from its submission, else the default). A
        delivery already finished by an earlier run of the job is not sent again."""
        url = await self.store.job_webhook_url(job.id) or self.default_url
        event = job_event(job, outcome, datetime.now(UTC))
        if not url or event is None:
            return
        delivery = await self.store.open_delivery(url, event)
        if delivery.status == PENDING:
            await self.deliver(delivery)

    async def redeliver(self, delivery_id: str, *, enable_endpoint: bool = False) -> Delivery:
        """Send a delivery again with its event id and body (new timestamp and signature)."""
        delivery = await self.store.reopen(delivery_id, enable_endpoint=enable_endpoint)
        if delivery is None:
            raise KeyError(delivery_id)
        return await self.deliver(delivery)

    async def deliver(self, delivery: Delivery) -> Delivery:
        """Attempt until delivered, refused, gone or out of retries; record every attempt."""
        if delivery.endpoint_disabled:
            log.warning("webhook endpoint disabled", delivery_id=delivery.id)
            return await self._finish(delivery, Verdict.FAILED)
        attempt = 0
        while True:
            attempt += 1
            started = datetime.now(UTC)
            result = await self.sender.attempt(delivery.url, delivery.event_id, delivery.body)
            await self.store.record_attempt(delivery.id, started, result)
            if result.verdict is not Verdict.RETRY or attempt > self.schedule.retries:
                break
            wait = self.schedule.wait(attempt, result)
            log.info(
                "webhook attempt failed, retrying",
                delivery_id=delivery.id,
                attempt=attempt,
                status_code=result.status_code,
                wait_s=round(wait, 3),
            )
            await self.sleep(wait)
        return await self._finish(delivery, result.verdict)

    async def _finish(self, delivery: Delivery, verdict: Verdict) -> Delivery:
        code = None if verdict is Verdict.DELIVERED else ErrorCode.WEBHOOK_ERROR.value
        await self.store.finish(delivery, verdict, code)
        log.info("webhook " + ("delivered" if code is None else "failed"), delivery_id=delivery.id)
        finished = await self.store.get_delivery(delivery.id)
        assert finished is not None
        return finished
