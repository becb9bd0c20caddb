"""Webhook retries without a waiting slot, on the real delivery log (SQLite and PostgreSQL) and a
loopback receiver: the job's end makes one attempt and hands the retry, recorded as pending with
its due time, to a scheduler; a scheduled attempt that comes early or twice sends nothing but
asks to come back when due; a run that died mid-attempt is followed up; a new schedule after a
redelivery; a lost hand-off is found by the sweep; deliver_webhook messages on the real brokers
carry the delivery id only."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from resume_worker.adapters.queue.dramatiq_queue import (
    DELIVERY_ACTOR_NAME,
    DELIVERY_QUEUE_SUFFIX,
    BrokerConfig,
    DramatiqQueue,
)
from resume_worker.adapters.sql.engine import WRITE_OPTION, create_engine_for
from resume_worker.adapters.webhooks import (
    AllowList,
    HttpSender,
    RetrySchedule,
    SqlWebhookStore,
    WebhookNotifier,
    parse_secrets,
)
from resume_worker.adapters.webhooks.events import job_event
from resume_worker.core.errors import ErrorCode, RetryableError
from tests.adapters.queue.test_dramatiq_queue import waiting_messages
from tests.adapters.webhooks.test_delivery import (
    KEYRING,
    SECRET,
    db_url,
    ended,
    receiver,
    verified,
)
from tests.queues import Broker
from tests.scripted_http import ScriptedServer, respond

__all__ = ["db_url", "receiver"]  # fixtures shared with test_webhook_delivery
T = TypeVar("T")


class Recorded:
    """A DeliveryScheduler that only records what it was asked (the test plays the broker)."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, float]] = []
        self.fail = fail

    async def schedule_delivery(self, delivery_id: str, delay_s: float) -> None:
        if self.fail:
            raise RetryableError("the broker could not be reached", ErrorCode.NETWORK_ERROR)
        self.calls.append((delivery_id, delay_s))


def run(
    db_url: str,
    body: Callable[[WebhookNotifier], Awaitable[T]],
    scheduler: Recorded,
    *,
    url: str,
    retries: int = 2,
) -> T:
    async def scenario() -> T:
        engine = create_engine_for(db_url, busy_timeout_s=5)
        writer = engine.execution_options(**{WRITE_OPTION: True})
        store = SqlWebhookStore(engine, writer, KEYRING)
        sender = HttpSender(
            keys=parse_secrets(SECRET),
            timeout_s=2,
            https_only=False,
            allow=AllowList.parse("127.0.0.1"),
        )
        schedule = RetrySchedule(retries=retries, base_s=0.01, cap_s=5)
        notifier = WebhookNotifier(
            store, sender, schedule=schedule, default_url=url, scheduler=scheduler
        )
        try:
            return await body(notifier)
        finally:
            await engine.dispose()

    return asyncio.run(scenario())


async def only(notifier: WebhookNotifier) -> Any:
    (delivery,) = await notifier.store.list_deliveries(tenant_id=None, status=None, limit=10)
    return delivery


async def due(notifier: WebhookNotifier, delivery: Any) -> None:
    """Sleep until the delivery's next attempt is due (the broker's delay)."""
    assert delivery.next_attempt_at is not None
    await asyncio.sleep(max(0.0, (delivery.next_attempt_at - datetime.now(UTC)).total_seconds()))


def test_one_attempt_then_the_scheduler_makes_the_rest(
    db_url: str, receiver: ScriptedServer
) -> None:
    """503 (Retry-After 1) twice, then 204: notify sends once and hands the retry to the
    scheduler with a delay of at least the Retry-After; a scheduled attempt arriving early, or
    the job's redelivered message, sends nothing and is scheduled again for the due time; two
    at once send once; the third attempt delivers with the same webhook-id."""
    receiver.script(*[respond(503, headers={"Retry-After": "1"})] * 2)
    scheduler = Recorded()
    job, outcome = ended()

    async def body(notifier: WebhookNotifier) -> list[Any]:
        await notifier.notify(job, outcome)
        pending = await only(notifier)
        assert (pending.status, pending.attempts, len(receiver.requests)) == ("pending", 1, 1)
        assert pending.next_attempt_at > datetime.now(UTC) + timedelta(seconds=0.5)
        await notifier.deliver(pending.id)  # early: a duplicate message, or a clock ahead
        await notifier.notify(job, outcome)  # a redelivered job message: nothing new
        assert len(receiver.requests) == 1
        await due(notifier, pending)
        await asyncio.gather(notifier.deliver(pending.id), notifier.deliver(pending.id))
        assert len(receiver.requests) == 2
        await due(notifier, await only(notifier))
        await notifier.deliver(pending.id)
        return [pending, await only(notifier)]

    pending, delivered = run(db_url, body, scheduler, url=receiver.url())
    assert {delivery_id for delivery_id, _ in scheduler.calls} == {pending.id}
    retries, early, redelivered, *rest = [delay for _, delay in scheduler.calls]
    assert retries >= 1.0 and 0.5 < redelivered <= early <= retries
    assert len(rest) == 1 and rest[0] >= 1.0
    assert (delivered.status, delivered.attempts, delivered.next_attempt_at) == (
        "delivered",
        3,
        None,
    )
    ids = {r.headers["webhook-id"] for r in receiver.requests}
    assert ids == {pending.event_id} and verified(receiver.requests[-1])["type"] == "job.completed"


def test_a_run_that_died_mid_attempt_is_followed_up(db_url: str, receiver: ScriptedServer) -> None:
    """A delivery held by a run that died mid-attempt (claimed, never recorded): the job's
    redelivered message schedules an attempt for when the hold ends, which then delivers."""
    scheduler = Recorded()
    job, outcome = ended()

    async def body(notifier: WebhookNotifier) -> list[Any]:
        event = job_event(job, outcome, datetime.now(UTC))
        assert event is not None
        opened = await notifier.store.open_delivery(receiver.url(), event)
        assert await notifier.store.claim(opened.id, lease_s=1.0, early_s=0) is not None
        await notifier.notify(job, outcome)  # the redelivered job message
        held = await only(notifier)
        await due(notifier, held)
        await notifier.deliver(held.id)
        return [held, await only(notifier)]

    held, delivered = run(db_url, body, scheduler, url=receiver.url())
    assert held.status == "pending" and held.attempts == 0
    ((delivery_id, delay),) = scheduler.calls
    assert delivery_id == held.id and 0.5 < delay <= 1.0
    assert (delivered.status, delivered.attempts, len(receiver.requests)) == ("delivered", 1, 1)


def test_exhausted_schedule_fails_and_a_redelivery_starts_a_new_one(
    db_url: str, receiver: ScriptedServer
) -> None:
    """With retries=1 and a receiver answering 500: two attempts, then failed with
    WEBHOOK_ERROR and nothing more scheduled; an operator's redelivery gets one retry of its
    own (attempts 3 and 4), then fails again."""
    receiver.default = respond(500)
    scheduler = Recorded()

    async def body(notifier: WebhookNotifier) -> list[Any]:
        await notifier.notify(*ended())
        await due(notifier, await only(notifier))
        await notifier.deliver((await only(notifier)).id)
        failed = await only(notifier)
        await notifier.redeliver(failed.id)
        await due(notifier, await only(notifier))
        await notifier.deliver(failed.id)
        return [failed, await only(notifier)]

    failed, again = run(db_url, body, scheduler, url=receiver.url(), retries=1)
    assert (failed.status, failed.attempts, failed.error_code) == ("failed", 2, "WEBHOOK_ERROR")
    assert (again.status, again.attempts, again.error_code) == ("failed", 4, "WEBHOOK_ERROR")
    assert len(scheduler.calls) == 2 and len(receiver.requests) == 4


def test_a_lost_hand_off_leaves_a_pending_delivery_the_sweep_finds(
    db_url: str, receiver: ScriptedServer
) -> None:
    """The broker down when the retry is handed over: the job's notify still returns, the
    delivery stays pending and due; `overdue` lists it once due, and an attempt then delivers."""
    receiver.script(respond(503))

    async def body(notifier: WebhookNotifier) -> list[Any]:
        await notifier.notify(*ended())
        pending = await only(notifier)
        await due(notifier, pending)
        found = await notifier.store.overdue(datetime.now(UTC), limit=10)
        none_yet = await notifier.store.overdue(datetime.now(UTC) - timedelta(minutes=1), 10)
        await notifier.deliver(found[0])
        return [pending, found, none_yet, await only(notifier)]

    pending, found, none_yet, delivered = run(db_url, body, Recorded(fail=True), url=receiver.url())
    assert pending.status == "pending" and found == [pending.id] and none_yet == []
    assert (delivered.status, delivered.attempts) == ("delivered", 2)


def test_a_claim_holds_the_delivery_for_the_attempt(db_url: str, receiver: ScriptedServer) -> None:
    """A claimed delivery is not due again until its lease ends (a worker that died mid-attempt
    frees it then); a delivered one is never claimed."""
    receiver.script(respond(503))

    async def body(notifier: WebhookNotifier) -> list[bool]:
        await notifier.notify(*ended())
        pending = await only(notifier)
        await due(notifier, pending)
        store = notifier.store
        first = await store.claim(pending.id, lease_s=0.5, early_s=0)
        during = await store.claim(pending.id, lease_s=0.5, early_s=0)
        await asyncio.sleep(0.6)
        after = await store.claim(pending.id, lease_s=0.5, early_s=0)
        await asyncio.sleep(0.6)
        await notifier.deliver(pending.id)
        done = await store.claim(pending.id, lease_s=0.5, early_s=60)
        return [first is not None, during is not None, after is not None, done is not None]

    assert run(db_url, body, Recorded(), url=receiver.url()) == [True, False, True, False]


def test_deliver_webhook_messages_carry_the_delivery_id_and_come_back_delayed(
    any_queue: Broker,
) -> None:
    """send_delivery puts `deliver_webhook(delivery_id)` on the webhook queue beside the job
    queue; a worker runs the delivery handler, and the delay it returns has the broker bring
    the message back that much later."""
    seen: list[tuple[str, float]] = []
    done = threading.Event()

    def deliver(delivery_id: str) -> float | None:
        seen.append((delivery_id, time.monotonic()))
        if len(seen) == 2:
            done.set()
        return 0.5 if len(seen) == 1 else None

    config = BrokerConfig(
        url=any_queue.url, queue_name=any_queue.queue, heartbeat_timeout_s=10, maintenance_chance=1
    )
    queue = DramatiqQueue(config, deliver=deliver)
    try:
        queue.send_delivery("delivery-1")
        webhooks = Broker(any_queue.kind, any_queue.url, any_queue.queue + DELIVERY_QUEUE_SUFFIX)
        (message,) = waiting_messages(webhooks)
        worker = queue.start_worker(1)
        try:
            assert done.wait(30)
        finally:
            worker.stop(timeout=10_000)
    finally:
        queue.close()
    assert (message["actor_name"], message["queue_name"]) == (DELIVERY_ACTOR_NAME, webhooks.queue)
    assert message["args"] == ["delivery-1"] and message["kwargs"] == {}
    assert [d for d, _ in seen] == ["delivery-1", "delivery-1"]
    assert seen[1][1] - seen[0][1] >= 0.5
