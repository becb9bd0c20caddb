"""The distributed worker: processes whose threads take job ids off the broker and run them.

Each worker thread opens one event loop scope and builds its own services (database engine,
HTTP clients) on it when it starts, and keeps both for its whole life; they are closed on that
loop when the thread stops. The threads take their first messages together, once every one of
them (in every process of the worker) is ready. What is read-only and thread-safe (the tool
probes, the local embedding model) each process builds once and its threads share
(shared_services).

A job's next delivery (a retry after backoff, or a look later at a job another live run holds)
is sent to the broker, delayed there, before the message is acked, so no worker slot ever
sleeps and a crash in between loses nothing.

SIGTERM (or SIGINT) stops taking messages, lets running jobs finish (each ends by its time
limit), hands the prefetched ones back to the broker and exits 0. With several processes the
parent only forwards signals; when a child dies unexpectedly it stops the others and exits 1,
for the process manager to restart the worker.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from types import FrameType

import structlog

from resume_worker.composition.queue import open_queue
from resume_worker.composition.shared import SharedServices, build_shared
from resume_worker.composition.worker import ThreadServices, check_ready
from resume_worker.event_loop import run_async
from resume_worker.jobs.scheduling import Backoff, next_delivery, next_webhook_attempt
from resume_worker.logs import configure_logging
from resume_worker.pipeline import Services
from resume_worker.settings import Settings

log = structlog.get_logger("resume_worker.worker")
# What SIGTERM waits for on top of the time limit: recording outcomes, acks, the queue handoff.
STOP_GRACE_S = 30.0
# How long a started thread waits for the process's other threads to build their services.
READY_TIMEOUT_S = 60.0


@dataclass
class JobHandler:
    """What a worker thread builds when it starts, runs for each message, closes when it stops.

    `ready` has one party per thread of the worker (a multiprocessing barrier when it has
    several processes): each thread waits there once it has built its services, so no build
    takes the CPU from a running job and the first jobs start together.
    """

    settings: Settings
    shared: SharedServices
    ready: threading.Barrier
    threads: ThreadServices = field(init=False)

    def __post_init__(self) -> None:
        self.threads = ThreadServices(self.settings, self.shared)

    def __call__(self, job_id: str) -> float | None:
        """Run the job; None when it needs no other delivery, else the delay for the next."""
        queue, retry = self.settings.queue, self.settings.retry
        delay = run_async(
            next_delivery(
                job_id,
                self._services(),
                time_limit_s=queue.job_time_limit_s,
                backoff=Backoff(retry.backoff_base_s, retry.backoff_max_s),
            )
        )
        if delay is not None:
            log.info("job delivered again later", job_id=job_id, delay_s=round(delay, 3))
        return delay

    def deliver(self, delivery_id: str) -> float | None:
        """A webhook delivery's scheduled attempt; the delay for the message to come again."""
        retry = self.settings.retry
        backoff = Backoff(retry.backoff_base_s, retry.backoff_max_s)
        return run_async(next_webhook_attempt(delivery_id, self._services(), backoff=backoff))

    def open_thread(self) -> None:
        """At the thread's start, before its first message: build its services and open its
        database connection, then wait for the others. A build that fails (the database
        unreachable) is logged by the broker and tried again at the thread's first message."""
        try:
            run_async(_open_database(self._services()))
        finally:
            try:
                if self.ready.wait(timeout=READY_TIMEOUT_S) == 0:  # one thread in all says so
                    log.info("worker threads ready", threads=self.ready.parties)
            except threading.BrokenBarrierError:
                log.warning("worker threads not all ready in time: starting anyway")

    def _services(self) -> Services:
        return self.threads.get()

    def close_thread(self) -> None:
        """Close this thread's services on its loop, then the loop."""
        self.threads.close()


async def _open_database(services: Services) -> None:
    """Connect the thread's engine (and have it compile the job read) now, by reading a job
    that cannot exist: otherwise every thread's first connection, with its set-up queries,
    falls in the first wave of jobs, all of them at once."""
    await services.jobs.get_job("")


def serve(settings: Settings) -> int:
    """Run queue.worker_processes processes of queue.worker_threads threads until stopped."""
    processes = settings.queue.worker_processes
    shared = build_shared(settings, load_model=processes == 1)
    check_ready(settings, shared)
    if processes == 1:
        return serve_process(settings, shared)
    stop = _stop_event()
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(processes * settings.queue.worker_threads)
    children = [
        context.Process(target=_child, args=(settings, ready), name=f"resume-worker-{n}")
        for n in range(processes)
    ]
    for child in children:
        child.start()
    return _supervise(children, stop)


def _child(settings: Settings, ready: threading.Barrier) -> None:
    configure_logging(settings.log_level, settings.log_format)
    raise SystemExit(serve_process(settings, ready=ready))


def _stop_event() -> threading.Event:
    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return stop


def serve_process(
    settings: Settings,
    shared: SharedServices | None = None,
    ready: threading.Barrier | None = None,
) -> int:
    """One worker process: its threads run jobs until SIGTERM or SIGINT, then finish them. A
    child process builds its `shared` services here (its parent's stay with the parent), and
    its threads wait at the `ready` barrier of all the children's threads."""
    stop = _stop_event()
    threads = settings.queue.worker_threads
    handler = JobHandler(
        settings,
        shared or build_shared(settings, load_model=True),
        ready or threading.Barrier(threads),
    )
    with open_queue(
        settings,
        handle=handler,
        deliver=handler.deliver,
        on_thread_boot=handler.open_thread,
        on_thread_exit=handler.close_thread,
    ) as queue:
        worker = queue.start_worker(threads)
        log.info("worker started", threads=threads, queue=settings.queue.name)
        while not stop.wait(1.0):
            pass
        log.info("worker stopping: running jobs finish first")
        worker.stop(timeout=round((settings.queue.job_time_limit_s + STOP_GRACE_S) * 1000))
    log.info("worker stopped")
    return 0


def _supervise(
    children: Sequence[multiprocessing.process.BaseProcess], stop: threading.Event
) -> int:
    """Forward SIGTERM/SIGINT to the children; when one exits on its own, stop the rest."""
    code, signalled = 0, False
    while any(child.is_alive() for child in children):
        wait([c.sentinel for c in children if c.is_alive()], timeout=1.0)
        if not stop.is_set() and any(c.exitcode not in (None, 0) for c in children):
            log.error("a worker process exited: stopping the others")
            code = 1
            stop.set()
        if stop.is_set() and not signalled:
            signalled = True
            for child in children:
                if child.is_alive() and child.pid is not None:
                    os.kill(child.pid, signal.SIGTERM)
    return code
