"""`resume-worker api` serves on a loopback port under uvicorn: keys made with `apikeys create`
work, an upload is processed in the process (no broker) and read back, an oversized streamed
upload is cut off with 413, a revoked key is refused, and SIGTERM stops the server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.stored_data import EN_PLAIN, cli

ENV = {"RESUME_WORKER_LIMITS__MAX_FILE_MB": "0.25", "RESUME_WORKER_CONCURRENCY": "2"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """The API on 127.0.0.1 in a subprocess, answering /healthz; stopped after the test."""
    data = tmp_path / "data"
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_WORKER_")}
    environment |= {"RESUME_WORKER_DATA_DIR": str(data), "RESUME_WORKER_LOG_FORMAT": "json", **ENV}
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "resume_worker", "api", "--port", str(port)],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    assert process.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
    yield url, data, process
    if process.poll() is None:
        process.kill()
        process.wait(10)
    log.close()


def create_key(data: Path, scopes: str) -> dict[str, str]:
    made = cli("apikeys", "create", "--tenant", "t1", "--scopes", scopes, data_dir=data, **ENV)
    assert made.returncode == 0, made.stderr
    document: dict[str, str] = json.loads(made.stdout)
    return document


def test_the_real_server(server: tuple[str, Path, subprocess.Popen[bytes]]) -> None:
    """Upload, process, read back, refuse, revoke and stop, over real HTTP."""
    url, data, process = server
    key = create_key(data, "resumes:write,jobs:read,candidates:read")
    listed = cli("apikeys", "list", data_dir=data, **ENV)
    assert key["id"] in listed.stdout and key["token"] not in listed.stdout
    auth = {"Authorization": f"Bearer {key['token']}"}
    with httpx.Client(base_url=url, headers=auth, timeout=30) as client:
        assert client.get("/openapi.json").json()["paths"]["/v1/resumes"]["post"]
        assert "swagger" in client.get("/docs").text.lower()
        sent = client.post("/v1/resumes", files={"file": ("cv.txt", EN_PLAIN)})
        assert sent.status_code == 202, sent.text
        job = poll(client, f"/v1/jobs/{sent.json()['job_id']}")
        assert (
            job["status"] == "completed"
            and job["candidate"]["profile"]["name"] != "MORGAN CASTILLO"
        )
        candidate = client.get(f"/v1/candidates/{job['candidate']['id']}")
        assert candidate.status_code == 200

        def endless() -> Iterator[bytes]:
            yield b'--xx\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
            for _ in range(400):  # 25 MB offered against a 0.25 MB limit
                yield b"z" * 65536

        cut = client.post(
            "/v1/resumes",
            content=endless(),
            headers={"Content-Type": "multipart/form-data; boundary=xx"},
        )
        assert cut.status_code == 413 and cut.json()["error"]["code"] == "FILE_TOO_LARGE"
    revoked = cli("apikeys", "revoke", key["id"], data_dir=data, **ENV)
    assert revoked.returncode == 0, revoked.stderr
    refused = httpx.get(f"{url}/v1/jobs/{sent.json()['job_id']}", headers=auth, timeout=10)
    assert refused.status_code == 401
    process.send_signal(signal.SIGTERM)
    # uvicorn shuts down gracefully, then re-raises the signal it caught, so the exit status is
    # the signal's own.
    assert process.wait(30) in (0, -signal.SIGTERM)


def poll(client: httpx.Client, path: str) -> dict[str, object]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        document: dict[str, object] = client.get(path).json()
        if document["status"] not in ("queued", "processing"):
            return document
        time.sleep(0.25)
    raise AssertionError(f"{path} did not finish")
