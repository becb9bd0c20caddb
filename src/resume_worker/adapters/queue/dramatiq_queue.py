"""The job queue on Dramatiq: a Redis broker (RabbitMQ for amqp:// URLs), the actor
`process_resume(job_id)`, the actor `deliver_webhook(delivery_id)` that makes a webhook
delivery's next attempt (on a queue of its own, so a backlog of jobs does not hold up
retries), and the worker threads that consume both.

A message carries the job id only; the job row holds the file reference, tenant and options.
Delivery is at least once: the Redis broker acks a message after the actor returns and gives
the unacked messages of a worker whose heartbeat stopped to the others; RabbitMQ redelivers when
a consumer's connection drops. The broker runs our middleware only: no Retries (a job-level
retry is our own delayed re-enqueue, decided from the job's attempts in the database, so there
is exactly one retry layer), no TimeLimit (the job runner's asyncio timeout ends a run; Dramatiq's
raises an exception inside the thread, through the event loop the thread keeps for its life).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import Middleware

from resume_worker.adapters.error_map import to_worker_error

ACTOR_NAME = "process_resume"
DELIVERY_ACTOR_NAME = "deliver_webhook"
DELIVERY_QUEUE_SUFFIX = "-webhooks"
REDIS_NAMESPACE = "resume-worker"
# How long an idle worker thread or consumer waits before looking again; also about how often
# a worker's heartbeat reaches Redis, so the heartbeat timeout must leave room for it.
POLL_MS = 1000


@dataclass(frozen=True)
class BrokerConfig:
    url: str
    queue_name: str
    heartbeat_timeout_s: float
    maintenance_chance: float


def open_broker(config: BrokerConfig, middleware: list[Middleware]) -> dramatiq.Broker:
    """Redis for redis:// and rediss:// URLs, RabbitMQ (publisher confirms on) for amqp(s)://.

    Redis checks for dead workers on `maintenance_chance` of its calls; a worker whose last
    heartbeat is older than `heartbeat_timeout_s` gets its unacked messages requeued then.
    """
    if config.url.startswith(("redis://", "rediss://")):
        return RedisBroker(  # type: ignore[no-untyped-call]  # its __init__ is unannotated
            url=config.url,
            namespace=REDIS_NAMESPACE,
            middleware=middleware,
            heartbeat_timeout=round(config.heartbeat_timeout_s * 1000),
            maintenance_chance=round(config.maintenance_chance * 1_000_000),
        )
    return RabbitmqBroker(url=config.url, middleware=middleware, confirm_delivery=True)


class _ThreadLife(Middleware):
    """Calls `on_boot` in each worker thread as it starts, before it takes a message (Dramatiq
    logs a failure and the thread goes on), and `on_exit` as it stops, so what the thread
    opens on its own event loop is closed on that loop."""

    def __init__(
        self, on_boot: Callable[[], None] | None, on_exit: Callable[[], None] | None
    ) -> None:
        self.on_boot, self.on_exit = on_boot, on_exit

    def after_worker_thread_boot(self, _broker: dramatiq.Broker, _thread: Any) -> None:
        if self.on_boot is not None:
            self.on_boot()

    def before_worker_thread_shutdown(self, _broker: dramatiq.Broker, _thread: Any) -> None:
        if self.on_exit is not None:
            self.on_exit()


class DramatiqQueue:
    """ports.JobQueue on a Dramatiq broker, and the workers that consume its queue.

    `handle(job_id)` runs in a worker thread for every message and returns None, or the delay
    in seconds after which the job must be delivered again: that message is sent before the
    current one is acked, so a crash in between can only deliver the job twice, never lose it.
    `deliver(delivery_id)` runs for every deliver_webhook message the same way. A queue that
    only enqueues (the CLI, the API) passes no handlers. `on_thread_boot` and
    `on_thread_exit` run in each worker thread as it starts and as it stops.
    """

    def __init__(
        self,
        config: BrokerConfig,
        *,
        handle: Callable[[str], float | None] | None = None,
        deliver: Callable[[str], float | None] | None = None,
        on_thread_boot: Callable[[], None] | None = None,
        on_thread_exit: Callable[[], None] | None = None,
    ) -> None:
        self.config = config
        self._handle = handle
        self._deliver = deliver
        middleware: list[Middleware] = [_ThreadLife(on_thread_boot, on_thread_exit)]
        self.broker = open_broker(config, middleware)
        self._actor = self._declare(self._process, ACTOR_NAME, config.queue_name)
        self._delivery_actor = self._declare(
            self._deliver_webhook,
            DELIVERY_ACTOR_NAME,
            config.queue_name + DELIVERY_QUEUE_SUFFIX,
        )

    def _declare(
        self, fn: Callable[[str], None], name: str, queue_name: str
    ) -> dramatiq.Actor[[str], None]:
        return dramatiq.Actor(
            fn, broker=self.broker, actor_name=name, queue_name=queue_name, priority=0, options={}
        )

    def _process(self, job_id: str) -> None:
        if self._handle is None:
            raise RuntimeError("this queue only enqueues: open it with a handler to consume")
        delay_s = self._handle(job_id)
        if delay_s is not None:
            self.send(job_id, delay_s=delay_s)

    def _deliver_webhook(self, delivery_id: str) -> None:
        if self._deliver is None:
            raise RuntimeError("this queue only enqueues: open it with a handler to consume")
        delay_s = self._deliver(delivery_id)
        if delay_s is not None:
            self.send_delivery(delivery_id, delay_s=delay_s)

    async def enqueue(self, job_id: str, *, delay_s: float = 0) -> None:
        """Send in a thread (the broker clients block); a broker failure leaves as our error."""
        await asyncio.to_thread(self.send, job_id, delay_s=delay_s)

    def send(self, job_id: str, *, delay_s: float = 0) -> None:
        """The blocking send, for callers on a worker thread or outside any event loop."""
        self._send(self._actor, job_id, delay_s)

    def send_delivery(self, delivery_id: str, *, delay_s: float = 0) -> None:
        """A webhook delivery's next attempt, `delay_s` from now (blocking, as `send`)."""
        self._send(self._delivery_actor, delivery_id, delay_s)

    @staticmethod
    def _send(actor: dramatiq.Actor[[str], None], arg: str, delay_s: float) -> None:
        delay_ms = round(delay_s * 1000)
        try:
            actor.send_with_options(args=(arg,), delay=delay_ms or None)
        except Exception as exc:
            raise to_worker_error(exc, "queue") from exc

    def start_worker(self, threads: int) -> dramatiq.Worker:
        """Start `threads` worker threads on both queues (and their delay queues); stop()
        them."""
        worker = dramatiq.Worker(self.broker, worker_threads=threads, worker_timeout=POLL_MS)
        worker.start()
        return worker

    def close(self) -> None:
        self.broker.close()
