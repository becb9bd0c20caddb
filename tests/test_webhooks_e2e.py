"""Webhooks through the real services: a processed job notifies a loopback receiver with a
verifiable event that holds no PII (nor do the logs, the stored errors or the delivery listing,
which also never show the webhook URL's token), a receiver's failure never changes the job, a
redelivered finished job sends nothing twice, and `resume-worker webhooks redeliver` keeps the
id."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from resume_worker.adapters.webhooks.signing import new_secret
from resume_worker.composition.webhooks import webhook_problems
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.logs import configure_logging
from resume_worker.pipeline import Services
from resume_worker.settings import Settings
from tests.e2e import SAMPLES, run_with
from tests.scripted_http import ScriptedServer, respond
from tests.stored_data import Store, cli

SECRET = new_secret()
RESUME = (SAMPLES / "en-plain.txt").read_bytes()
# Planted in the sample: an address and a resident registration number beside its person's
# name, e-mail and phone. PII: those, the person in the file that is rejected, and the file
# names, which are theirs too.
PLANTED = RESUME + b"\nHome address: 41 Quarry Lane, Springfield\nRRN: 850315-1234567\n"
PII = (
    *("MORGAN", "Castillo", "morgan.castillo", "512-555-0163", "5125550163"),
    *("Quarry Lane", "850315-1234567", "Jane Doe"),
)
TOKEN = "tok-e2e-58c2a1"


@pytest.fixture
def receiver() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


def webhook_settings(receiver: ScriptedServer, **extra: Any) -> dict[str, Any]:
    return {
        "url": receiver.url(),
        "secrets": SECRET,
        "allow_hosts": "127.0.0.1",
        "delay": 0.01,
        **extra,
    }


async def submit(services: Services, data: bytes, name: str = "cv.txt") -> tuple[str, str]:
    """Run a job, then its redelivered message; wait for the webhook retries it left."""
    job = await accept_job(services, data, file_name=name, tenant_id="t1")
    outcome = await run_job(job.id, services)
    again = await run_job(job.id, services)  # a redelivered message for a finished job
    assert again.status is outcome.status
    assert services.notifier is not None
    await services.notifier.drain()
    return job.id, outcome.status.value


def test_a_processed_job_sends_one_signed_event_without_pii(
    receiver: ScriptedServer, tmp_path: Path
) -> None:
    """completed -> job.completed with the job's ids (its first attempt answered 500, then
    retried); a rejected file -> job.rejected with its code; running either job again sends
    nothing new. No PII in any header or body, log line, stored error (job or attempt) or
    delivery listing, and the token in the webhook URL's query in none of them either."""
    receiver.script(respond(500))
    logs = io.StringIO()
    settings = webhook_settings(receiver, url=receiver.url(f"/hook?token={TOKEN}"))
    outcomes = run_with(tmp_path, lambda services: _two_jobs(services, logs), webhook=settings)
    (completed_id, _), (rejected_id, _) = outcomes
    requests = receiver.requests
    assert [r.path for r in requests] == [f"/hook?token={TOKEN}"] * 3
    events = [Webhook(SECRET).verify(r.body, r.headers) for r in requests]
    assert [(e["type"], e["data"]["job_id"]) for e in events] == [
        ("job.completed", completed_id),
        ("job.completed", completed_id),
        ("job.rejected", rejected_id),
    ]
    assert events[0]["data"]["candidate_id"] and events[0]["data"]["version"] == 1
    assert events[2]["data"]["error_code"] == "TEXT_TOO_SHORT"
    sent = "".join(json.dumps(r.headers) + r.body.decode() for r in requests)
    listed = cli("webhooks", "list", "--json", data_dir=tmp_path)
    assert [row["endpoint_host"] for row in json.loads(listed.stdout)] == ["127.0.0.1"] * 2
    store = Store(tmp_path)
    errors = store.rows("SELECT error_message FROM jobs") + store.rows(
        "SELECT error FROM webhook_attempts"
    )
    assert ("HTTP 500",) in errors and (None,) in errors
    surfaces = {
        "sent": sent,
        "logs": logs.getvalue(),
        "errors": json.dumps(errors),
        "listing": listed.stdout + listed.stderr,
    }
    assert "job started" in surfaces["logs"] and "webhook attempt failed" in surfaces["logs"]
    leaks = [
        (name, value)
        for name, text in surfaces.items()
        for value in (*PII, TOKEN)
        if value.lower() in text.lower()
    ]
    assert leaks == []


async def _two_jobs(services: Services, logs: io.StringIO) -> list[tuple[str, str]]:
    configure_logging("debug", "json", stream=logs)
    return [
        await submit(services, PLANTED, "Morgan Castillo.txt"),
        await submit(services, b"Jane Doe\n", "Jane Doe.txt"),
    ]


def test_a_failing_receiver_never_fails_the_job(receiver: ScriptedServer, tmp_path: Path) -> None:
    """A receiver answering 500 to every attempt: the job still ends completed; the delivery
    ends failed with WEBHOOK_ERROR; the CLI redelivers it with the same webhook-id."""
    receiver.default = respond(500)
    settings = webhook_settings(receiver, retries=1)
    [(job_id, status)] = run_with(tmp_path, _one_job, webhook=settings)
    assert status == "completed"
    first_id = receiver.requests[0].headers["webhook-id"]
    assert len(receiver.requests) == 2

    env = {
        "RESUME_WORKER_WEBHOOK__SECRETS": SECRET,
        "RESUME_WORKER_WEBHOOK__ALLOW_HOSTS": "127.0.0.1",
        "RESUME_WORKER_WEBHOOK__RETRIES": "0",
    }
    listed = cli("webhooks", "list", "--status", "failed", "--json", data_dir=tmp_path, **env)
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)
    assert (row["job_id"], row["error_code"], row["endpoint_host"]) == (
        job_id,
        "WEBHOOK_ERROR",
        "127.0.0.1",
    )
    receiver.default = respond(200)
    done = cli("webhooks", "redeliver", row["id"], "--json", data_dir=tmp_path, **env)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert (document["status"], document["event_id"]) == ("delivered", first_id)
    assert [a["verdict"] for a in document["attempt_log"]] == ["retry", "retry", "delivered"]
    assert receiver.requests[-1].headers["webhook-id"] == first_id
    Webhook(SECRET).verify(receiver.requests[-1].body, receiver.requests[-1].headers)
    missing = cli("webhooks", "redeliver", "no-such-id", data_dir=tmp_path, **env)
    assert missing.returncode == 1


async def _one_job(services: Services) -> list[tuple[str, str]]:
    return [await submit(services, RESUME)]


def test_webhook_settings_are_checked() -> None:
    """Bad secrets, a URL without a secret, and http in production are configuration problems."""
    assert webhook_problems(Settings()) == []
    assert webhook_problems(Settings(webhook={"secrets": "nope"}))
    assert webhook_problems(Settings(webhook={"url": "https://hooks.example.com/x"}))
    ok = {"url": "https://hooks.example.com/x", "secrets": SECRET}
    assert webhook_problems(Settings(webhook=ok)) == []
    plain = {**ok, "url": "http://hooks.example.com/x"}
    assert webhook_problems(Settings(webhook=plain)) == []
    assert webhook_problems(Settings(env="production", webhook=plain))
