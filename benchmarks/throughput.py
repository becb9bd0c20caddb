"""Distributed throughput: jobs/s on one machine at concurrency C against the ideal C/L.

Run: `.venv/bin/python benchmarks/throughput.py [--latency 2] [--concurrency 1 8 32 64]
[--processes P] [--stages]`. Needs the machine's Redis (127.0.0.1:6379). The LLM is the
loopback OpenAI server answering every chat call after a fixed latency L (the llm analyst, one
call per job: the identity vote is off); embeddings come from the same server at once; the
database is SQLite in a temporary folder. For each C, 5*C jobs (en-plain.txt, one tenant each so
no two are the same person) are queued first, then `resume-worker worker` starts with C threads
in all (P processes of C/P threads). The first wave warms up (each thread builds its clients at
its first message), so the steady rate is the 4*C jobs that end after the C-th one over the
time between (job rows' finished_at); the rate from the first start (worker log) is printed
beside it. DESIGN §6 bar: >= 0.8 x C/L for C up to 32.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the loopback OpenAI server lives in tests/

from resume_worker.job_runner import accept_job
from resume_worker.queue_services import open_queue
from resume_worker.services import build_services
from resume_worker.settings import Settings

RESUME = REPO / "samples" / "en-plain.txt"
STAMP = re.compile(r'"timestamp": "([^"]+)"')
STAGES: list[bool] = []
REDIS_URL = "redis://127.0.0.1:6379/0"
PROFILE = {
    "name": "Morgan Castillo",
    "emails": ["[EMAIL_1]"],
    "phones": ["[PHONE_1]"],
    "careers": [{"company": "Dell Technologies", "start": "2021-01", "is_current": True}],
    "skills": ["Risk management"],
}


def worker_env(
    data: Path, queue: str, base_url: str, threads: int, processes: int
) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_WORKER_")}
    return kept | {
        "RESUME_WORKER_DATA_DIR": str(data),
        "RESUME_WORKER_LOG_FORMAT": "json",
        "RESUME_WORKER_QUEUE__BROKER_URL": REDIS_URL,
        "RESUME_WORKER_QUEUE__NAME": queue,
        "RESUME_WORKER_QUEUE__WORKER_THREADS": str(threads),
        "RESUME_WORKER_QUEUE__WORKER_PROCESSES": str(processes),
        "RESUME_WORKER_LLM__ANALYST": "llm",
        "RESUME_WORKER_LLM__BASE_URL": base_url,
        "RESUME_WORKER_LLM__MODEL": "loopback-chat",
        "RESUME_WORKER_LLM__IDENTITY_VOTE": "false",
        "RESUME_WORKER_EMBEDDING__PROVIDER": "openai",
        "RESUME_WORKER_EMBEDDING__BASE_URL": base_url,
        "RESUME_WORKER_EMBEDDING__MODEL": "loopback-embedding",
        "RESUME_WORKER_EMBEDDING__DIM": "8",
        "OMP_NUM_THREADS": "1",
    }


def queue_jobs(data: Path, queue: str, count: int) -> list[str]:
    settings = Settings(data_dir=data, queue={"broker_url": REDIS_URL, "name": queue})
    content = RESUME.read_bytes()

    async def run() -> list[str]:
        async with build_services(settings) as services:
            with open_queue(settings) as jobs:
                ids = []
                for n in range(count):
                    job = await accept_job(
                        services, content, file_name=RESUME.name, tenant_id=f"bench{n}"
                    )
                    await jobs.enqueue(job.id)
                    ids.append(job.id)
                return ids

    return asyncio.run(run())


def first_start(log: Path) -> float:
    """When the first job started, from the worker log (several processes share the file, so a
    line may be torn: the timestamps are found by pattern)."""
    stamps = [
        datetime.fromisoformat(m.group(1)).timestamp()
        for line in log.read_text(errors="replace").splitlines()
        if '"job started"' in line
        for m in [STAMP.search(line)]
        if m
    ]
    return min(stamps)


def finished(data: Path, job_ids: list[str]) -> list[float]:
    """finished_at of the jobs that ended (stored as UTC)."""
    with sqlite3.connect(data / "resume-worker.db", timeout=30) as conn:
        marks = ",".join("?" * len(job_ids))
        found = conn.execute(
            f"select finished_at from jobs where finished_at is not null and id in ({marks})",
            job_ids,
        ).fetchall()
    return [datetime.fromisoformat(f).replace(tzinfo=UTC).timestamp() for (f,) in found]


def measure(
    concurrency: int, processes: int, base_url: str, folder: Path
) -> tuple[int, float, float]:
    """Queue 5*C jobs and run a worker with C threads in all until they ended: (jobs, seconds
    from the first start to the last end, seconds from the C-th end to the last)."""
    data, queue, count = (
        folder / f"c{concurrency}",
        f"bench-{uuid.uuid4().hex[:8]}",
        5 * concurrency,
    )
    job_ids = queue_jobs(data, queue, count)
    log = folder / f"worker-c{concurrency}.log"
    with log.open("ab") as stderr:
        worker = subprocess.Popen(
            [sys.executable, "-m", "resume_worker", "worker"],
            env=worker_env(data, queue, base_url, concurrency // processes, processes),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            deadline = time.monotonic() + 600
            while len(finished(data, job_ids)) < count and time.monotonic() < deadline:
                time.sleep(0.5)
        finally:
            worker.terminate()
            worker.wait(timeout=120)
    ended = finished(data, job_ids)
    if len(ended) < count:
        raise SystemExit(f"only {len(ended)} of {count} jobs ended; see {log}")
    print_stages(data)
    ended.sort()
    return count, ended[-1] - first_start(log), ended[-1] - ended[concurrency - 1]


def print_stages(data: Path) -> None:
    """Median ms per stage over the jobs (with --stages): where the time beyond L goes."""
    if not STAGES:
        return
    with sqlite3.connect(data / "resume-worker.db", timeout=30) as conn:
        timings = [json.loads(r)["timings_ms"] for (r,) in conn.execute("select result from jobs")]
    names = sorted({name for t in timings for name in t})
    medians = {n: statistics.median(t.get(n, 0) for t in timings) for n in names}
    print("       median ms: " + ", ".join(f"{n} {v:.0f}" for n, v in medians.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=2.0, help="LLM latency L in seconds")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32, 64])
    parser.add_argument(
        "--processes", type=int, default=1, help="worker processes sharing the C threads"
    )
    parser.add_argument("--stages", action="store_true", help="print median ms per stage")
    args = parser.parse_args()
    if args.stages:
        STAGES.append(True)
    from tests.openai_server import OpenAIServer, answer, latency

    print(f"loopback LLM latency L = {args.latency:g} s; {args.processes} worker process(es)")
    print(f"{'C':>4} {'jobs':>5} {'all jobs/s':>10} {'steady jobs/s':>13} {'C/L':>6} {'ratio':>6}")
    with OpenAIServer() as server, tempfile.TemporaryDirectory() as tmp:
        server.chat_default = latency(args.latency, answer(PROFILE))
        for concurrency in args.concurrency:
            processes = min(args.processes, concurrency)
            count, whole_s, steady_s = measure(concurrency, processes, server.base_url, Path(tmp))
            whole, steady = count / whole_s, (count - concurrency) / steady_s
            ideal = concurrency / args.latency
            print(
                f"{concurrency:>4} {count:>5} {whole:>10.2f} {steady:>13.2f} {ideal:>6.2f}"
                f" {steady / ideal:>6.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
