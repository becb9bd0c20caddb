"""The Notifier: stage 11, telling the job's webhook endpoint that the job ended."""

from __future__ import annotations

from typing import Protocol

from resume_worker.core.models import Job, JobOutcome


class Notifier(Protocol):
    """Tells the job's webhook endpoint that the job ended (stage 11, after store and charge):
    one attempt when the job ends, later ones scheduled outside any worker slot. A receiver's
    failure is recorded on the delivery (WEBHOOK_ERROR), never raised; only the delivery log
    itself failing raises WorkerError."""

    async def notify(self, job: Job, outcome: JobOutcome) -> None: ...

    async def deliver(self, delivery_id: str) -> None:
        """A scheduled attempt of a pending delivery (the deliver_webhook actor)."""
        ...

    async def drain(self) -> None:
        """Wait for the retries this process keeps in memory (the embedded runtime)."""
        ...


class DeliveryScheduler(Protocol):
    """Has `WebhookNotifier.deliver(delivery_id)` called after `delay_s` seconds, by whatever
    process is free then (the broker's deliver_webhook actor). Raises WorkerError when it
    cannot; the delivery then waits for `webhooks redeliver --pending`."""

    async def schedule_delivery(self, delivery_id: str, delay_s: float) -> None: ...
