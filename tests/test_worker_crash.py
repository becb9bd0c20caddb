"""Acceptance (issue 7): 200 queued jobs, a worker process killed with SIGKILL three times while
they run and restarted each time; every job ends exactly once."""

from __future__ import annotations

import asyncio
import itertools
import signal
import sys
import time
from pathlib import Path

import pytest

from resume_worker.job_runner import accept_job
from resume_worker.queue_services import open_queue
from resume_worker.services import build_services
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

JOBS = 200
FILES = sorted(
    p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".md", ".pdf", ".docx", ".hwpx"}
)
# Kill the worker once this many jobs have ended, each time while others are running.
KILL_AFTER = (30, 80, 130)


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


def ended(data: Path) -> int:
    marks = ",".join("?" * len(TERMINAL))
    return count(data, f"select count(*) from jobs where status in ({marks})", *TERMINAL)


@pytest.mark.slow
def test_two_hundred_jobs_survive_three_sigkills(
    redis_queue: Broker, openai_server: OpenAIServer, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    """Each kill leaves running jobs processing and prefetched messages unacked; the broker
    hands them to the restarted worker after the heartbeat timeout, and at the end: 200 jobs in
    terminal states, one candidate version per stored job, one charge per completed or partial
    job and one release per rejected or failed one."""
    data = tmp_path / "data"
    began = time.monotonic()
    job_ids = queue_jobs(data, redis_queue)
    queued_s = time.monotonic() - began
    env = environment(data, redis_queue, **loopback_embeddings(openai_server), **FAST_QUEUE)
    worker = WorkerProcess(env, tmp_path / "worker-0.log", ("--threads", "4")).start()
    workers.append(worker)
    killed_running = []
    for kill, after in enumerate(KILL_AFTER, start=1):
        wait_until(lambda n=after: ended(data) >= n, timeout=180, what=f"{after} jobs to end")
        running = count(data, "select count(*) from jobs where status = 'processing'")
        worker.signal(signal.SIGKILL)
        worker.wait(timeout=10)
        killed_running.append(running)
        worker = WorkerProcess(env, tmp_path / f"worker-{kill}.log", ("--threads", "4")).start()
        workers.append(worker)
    done = wait_terminal(data, job_ids, timeout=300)
    took_s = time.monotonic() - began

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
    resumed = count(data, "select count(*) from jobs where attempts > 1")
    assert all(n > 0 for n in killed_running), killed_running  # each kill hit running jobs
    assert resumed >= 1
    print(
        f"\n{JOBS} jobs: {by_status}; queued in {queued_s:.1f} s, all ended after {took_s:.1f} s;"
        f" running at each SIGKILL: {killed_running}; jobs resumed (attempts > 1): {resumed}",
        file=sys.stderr,
    )
