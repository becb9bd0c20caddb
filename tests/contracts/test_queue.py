"""The JobQueue contract: the same suite on the fake, on Dramatiq with the machine's Redis and
RabbitMQ, each consumed by worker threads (the fake's worker is the test, calling deliver), and on
the embedded queue of an API process without a broker (tasks on an event loop)."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import pytest

from resume_worker.adapters.queue.dramatiq_queue import BrokerConfig, DramatiqQueue
from resume_worker.core.errors import ErrorCode, RetryableError
from resume_worker.core.ports.queue import JobQueue
from resume_worker.jobs.scheduling import EmbeddedQueue
from tests.adapters.queue.test_dramatiq_queue import config
from tests.fakes.queue import FakeJobQueue
from tests.queues import Broker

Handler = Callable[[str], float | None]
UNREACHABLE = {"redis": "redis://127.0.0.1:1/0", "rabbitmq": "amqp://guest:guest@127.0.0.1:1/%2F"}


class Arrivals:
    """The worker's handler: records each id it is given and when (from worker threads), and
    asks to see an id in `again` once more after that many seconds."""

    def __init__(self, again: dict[str, float] | None = None) -> None:
        self.again = dict(again or {})
        self.seen: list[tuple[str, float]] = []
        self._lock = threading.Lock()

    def __call__(self, job_id: str) -> float | None:
        with self._lock:
            self.seen.append((job_id, time.monotonic()))
            return self.again.pop(job_id, None)

    def ids(self) -> list[str]:
        with self._lock:
            return [job_id for job_id, _ in self.seen]

    def times(self, job_id: str) -> list[float]:
        with self._lock:
            return [at for seen, at in self.seen if seen == job_id]


@dataclass
class Rig:
    """A queue whose workers are running, and the test's way of letting them work a moment."""

    queue: JobQueue
    pump: Callable[[], None]

    def wait_until(self, check: Callable[[], bool], timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            assert time.monotonic() < deadline, f"nothing arrived in {timeout:g} s"
            self.pump()


@contextmanager
def fake_rig(handle: Handler) -> Iterator[Rig]:
    queue = FakeJobQueue()

    def pump() -> None:
        queue.deliver(handle)
        time.sleep(0.01)

    yield Rig(queue, pump)


@contextmanager
def dramatiq_rig(broker: Broker, handle: Handler) -> Iterator[Rig]:
    queue = DramatiqQueue(config(broker), handle=handle)
    worker = queue.start_worker(2)
    try:
        yield Rig(queue, lambda: time.sleep(0.02))
    finally:
        worker.stop(timeout=10_000)
        queue.close()


class LoopQueue:
    """A queue that lives on another thread's event loop, enqueued into from the test's own."""

    def __init__(self, queue: EmbeddedQueue, loop: asyncio.AbstractEventLoop) -> None:
        self.queue = queue
        self.loop = loop

    async def enqueue(self, job_id: str, *, delay_s: float = 0) -> None:
        sent = self.queue.enqueue(job_id, delay_s=delay_s)
        asyncio.run_coroutine_threadsafe(sent, self.loop).result(timeout=10)


@contextmanager
def embedded_rig(handle: Handler) -> Iterator[Rig]:
    """The embedded queue on an event loop of its own thread, as in an API process."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def deliver(job_id: str) -> float | None:
        return handle(job_id)

    queue = EmbeddedQueue(deliver, concurrency=2)
    try:
        yield Rig(LoopQueue(queue, loop), lambda: time.sleep(0.02))
    finally:
        asyncio.run_coroutine_threadsafe(queue.close(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


@pytest.fixture(params=["fake", "redis", "rabbitmq", "embedded"])
def open_rig(request: pytest.FixtureRequest) -> Callable[[Handler], AbstractContextManager[Rig]]:
    """Opens each queue with running workers that call the given handler."""
    if request.param == "fake":
        return fake_rig
    if request.param == "embedded":
        return embedded_rig
    broker: Broker = request.getfixturevalue(f"{request.param}_queue")
    return lambda handle: dramatiq_rig(broker, handle)


def enqueue(queue: JobQueue, *sends: tuple[str, float]) -> float:
    """Enqueue (id, delay_s) pairs in order; the time just before the first went."""
    began = time.monotonic()

    async def scenario() -> None:
        for job_id, delay_s in sends:
            await queue.enqueue(job_id, delay_s=delay_s)

    asyncio.run(scenario())
    return began


def test_each_enqueued_id_reaches_a_worker(
    open_rig: Callable[[Handler], AbstractContextManager[Rig]],
) -> None:
    """Every id enqueued without a delay is handed to a worker, unchanged, once."""
    ids = [str(uuid.uuid4()), "job-ü-2", "x" * 36]
    arrivals = Arrivals()
    with open_rig(arrivals) as rig:
        enqueue(rig.queue, *((job_id, 0) for job_id in ids))
        rig.wait_until(lambda: set(arrivals.ids()) == set(ids))
    assert Counter(arrivals.ids()) == Counter(ids)


def test_a_delayed_id_arrives_no_sooner_than_its_delay(
    open_rig: Callable[[Handler], AbstractContextManager[Rig]],
) -> None:
    """An id enqueued with delay_s reaches a worker no sooner than that, and does come; one
    enqueued after it without a delay is not held up behind it."""
    arrivals = Arrivals()
    with open_rig(arrivals) as rig:
        began = enqueue(rig.queue, ("late", 1.0), ("soon", 0))
        rig.wait_until(lambda: {"late", "soon"} <= set(arrivals.ids()))
    assert arrivals.ids() == ["soon", "late"]
    (late,) = arrivals.times("late")
    assert 1.0 <= late - began < 15


def test_a_handler_asking_for_a_delay_gets_the_job_again_after_it(
    open_rig: Callable[[Handler], AbstractContextManager[Rig]],
) -> None:
    """A worker's handler that returns a delay (a job retried later) sees the job once more,
    no sooner than that delay after the first time, and then no more."""
    arrivals = Arrivals(again={"job-1": 0.5})
    with open_rig(arrivals) as rig:
        enqueue(rig.queue, ("job-1", 0))
        rig.wait_until(lambda: len(arrivals.times("job-1")) == 2)
    first, second = arrivals.times("job-1")
    assert second - first >= 0.5
    assert arrivals.ids() == ["job-1", "job-1"]


@pytest.fixture(params=["fake", "redis", "rabbitmq"])
def unreachable(request: pytest.FixtureRequest) -> Iterator[JobQueue]:
    """Each queue with no broker behind it."""
    if request.param == "fake":
        yield FakeJobQueue(unreachable=True)
        return
    url = UNREACHABLE[request.param]
    queue = DramatiqQueue(
        BrokerConfig(url=url, queue_name="nowhere", heartbeat_timeout_s=10, maintenance_chance=1)
    )
    yield queue
    queue.close()


def test_an_unreachable_broker_fails_retryable(unreachable: JobQueue) -> None:
    """A queue that cannot take the message raises RetryableError(NETWORK_ERROR), so the API
    answers 503 and a worker tries again later."""
    with pytest.raises(RetryableError) as caught:
        asyncio.run(unreachable.enqueue("job-1", delay_s=0.5))
    assert caught.value.code is ErrorCode.NETWORK_ERROR and caught.value.retryable
