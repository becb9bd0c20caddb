"""Distributed throughput: jobs/s on one machine at concurrency C against the ideal C/L.

Run: `.venv/bin/python benchmarks/throughput.py [--latency 2] [--concurrency 1 8 32 64]
[--processes P] [--stages]`. Needs the machine's Redis (127.0.0.1:6379). The LLM is the
loopback OpenAI server answering every chat call after a fixed latency L (the llm analyst, one
call per job: the identity vote is off); embeddings come from the same server at once; it runs
in a process of its own, so neither the worker nor this process shares a GIL with it. The
database is SQLite in a temporary folder. For each C, 5*C jobs (en-plain.txt, one tenant each
so no two are the same person) are queued first, then `resume-worker worker` starts with C
threads in all (P processes of C/P threads), which build their services before the first job.
The rate counted is the jobs over the time from the first job's start (worker log) to the last
one's end (job rows' finished_at); the steady rate (the 4*C jobs that end after the C-th one)
is printed beside it, the worker's CPU time per job (the user and system time of its processes
between the first job's start and the check that finds every job ended, over the jobs; less
sensitive than the rates to what else runs on the machine), and the load average after each
run. Every job must end completed. DESIGN §6 bar: >= 0.8 x C/L for C up to 32.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the loopback OpenAI server lives in tests/

from resume_worker.composition.pipeline import build_services
from resume_worker.composition.queue import open_queue
from resume_worker.jobs.runner import accept_job
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


def serve_loopback(latency_s: float, conn: Connection) -> None:
    """The loopback OpenAI server, in a spawned process: sends its base URL, then serves until
    the benchmark closes its end of the pipe."""
    from tests.openai_server import OpenAIServer, answer, latency

    with OpenAIServer() as server:
        server.chat_default = latency(latency_s, answer(PROFILE))
        conn.send(server.base_url)
        with suppress(EOFError):  # the benchmark ended without a word
            conn.recv()


@contextmanager
def loopback_server(latency_s: float) -> Iterator[str]:
    """The base URL of a loopback OpenAI server running in its own process."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    server = context.Process(target=serve_loopback, args=(latency_s, theirs), daemon=True)
    server.start()
    theirs.close()
    try:
        yield str(ours.recv())
    finally:
        ours.close()
        server.join(timeout=10)


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


def log_times(log: Path, event: str) -> list[float]:
    """When `event` was logged, from the worker log (several processes share the file, so a
    line may be torn: the timestamps are found by pattern)."""
    return [
        datetime.fromisoformat(m.group(1)).timestamp()
        for line in log.read_text(errors="replace").splitlines()
        if f'"{event}"' in line
        for m in [STAMP.search(line)]
        if m
    ]


def ended(data: Path, job_ids: list[str]) -> list[tuple[str, float]]:
    """(status, finished_at) of the jobs that ended (finished_at is stored as UTC)."""
    with sqlite3.connect(data / "resume-worker.db", timeout=30) as conn:
        marks = ",".join("?" * len(job_ids))
        found = conn.execute(
            f"select status, finished_at from jobs"
            f" where finished_at is not null and id in ({marks})",
            job_ids,
        ).fetchall()
    return [
        (status, datetime.fromisoformat(at).replace(tzinfo=UTC).timestamp()) for status, at in found
    ]


def tree_cpu_s(pid: int) -> float | None:
    """User plus system CPU seconds of process `pid` and its descendants (None without
    /proc)."""
    stats: dict[int, tuple[int, float]] = {}  # pid: (parent pid, cpu s)
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            fields = entry.read_text().rsplit(")", 1)[1].split()
            stats[int(entry.parent.name)] = (
                int(fields[1]),
                (int(fields[11]) + int(fields[12])) / tick,
            )
    if pid not in stats:
        return None
    tree, grown = {pid}, True
    while grown:
        found = {child for child, (parent, _) in stats.items() if parent in tree} - tree
        tree |= found
        grown = bool(found)
    return sum(stats[member][1] for member in tree)


@dataclass(frozen=True)
class Run:
    jobs: int
    whole_s: float  # from the first job's start to the last job's end
    steady_s: float  # from the C-th job's end to the last one's
    ready_s: float  # from the worker's launch to its first job's start
    wave_s: float  # from the first job's start to the C-th's
    cpu_s: float | None  # the worker's CPU time from the first job's start to the last's end


def measure(concurrency: int, processes: int, base_url: str, folder: Path) -> Run:
    """Queue 5*C jobs and run a worker with C threads in all until every one has ended."""
    data, queue, count = (
        folder / f"c{concurrency}",
        f"bench-{uuid.uuid4().hex[:8]}",
        5 * concurrency,
    )
    job_ids = queue_jobs(data, queue, count)
    log = folder / f"worker-c{concurrency}.log"
    with log.open("ab") as stderr:
        launched = time.time()
        worker = subprocess.Popen(
            [sys.executable, "-m", "resume_worker", "worker"],
            env=worker_env(data, queue, base_url, concurrency // processes, processes),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            deadline = time.monotonic() + 600
            while not log_times(log, "job started") and time.monotonic() < deadline:
                time.sleep(0.05)
            cpu_from = tree_cpu_s(worker.pid)
            while len(ended(data, job_ids)) < count and time.monotonic() < deadline:
                time.sleep(0.5)
            cpu_to = tree_cpu_s(worker.pid)
        finally:
            worker.terminate()
            worker.wait(timeout=120)
    done = ended(data, job_ids)
    statuses = sorted({status for status, _ in done})
    if len(done) < count or statuses != ["completed"]:
        raise SystemExit(f"{len(done)} of {count} jobs ended, as {statuses}; see {log}")
    print_stages(data)
    ends, starts = sorted(at for _, at in done), sorted(log_times(log, "job started"))
    return Run(
        count,
        whole_s=ends[-1] - starts[0],
        steady_s=ends[-1] - ends[concurrency - 1],
        ready_s=starts[0] - launched,
        wave_s=starts[concurrency - 1] - starts[0],
        cpu_s=cpu_to - cpu_from if cpu_from is not None and cpu_to is not None else None,
    )


def print_stages(data: Path) -> None:
    """Median ms per stage over the jobs (with --stages): where the time beyond L goes."""
    if not STAGES:
        return
    with sqlite3.connect(data / "resume-worker.db", timeout=30) as conn:
        timings = [json.loads(r)["timings_ms"] for (r,) in conn.execute("select result from jobs")]
    names = sorted({name for t in timings for name in t})
    medians = {n: statistics.median(t.get(n, 0) for t in timings) for n in names}
    print("       median ms: " + ", ".join(f"{n} {v:.0f}" for n, v in medians.items()))


HEADER = (
    f"{'C':>4} {'jobs':>5} {'launch s':>8} {'1st wave s':>10} {'jobs/s':>7} {'C/L':>6}"
    f" {'ratio':>6} {'steady jobs/s':>13} {'steady ratio':>12} {'CPU ms/job':>10}"
    f" {'load avg':>8}"
)


def row(concurrency: int, run: Run, latency_s: float) -> str:
    """One table row: the rate from the first job's start and its ratio to C/L (what the
    DESIGN bar counts), the steady rate and its ratio, the worker's CPU time per job, the
    1-minute load average now."""
    ideal = concurrency / latency_s
    whole, steady = run.jobs / run.whole_s, (run.jobs - concurrency) / run.steady_s
    cpu = f"{1000 * run.cpu_s / run.jobs:.1f}" if run.cpu_s is not None else "n/a"
    return (
        f"{concurrency:>4} {run.jobs:>5} {run.ready_s:>8.1f} {run.wave_s:>10.2f} {whole:>7.2f}"
        f" {ideal:>6.2f} {whole / ideal:>6.2f} {steady:>13.2f} {steady / ideal:>12.2f}"
        f" {cpu:>10} {os.getloadavg()[0]:>8.1f}"
    )


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
    print(f"loopback LLM latency L = {args.latency:g} s; {args.processes} worker process(es)")
    print(
        "launch s: from launching the worker (imports, checks, threads building their"
        " services) to the first job's start; 1st wave s: from it to the C-th job's start"
    )
    print(HEADER)
    with loopback_server(args.latency) as base_url, tempfile.TemporaryDirectory() as tmp:
        for concurrency in args.concurrency:
            processes = min(args.processes, concurrency)
            run = measure(concurrency, processes, base_url, Path(tmp))
            print(row(concurrency, run, args.latency), flush=True)


if __name__ == "__main__":
    main()
