"""The broker part of the composition root: the job queue built from the queue settings, and
the checks that keep a job's time limit below the point where the broker redelivers it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from resume_worker.settings import Settings

if TYPE_CHECKING:  # the adapter imports Dramatiq, redis and pika: only commands that queue pay
    from resume_worker.adapters.queue.dramatiq_queue import DramatiqQueue

BROKER_SCHEMES = ("redis", "rediss", "amqp", "amqps")
# A live Redis worker beats about once a second (adapters.dramatiq_queue.POLL_MS) and a run
# needs a moment past its time limit to record its outcome: the limit ends this much earlier.
REDELIVERY_MARGIN_S = 2.0


class QueueNotConfiguredError(ValueError):
    """A command that needs the broker ran with queue.broker_url empty (embedded runtime)."""


def queue_problems(settings: Settings) -> list[str]:
    """The broker URL's scheme (never its text: it may hold a password), and the per-job time
    limit below the broker's redelivery point (DESIGN §3): Redis hands a silent worker's
    messages to others after queue.heartbeat_timeout_s, RabbitMQ closes a consumer that holds a
    delivery past its consumer_timeout (queue.consumer_timeout_s)."""
    queue = settings.queue
    if not queue.broker_url:
        return []
    scheme = urlparse(queue.broker_url).scheme
    if scheme not in BROKER_SCHEMES:
        return [
            "RESUME_WORKER_QUEUE__BROKER_URL: use redis://, rediss://, amqp:// or amqps:// "
            f"(got {scheme or 'no scheme'})"
        ]
    redis = scheme.startswith("redis")
    point = queue.heartbeat_timeout_s if redis else queue.consumer_timeout_s
    name = "heartbeat_timeout_s" if redis else "consumer_timeout_s"
    if queue.job_time_limit_s + REDELIVERY_MARGIN_S > point:
        return [
            f"RESUME_WORKER_QUEUE__JOB_TIME_LIMIT_S ({queue.job_time_limit_s:g} s) must end at "
            f"least {REDELIVERY_MARGIN_S:g} s before queue.{name} ({point:g} s), when the "
            "broker hands a running job's message to another worker"
        ]
    return []


@contextmanager
def open_queue(
    settings: Settings,
    *,
    handle: Callable[[str], float | None] | None = None,
    deliver: Callable[[str], float | None] | None = None,
    on_thread_boot: Callable[[], None] | None = None,
    on_thread_exit: Callable[[], None] | None = None,
) -> Iterator[DramatiqQueue]:
    """The configured broker's job queue, closed after. Only the worker passes `handle` (run in
    a worker thread for each message; returns the delay of the job's next delivery, if any),
    `deliver` (the same for each webhook delivery's next attempt), `on_thread_boot` and
    `on_thread_exit` (run in each worker thread as it starts and as it stops)."""
    from resume_worker.adapters.queue.dramatiq_queue import BrokerConfig, DramatiqQueue  # noqa: PLC0415

    queue = settings.queue
    if not queue.broker_url:
        raise QueueNotConfiguredError(
            "RESUME_WORKER_QUEUE__BROKER_URL is empty: set a redis:// or amqp:// broker URL"
        )
    config = BrokerConfig(
        url=queue.broker_url,
        queue_name=queue.name,
        heartbeat_timeout_s=queue.heartbeat_timeout_s,
        maintenance_chance=queue.maintenance_chance,
    )
    jobs = DramatiqQueue(
        config,
        handle=handle,
        deliver=deliver,
        on_thread_boot=on_thread_boot,
        on_thread_exit=on_thread_exit,
    )
    try:
        yield jobs
    finally:
        jobs.close()
