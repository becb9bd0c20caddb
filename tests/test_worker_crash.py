"""Acceptance (issue 7): 200 queued jobs, a worker process killed with SIGKILL three times while
they run and restarted each time; every job ends exactly once and notifies one event id."""

from __future__ import annotations

import asyncio
import itertools
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook

from resume_worker.adapters.webhooks.signing import new_secret
from resume_worker.composition.pipeline import build_services
from resume_worker.composition.queue import open_queue
from resume_worker.jobs.runner import accept_job
from resume_worker.settings import Settings
from tests.e2e import SAMPLES
from tests.openai_server import OpenAIServer
from tests.queues import (
    FAST_QUEUE,
    TERMINAL,
    Broker,
    WorkerProcess,
    environment,
    loopback_embeddings,
    rows,
    wait_terminal,
    wait_until,
)
from tests.scripted_http import ScriptedServer

JOBS = 200
FILES = sorted(
    p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".md", ".pdf", ".docx", ".hwpx"}
)
# Kill the worker once this many jobs have ended, each time while others are running.
KILL_AFTER = (30, 80, 130)
SECRET = new_secret()


def webhook_env(receiver: ScriptedServer) -> dict[str, str]:
    """Every job notifies the loopback receiver (let through the SSRF guard)."""
    return {
        "RESUME_WORKER_WEBHOOK__URL": receiver.url(),
        "RESUME_WORKER_WEBHOOK__SECRETS": SECRET,
        "RESUME_WORKER_WEBHOOK__ALLOW_HOSTS": "127.0.0.1",
        "RESUME_WORKER_WEBHOOK__DELAY": "0.01",
    }


def event_ids(receiver: ScriptedServer) -> dict[str, set[str]]:
    """The webhook ids the receiver got per job, each request's signature verified."""
    found: dict[str, set[str]] = {}
    for request in receiver.requests:
        event = Webhook(SECRET).verify(request.body, request.headers)
        found.setdefault(event["data"]["job_id"], set()).add(request.headers["webhook-id"])
    return found


def queue_jobs(data: Path, broker: Broker) -> list[str]:
    """Accept 200 jobs (the samples over and over, four tenants) and queue their ids."""
    settings = Settings(
        data_dir=data, log_format="json", queue={"broker_url": broker.url, "name": broker.queue}
    )

    async def run() -> list[str]:
        async with build_services(settings) as services:
            with open_queue(settings) as queue:
                ids = []
                for n, path in zip(range(JOBS), itertools.cycle(FILES), strict=False):
                    job = await accept_job(
                        services, path.read_bytes(), file_name=path.name, tenant_id=f"t{n % 4}"
                    )
                    await queue.enqueue(job.id)
                    ids.append(job.id)
                return ids

    return asyncio.run(run())


def count(data: Path, sql: str, *params: object) -> int:
    return int(rows(data, sql, *params)[0][0])


def processing(data: Path) -> set[str]:
    return {job_id for (job_id,) in rows(data, "select id from jobs where status = 'processing'")}


def ended(data: Path) -> int:
    marks = ",".join("?" * len(TERMINAL))
    return count(data, f"select count(*) from jobs where status in ({marks})", *TERMINAL)


@pytest.fixture
def receiver() -> Iterator[ScriptedServer]:
    """A loopback webhook receiver answering 204."""
    with ScriptedServer() as server:
        yield server


@pytest.mark.slow
def test_two_hundred_jobs_survive_three_sigkills(
    redis_queue: Broker,
    openai_server: OpenAIServer,
    receiver: ScriptedServer,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    """Each kill leaves running jobs processing and prefetched messages unacked; the broker
    hands them to the restarted worker after the heartbeat timeout, and at the end: 200 jobs in
    terminal states, one candidate version per stored job, one charge per completed or partial
    job and one release per rejected or failed one, and one signed webhook event id per job."""
    data = tmp_path / "data"
    began = time.monotonic()
    job_ids = queue_jobs(data, redis_queue)
    queued_s = time.monotonic() - began
    env = environment(
        data,
        redis_queue,
        **loopback_embeddings(openai_server),
        **webhook_env(receiver),
        **FAST_QUEUE,
    )
    worker = WorkerProcess(env, tmp_path / "worker-0.log", ("--threads", "4")).start()
    workers.append(worker)
    killed_running: list[set[str]] = []
    left: set[str] = set()  # processing when this worker started: a killed one's jobs
    for kill, after in enumerate(KILL_AFTER, start=1):
        wait_until(
            lambda n=after, old=left: ended(data) >= n and bool(processing(data) - old),
            timeout=180,
            interval=0.05,
            what=f"{after} jobs to end and this worker to be running one",
        )
        worker.signal(signal.SIGKILL)
        worker.wait(timeout=10)
        killed_running.append(processing(data) - left)
        left = processing(data)
        worker = WorkerProcess(env, tmp_path / f"worker-{kill}.log", ("--threads", "4")).start()
        workers.append(worker)
    done = wait_terminal(data, job_ids, timeout=300)
    took_s = time.monotonic() - began
    wait_until(lambda: len(event_ids(receiver)) == JOBS, timeout=60, what="every job's webhook")

    by_status = {s: list(done.values()).count(s) for s in TERMINAL}
    stored = by_status["completed"] + by_status["partial"]
    assert len(done) == JOBS and sum(by_status.values()) == JOBS
    assert count(data, "select count(*) from candidate_versions") == stored
    assert (
        rows(data, "select job_id from candidate_versions group by job_id having count(*) > 1")
        == []
    )
    assert count(data, "select count(*) from ledger where kind = 'charge'") == stored
    assert count(data, "select count(*) from ledger where kind = 'release'") == JOBS - stored
    assert count(data, "select count(*) from ledger where kind = 'reserve'") == JOBS
    received = event_ids(receiver)
    assert sorted(received) == sorted(job_ids)
    assert all(len(ids) == 1 for ids in received.values())
    assert (
        rows(data, "select job_id from webhook_deliveries group by job_id having count(*) != 1")
        == []
    )
    killed = set().union(*killed_running)
    resumed = {job_id for (job_id,) in rows(data, "select id from jobs where attempts > 1")}
    assert all(killed_running), killed_running  # each kill hit jobs that worker was running
    assert killed <= resumed  # every job killed mid-run was claimed again and counted
    print(
        f"\n{JOBS} jobs: {by_status}; queued in {queued_s:.1f} s, all ended after {took_s:.1f} s;"
        f" running at each SIGKILL: {[len(k) for k in killed_running]};"
        f" jobs resumed (attempts > 1): {len(resumed)};"
        f" webhook requests {len(receiver.requests)} for {len(received)} event ids",
        file=sys.stderr,
    )
