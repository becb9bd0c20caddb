"""Webhook delivery against a real loopback receiver and the real delivery log (SQLite and
PostgreSQL): signatures the reference library verifies, the retry schedule on 500, 429 and
timeouts (run here by the notifier's own tasks, the embedded runtime's scheduler), 410
disabling the endpoint, permanent 4xx and redirects, one delivery per event."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, select
from standardwebhooks.webhooks import Webhook

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.engine import WRITE_OPTION, create_engine_for
from resume_worker.adapters.sql.migrations import upgrade_database
from resume_worker.adapters.sql.submissions import SqlSubmissions
from resume_worker.adapters.webhooks import (
    AllowList,
    HttpSender,
    RetrySchedule,
    SqlWebhookStore,
    WebhookNotifier,
    parse_secrets,
)
from resume_worker.adapters.webhooks.signing import new_secret
from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import Job, JobOutcome, JobStatus
from tests.pg import PgServer
from tests.privacy.test_crypto import random_keyring
from tests.scripted_http import Recorded, ScriptedServer, hang, respond
from tests.stored_data import BACKENDS

T = TypeVar("T")
SECRET = new_secret()
KEYRING = random_keyring()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated empty database of each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    else:
        server: PgServer = request.getfixturevalue("pg_server")
        database = server.create_database()
        request.addfinalizer(lambda: server.drop_database(database))
        url = database.url
    upgrade_database(url)
    return url


@pytest.fixture
def receiver() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


def run(
    db_url: str,
    body: Callable[[WebhookNotifier], Awaitable[T]],
    *,
    url: str = "",
    retries: int = 3,
    timeout: float = 2.0,
) -> T:
    """`body(notifier)` with a notifier on the database, allowed to call loopback receivers;
    the retries it left are waited for before the database is closed."""

    async def scenario() -> T:
        engine = create_engine_for(db_url, busy_timeout_s=5)
        writer = engine.execution_options(**{WRITE_OPTION: True})
        store = SqlWebhookStore(engine, writer, KEYRING)
        sender = HttpSender(
            keys=parse_secrets(SECRET),
            timeout_s=timeout,
            https_only=False,
            allow=AllowList.parse("127.0.0.1"),
        )
        schedule = RetrySchedule(retries=retries, base_s=0.01, cap_s=2)
        notifier = WebhookNotifier(store, sender, schedule=schedule, default_url=url)
        try:
            found = await body(notifier)
            await notifier.drain()
            return found
        finally:
            await notifier.close()
            await engine.dispose()

    return asyncio.run(scenario())


def ended(status: JobStatus = JobStatus.COMPLETED, **fields: Any) -> tuple[Job, JobOutcome]:
    job_id = str(uuid.uuid4())
    job = Job(job_id, "tenant-a", status, "pdf", f"tenant-a/{job_id}", attempts=1)
    if status in (JobStatus.COMPLETED, JobStatus.PARTIAL):
        fields = {"candidate_id": "cand-1", "version": 2, "record_id": "rec-1", **fields}
    return job, JobOutcome(job_id, status, **fields)


def verified(request: Recorded) -> dict[str, Any]:
    """The body as the reference implementation verifies it (raises when the signature fails)."""
    payload: dict[str, Any] = Webhook(SECRET).verify(request.body, request.headers)
    return payload


def deliveries(notifier: WebhookNotifier) -> Awaitable[list[Any]]:
    return notifier.store.list_deliveries(tenant_id=None, status=None, limit=100)


async def settled(notifier: WebhookNotifier, job: Job, outcome: JobOutcome) -> None:
    """notify, then wait for the retries it scheduled."""
    await notifier.notify(job, outcome)
    await notifier.drain()


def test_a_completed_job_is_delivered_signed_with_ids_only(
    db_url: str, receiver: ScriptedServer
) -> None:
    """One POST: Standard Webhooks headers that verify, a JSON body of ids, status and error
    code (nothing else), and the delivery and its attempt recorded as delivered."""
    job, outcome = ended(warnings=("w",), error_message="never sent")

    async def body(notifier: WebhookNotifier) -> tuple[list[Any], list[dict[str, Any]]]:
        await notifier.notify(job, outcome)
        found = await deliveries(notifier)
        return found, await notifier.store.attempts(found[0].id)

    found, attempts = run(db_url, body, url=receiver.url())
    (request,) = receiver.requests
    payload = verified(request)
    assert payload["type"] == "job.completed"
    assert payload["data"] == {
        "job_id": job.id,
        "tenant_id": "tenant-a",
        "status": "completed",
        "candidate_id": "cand-1",
        "version": 2,
        "error_code": None,
    }
    assert set(payload) == {"type", "timestamp", "data"}
    assert request.headers["content-type"] == "application/json"
    assert request.headers["webhook-id"].startswith("msg_")
    (delivery,) = found
    assert (delivery.status, delivery.attempts, delivery.error_code) == ("delivered", 1, None)
    assert delivery.event_id == request.headers["webhook-id"]
    assert [(a["verdict"], a["status_code"]) for a in attempts] == [("delivered", 204)]


@pytest.mark.parametrize(
    ("status", "event_type", "code"),
    [
        (JobStatus.PARTIAL, "job.partial", None),
        (JobStatus.REJECTED, "job.rejected", ErrorCode.TEXT_TOO_SHORT),
        (JobStatus.FAILED, "job.failed", ErrorCode.ANALYSIS_FAILED),
    ],
)
def test_each_terminal_status_has_its_event(
    db_url: str, receiver: ScriptedServer, status: JobStatus, event_type: str, code: ErrorCode
) -> None:
    """partial, rejected and failed send their own event type with the error code."""
    job, outcome = ended(status, error_code=code)
    run(db_url, lambda n: n.notify(job, outcome), url=receiver.url())
    data = verified(receiver.requests[0])
    assert data["type"] == event_type
    assert data["data"]["error_code"] == (code.value if code else None)


def test_unfinished_jobs_and_no_url_send_nothing(db_url: str, receiver: ScriptedServer) -> None:
    """A job queued for a retry or still processing has no event; no URL, no delivery."""

    async def body(notifier: WebhookNotifier) -> list[Any]:
        for status in (JobStatus.QUEUED, JobStatus.PROCESSING):
            await notifier.notify(*ended(status))
        notifier.default_url = ""
        await notifier.notify(*ended())
        return await deliveries(notifier)

    assert run(db_url, body, url=receiver.url()) == []
    assert receiver.requests == []


def test_500_429_and_a_timeout_are_retried_with_the_same_id(
    db_url: str, receiver: ScriptedServer
) -> None:
    """The schedule retries 500, 429 and a receiver that never answers (timeout); every attempt
    carries the same webhook-id and body with a valid signature; each attempt is stored."""
    # A timeout with room for a loaded machine: at 0.5 s an answer to the 429 came too late once
    # (load average 5), so that attempt counted as the timeout and the hang as the last one.
    receiver.script(respond(500), respond(429, headers={"Retry-After": "0"}), hang(5))
    job, outcome = ended()

    async def body(notifier: WebhookNotifier) -> tuple[Any, list[dict[str, Any]]]:
        await settled(notifier, job, outcome)
        (delivery,) = await deliveries(notifier)
        return delivery, await notifier.store.attempts(delivery.id)

    delivery, attempts = run(db_url, body, url=receiver.url(), retries=3, timeout=2)
    requests = receiver.requests
    assert len(requests) == 4
    assert len({r.headers["webhook-id"] for r in requests}) == 1
    assert len({r.body for r in requests}) == 1
    assert all(verified(r)["data"]["job_id"] == job.id for r in requests)
    assert [(a["number"], a["verdict"], a["status_code"]) for a in attempts] == [
        (1, "retry", 500),
        (2, "retry", 429),
        (3, "retry", None),
        (4, "delivered", 204),
    ]
    assert attempts[2]["error"] == "timed out"
    assert (delivery.status, delivery.attempts) == ("delivered", 4)


def test_retry_after_is_honoured(db_url: str, receiver: ScriptedServer) -> None:
    """A 429 asking for one second gets its second attempt no sooner than that."""
    receiver.script(respond(429, headers={"Retry-After": "1"}))
    run(db_url, lambda n: n.notify(*ended()), url=receiver.url())
    first, second = receiver.requests
    assert second.at - first.at >= 0.95


def test_exhausted_retries_end_in_webhook_error(db_url: str, receiver: ScriptedServer) -> None:
    """Three 503s with retries=2: three requests, then the delivery fails with WEBHOOK_ERROR."""
    receiver.script(respond(503), respond(503), respond(503))

    async def body(notifier: WebhookNotifier) -> list[Any]:
        await settled(notifier, *ended())
        return await deliveries(notifier)

    (delivery,) = run(db_url, body, url=receiver.url(), retries=2)
    assert len(receiver.requests) == 3
    assert (delivery.status, delivery.error_code) == ("failed", "WEBHOOK_ERROR")


def test_410_disables_the_endpoint(db_url: str, receiver: ScriptedServer) -> None:
    """410 Gone: no retry, the endpoint is disabled, later events for it fail without a request
    until an operator redelivers with the endpoint enabled again."""
    receiver.script(respond(410))

    async def body(notifier: WebhookNotifier) -> list[Any]:
        await notifier.notify(*ended())
        await notifier.notify(*ended())
        later = (await deliveries(notifier))[0]
        assert later.endpoint_disabled and later.attempts == 0
        redone = await notifier.redeliver(later.id, enable_endpoint=True)
        assert redone.status == "delivered" and not redone.endpoint_disabled
        return await deliveries(notifier)

    found = run(db_url, body, url=receiver.url())
    assert len(receiver.requests) == 2
    assert sorted((d.status, d.error_code) for d in found) == [
        ("delivered", None),
        ("failed", "WEBHOOK_ERROR"),
    ]


@pytest.mark.parametrize(
    "answer",
    [respond(400), respond(401), respond(404), respond(302, headers={"Location": "/elsewhere"})],
)
def test_other_4xx_and_redirects_are_not_retried(
    db_url: str, receiver: ScriptedServer, answer: Any
) -> None:
    """A client error or a redirect fails the delivery at once; a redirect is not followed."""
    receiver.script(answer)

    async def body(notifier: WebhookNotifier) -> list[Any]:
        await notifier.notify(*ended())
        return await deliveries(notifier)

    (delivery,) = run(db_url, body, url=receiver.url())
    assert [r.path for r in receiver.requests] == ["/hook"]
    assert (delivery.status, delivery.error_code) == ("failed", "WEBHOOK_ERROR")


def test_a_second_run_of_the_same_job_sends_nothing_new(
    db_url: str, receiver: ScriptedServer
) -> None:
    """notify twice for one job and outcome (a redelivered message): one delivery, one POST;
    three notifies racing share one delivery row and one attempt (the claim)."""
    job, outcome = ended()
    racing_job, racing_outcome = ended()

    async def body(notifier: WebhookNotifier) -> list[Any]:
        await notifier.notify(job, outcome)
        await notifier.notify(job, outcome)
        await asyncio.gather(*(notifier.notify(racing_job, racing_outcome) for _ in range(3)))
        return await deliveries(notifier)

    found = run(db_url, body, url=receiver.url())
    assert sorted(d.job_id for d in found) == sorted([job.id, racing_job.id])
    ids = [r.headers["webhook-id"] for r in receiver.requests]
    assert sorted(ids) == sorted(d.event_id for d in found)  # one attempt each, racing or not


def test_redeliver_keeps_the_webhook_id_and_body(db_url: str, receiver: ScriptedServer) -> None:
    """An operator's redelivery sends the same webhook-id and body, signed anew."""
    receiver.script(respond(500), respond(500))

    async def body(notifier: WebhookNotifier) -> Any:
        await settled(notifier, *ended())
        (failed,) = await deliveries(notifier)
        assert failed.status == "failed"
        return await notifier.redeliver(failed.id)

    redone = run(db_url, body, url=receiver.url(), retries=1)
    first, _, third = receiver.requests
    assert first.headers["webhook-id"] == third.headers["webhook-id"] == redone.event_id
    assert first.body == third.body
    assert verified(third)["type"] == "job.completed"
    assert (redone.status, redone.attempts) == ("delivered", 3)


def test_the_submitted_webhook_url_wins_over_the_default(
    db_url: str, receiver: ScriptedServer
) -> None:
    """A job submitted through the API with a webhook_url is sent there, not to the default.
    The URL is stored sealed only: two jobs with it share one endpoint, found by its digest."""
    jobs = [ended(), ended()]
    mine = receiver.url("/mine?token=s3cret")

    async def body(notifier: WebhookNotifier) -> None:
        store = notifier.store
        submissions = SqlSubmissions(store.engine, store.writer, KEYRING)
        for job, outcome in jobs:
            claim = await submissions.claim(job.tenant_id, None, "f" * 64, mine)
            await submissions.bind(claim.id, job.id)
            await notifier.notify(job, outcome)
        s = t.api_submissions.c
        async with store.engine.connect() as conn:
            (endpoint,) = (await conn.execute(select(t.webhook_endpoints))).all()
            submitted = (await conn.execute(select(s.webhook_url, s.webhook_url_enc))).all()
        assert endpoint.url is None and endpoint.url_enc and endpoint.url_digest
        assert [(plain, bool(sealed)) for plain, sealed in submitted] == [(None, True)] * 2
        assert {d.url for d in await deliveries(notifier)} == {mine}

    run(db_url, body, url=receiver.url("/default"))
    assert [r.path for r in receiver.requests] == ["/mine?token=s3cret"] * 2
    assert [json.loads(r.body)["data"]["job_id"] for r in receiver.requests] == [
        job.id for job, _ in jobs
    ]


def test_migration_0005_steps_back_and_up(db_url: str) -> None:
    """Below 0005 the three webhook tables are gone; upgrading to head brings them back."""
    config = Config()
    config.set_main_option("script_location", "resume_worker.adapters.sql:alembic")
    config.set_main_option("sqlalchemy.url", db_url)
    tables = {"webhook_endpoints", "webhook_deliveries", "webhook_attempts"}
    engine = create_engine(db_url)
    command.downgrade(config, "0004")
    assert tables.isdisjoint(inspect(engine).get_table_names())
    upgrade_database(db_url)
    assert tables <= set(inspect(engine).get_table_names())
    engine.dispose()
