"""Real brokers and worker processes for the queue tests.

Redis (127.0.0.1:6379) and RabbitMQ (127.0.0.1:5672, guest/guest) of this machine, a fresh queue
name per test (its Redis keys and RabbitMQ queues are deleted after), `resume-worker` worker
subprocesses with their JSON logs in a file, and polling on job states in the database.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_service
from tests.e2e import REPO
from tests.openai_server import OpenAIServer

REDIS_URL = "redis://127.0.0.1:6379/0"
RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
TERMINAL = ("completed", "partial", "rejected", "failed")
# Small broker timings so a killed worker's messages come back within seconds: the time limit
# must end REDELIVERY_MARGIN_S (2 s) before the heartbeat timeout (queue_services).
FAST_QUEUE = {
    "RESUME_WORKER_QUEUE__JOB_TIME_LIMIT_S": "8",
    "RESUME_WORKER_QUEUE__HEARTBEAT_TIMEOUT_S": "10",
    "RESUME_WORKER_QUEUE__MAINTENANCE_CHANCE": "1",
}


def answering(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@dataclass(frozen=True)
class Broker:
    kind: str
    url: str
    queue: str

    def env(self) -> dict[str, str]:
        return {
            "RESUME_WORKER_QUEUE__BROKER_URL": self.url,
            "RESUME_WORKER_QUEUE__NAME": self.queue,
        }


def _fresh_name() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def redis_broker() -> Iterator[Broker]:
    require_service("Redis", answering(6379), "apt-get install redis-server (.ci/run starts it)")
    import redis

    broker = Broker("redis", REDIS_URL, _fresh_name())
    yield broker
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"resume-worker:*{broker.queue}*"))
    if keys:
        client.delete(*keys)
    client.close()


def rabbitmq_broker() -> Iterator[Broker]:
    require_service(
        "RabbitMQ", answering(5672), "apt-get install rabbitmq-server (.ci/run starts it)"
    )
    import pika

    broker = Broker("rabbitmq", RABBITMQ_URL, _fresh_name())
    yield broker
    connection = pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL))
    channel = connection.channel()
    for base in (broker.queue, f"{broker.queue}-webhooks"):  # the jobs' and the webhooks' queues
        for name in (base, f"{base}.DQ", f"{base}.XQ"):
            channel.queue_delete(name)
    connection.close()


@pytest.fixture
def redis_queue() -> Iterator[Broker]:
    """A fresh queue on the machine's Redis."""
    yield from redis_broker()


@pytest.fixture
def rabbitmq_queue() -> Iterator[Broker]:
    """A fresh queue on the machine's RabbitMQ."""
    yield from rabbitmq_broker()


@pytest.fixture(params=["redis", "rabbitmq"])
def any_queue(request: pytest.FixtureRequest) -> Iterator[Broker]:
    """A fresh queue on each broker (the test runs once per broker)."""
    yield from (redis_broker() if request.param == "redis" else rabbitmq_broker())


def environment(data_dir: Path, broker: Broker, **extra: str) -> dict[str, str]:
    """This process's environment without RESUME_WORKER_ variables, plus the data folder, JSON
    logs, the broker and `extra`."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_WORKER_")}
    return kept | {
        "RESUME_WORKER_DATA_DIR": str(data_dir),
        "RESUME_WORKER_LOG_FORMAT": "json",
        "OMP_NUM_THREADS": "1",
        **broker.env(),
        **extra,
    }


def cli(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m resume_worker ARGS` in `env`."""
    return subprocess.run(
        [sys.executable, "-m", "resume_worker", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=timeout,
        check=False,
    )


def enqueue(env: dict[str, str], *paths: Path, tenant: str = "t1") -> list[str]:
    """`resume-worker enqueue --json`; the job ids, in order."""
    done = cli(env, "enqueue", "--tenant", tenant, "--json", *map(str, paths))
    assert done.returncode == 0, done.stderr[-3000:]
    return [row["job_id"] for row in json.loads(done.stdout)]


def loopback_embeddings(server: OpenAIServer) -> dict[str, str]:
    """The openai embedding provider on the loopback server: cheap, deterministic vectors, so a
    worker runs hundreds of jobs in seconds (the local model takes about a second per resume)."""
    return {
        "RESUME_WORKER_EMBEDDING__PROVIDER": "openai",
        "RESUME_WORKER_EMBEDDING__BASE_URL": server.base_url,
        "RESUME_WORKER_EMBEDDING__MODEL": "loopback-embedding",
        "RESUME_WORKER_EMBEDDING__DIM": str(server.embedding_dim),
    }


@dataclass
class WorkerProcess:
    """A `python -m resume_worker worker` subprocess; its stderr (JSON logs) goes to `log_path`."""

    env: dict[str, str]
    log_path: Path
    args: tuple[str, ...] = ()
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self) -> WorkerProcess:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "resume_worker", "worker", *self.args],
            env=self.env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        log.close()
        return self

    def signal(self, number: int) -> None:
        assert self.process is not None
        self.process.send_signal(number)

    def wait(self, timeout: float) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        """SIGTERM and wait; SIGKILL when it does not stop in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def logs(self) -> list[dict[str, Any]]:
        found = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    found.append(json.loads(line))
                except ValueError:
                    continue
        return found


@pytest.fixture
def workers() -> Iterator[list[WorkerProcess]]:
    """Worker processes a test starts (append them); each is stopped after the test."""
    started: list[WorkerProcess] = []
    yield started
    for worker in started:
        worker.stop()


def rows(data_dir: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """Rows of the data folder's SQLite database."""
    with sqlite3.connect(data_dir / "resume-worker.db", timeout=30) as conn:
        return [tuple(r) for r in conn.execute(sql, params)]


def statuses(data_dir: Path, job_ids: list[str]) -> dict[str, str]:
    marks = ",".join("?" * len(job_ids))
    found = rows(data_dir, f"select id, status from jobs where id in ({marks})", *job_ids)
    return dict(found)  # type: ignore[arg-type]


def wait_until(
    check: Callable[[], bool], *, timeout: float, interval: float = 0.25, what: str = ""
) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def wait_terminal(data_dir: Path, job_ids: list[str], *, timeout: float) -> dict[str, str]:
    """Poll until every job is in a terminal state and settled (a reserved credit charged or
    released: the charge stage runs after the store that marks a job completed); their
    statuses."""
    wait_until(
        lambda: (
            all(s in TERMINAL for s in statuses(data_dir, job_ids).values())
            and len(statuses(data_dir, job_ids)) == len(job_ids)
            and not unsettled(data_dir, job_ids)
        ),
        timeout=timeout,
        what=f"{len(job_ids)} jobs to end",
    )
    return statuses(data_dir, job_ids)


def unsettled(data_dir: Path, job_ids: list[str]) -> set[str]:
    """Jobs with a reserved credit that is neither charged nor released yet."""
    kinds: dict[str, set[str]] = {}
    for job_id, kind in rows(data_dir, "select job_id, kind from ledger"):
        kinds.setdefault(job_id, set()).add(kind)
    return {
        j
        for j in job_ids
        if "reserve" in kinds.get(j, set()) and not {"charge", "release"} & kinds[j]
    }
