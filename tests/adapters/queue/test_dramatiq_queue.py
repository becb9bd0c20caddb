"""The Dramatiq job queue on the machine's Redis and RabbitMQ: what a message holds, broker
delays, the handler's delayed redelivery, worker-thread exit hooks and broker failures."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest

from resume_worker.adapters.queue.dramatiq_queue import ACTOR_NAME, BrokerConfig, DramatiqQueue
from resume_worker.core.errors import ErrorCode, RetryableError
from tests.queues import Broker


def config(broker: Broker) -> BrokerConfig:
    return BrokerConfig(
        url=broker.url, queue_name=broker.queue, heartbeat_timeout_s=10, maintenance_chance=1
    )


def waiting_messages(broker: Broker) -> list[dict[str, object]]:
    """The messages on the broker's queue, read without consuming them for good."""
    if broker.kind == "redis":
        import redis

        client = redis.Redis.from_url(broker.url)
        stored = client.hvals(f"resume-worker:{broker.queue}.msgs")
        client.close()
        return [json.loads(raw) for raw in stored]
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(broker.url))
    channel = connection.channel()
    found = []
    while True:
        method, _properties, body = channel.basic_get(broker.queue)
        if method is None:
            break
        found.append(json.loads(body))
    connection.close()  # unacked: the messages go back to the queue
    return found


def test_message_carries_the_job_id_only(any_queue: Broker) -> None:
    """The broker holds the actor name and the job id; no file, tenant or option."""
    queue = DramatiqQueue(config(any_queue))
    try:
        asyncio.run(queue.enqueue("job-1"))
    finally:
        queue.close()
    (message,) = waiting_messages(any_queue)
    assert message["actor_name"] == ACTOR_NAME and message["queue_name"] == any_queue.queue
    assert message["args"] == ["job-1"] and message["kwargs"] == {}


def test_delays_are_kept_by_the_broker_and_a_handler_delay_sends_the_job_again(
    any_queue: Broker,
) -> None:
    """A job enqueued with delay_s arrives no sooner; a handler that returns a delay has the job
    delivered again after it, on the broker (the worker thread does not wait); each worker
    thread runs the exit hook as it stops."""
    seen: list[float] = []
    exits: list[str] = []
    done = threading.Event()

    def handle(job_id: str) -> float | None:
        seen.append(time.monotonic())
        if len(seen) == 2:
            done.set()
        return 0.8 if len(seen) == 1 else None

    queue = DramatiqQueue(
        config(any_queue),
        handle=handle,
        on_thread_exit=lambda: exits.append(threading.current_thread().name),
    )
    try:
        began = time.monotonic()
        queue.send("job-1", delay_s=1.0)
        worker = queue.start_worker(2)
        try:
            assert done.wait(30)
        finally:
            worker.stop(timeout=10_000)
    finally:
        queue.close()
    assert seen[0] - began >= 1.0 and seen[1] - seen[0] >= 0.8
    assert len(exits) == 2 and len(set(exits)) == 2


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:1/0", "amqp://guest:guest@127.0.0.1:1/%2F"], ids=["redis", "amqp"]
)
def test_unreachable_broker_fails_retryable(url: str) -> None:
    """A broker that cannot be reached leaves enqueue as RetryableError (NETWORK_ERROR), so the
    API can answer 503 and a worker can try again."""
    queue = DramatiqQueue(
        BrokerConfig(url=url, queue_name="nowhere", heartbeat_timeout_s=10, maintenance_chance=1)
    )
    with pytest.raises(RetryableError) as caught:
        asyncio.run(queue.enqueue("job-1"))
    assert caught.value.code is ErrorCode.NETWORK_ERROR
