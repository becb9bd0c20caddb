"""The Notifier contract: the same suite on the fake and on the webhook notifier over the SQL
delivery log (SQLite and PostgreSQL) with a real loopback receiver."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from resume_worker.adapters.sql.submissions import SqlSubmissions
from resume_worker.adapters.webhooks import Delivery
from resume_worker.adapters.webhooks.signing import new_secret
from resume_worker.composition.webhooks import open_notifier
from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import Job, JobStatus
from resume_worker.core.ports.api import Submissions
from resume_worker.core.ports.webhooks import Notifier
from resume_worker.settings import WebhookSettings
from tests.adapters.webhooks.test_delivery import ended
from tests.adapters.webhooks.test_schedule import Recorded
from tests.contracts.backends import BACKENDS, Backend, open_backend
from tests.contracts.test_api import sql_engines
from tests.fakes.api import MemorySubmissions
from tests.fakes.webhooks import Answer, FakeDelivery, FakeNotifier, FakeReceiver, SentEvent
from tests.privacy.test_crypto import random_keyring
from tests.scripted_http import Respond, ScriptedServer, respond

RETRIES = 2
FAILED = ("failed", ErrorCode.WEBHOOK_ERROR.value)


@dataclass
class Rig:
    """A notifier, its receiver (scripted answers, what it received), its deliveries (each with
    status, error_code and attempts) and the submissions that give a job its own URL."""

    notifier: Notifier
    url: Callable[[str], str]
    answer: Callable[..., None]
    received: Callable[[], list[SentEvent]]
    deliveries: Callable[[], Awaitable[Sequence[Any]]]
    submissions: Submissions
    scheduler: Recorded | None

    async def outcomes(self) -> list[tuple[str, str | None, int]]:
        return [(d.status, d.error_code, d.attempts) for d in await self.deliveries()]

    async def submit(self, job: Job, url: str) -> None:
        """The job was accepted through the API with this webhook URL."""
        claim = await self.submissions.claim(job.tenant_id, None, "f" * 64, url)
        await self.submissions.bind(claim.id, job.id)


@asynccontextmanager
async def fake_rig(default: bool, scheduler: Recorded | None) -> AsyncIterator[Rig]:
    receiver, submissions = FakeReceiver(), MemorySubmissions()
    url = "http://receiver.test{}".format
    notifier = FakeNotifier(
        receiver,
        default_url=url("/hook") if default else "",
        job_urls=submissions.webhook_url,
        retries=RETRIES,
        retry_delay_s=0.01,
        scheduler=scheduler,
    )

    def received() -> list[SentEvent]:
        return list(receiver.attempts)

    async def deliveries() -> list[FakeDelivery]:
        return list(notifier.deliveries.values())

    yield Rig(notifier, url, receiver.script, received, deliveries, submissions, scheduler)
    await notifier.drain()
    await notifier.close()


def wire(answer: Answer) -> Respond:
    """The receiver's HTTP answer: 204, 400, or 503 with the Retry-After asked for."""
    after = answer.retry_after_s
    retry = respond(503, headers=None if after is None else {"Retry-After": str(after)})
    return {"delivered": respond(204), "failed": respond(400)}.get(answer.verdict, retry)


def parsed(server: ScriptedServer) -> list[SentEvent]:
    """The requests the receiver got, as the fake's receiver records attempts."""
    found = []
    for request in server.requests:
        body = json.loads(request.body)
        data = body["data"]
        ids = (request.headers["webhook-id"], body["type"], data["tenant_id"], data["job_id"])
        found.append(SentEvent(server.url(request.path), *ids, data["error_code"]))
    return found


@asynccontextmanager
async def sql_rig(
    backend: Backend, default: bool, scheduler: Recorded | None
) -> AsyncIterator[Rig]:
    """The composition root's notifier on the backend's database, signing with a new secret,
    allowed to call the loopback receiver; its retries to `scheduler`, else on this loop."""
    assert backend.settings is not None
    async with sql_engines(backend) as (engine, writer), AsyncExitStack() as stack:
        server = stack.enter_context(ScriptedServer())
        webhook = {"retries": RETRIES, "timeout": 2, "delay": 0.01, "allow_hosts": "127.0.0.1"}
        webhook |= {"secrets": new_secret(), "url": server.url() if default else ""}
        update = {"webhook": WebhookSettings.model_validate(webhook)}
        settings = backend.settings.model_copy(update=update)
        keyring = random_keyring()
        notifier = await stack.enter_async_context(open_notifier(settings, engine, writer, keyring))
        assert notifier is not None
        notifier.scheduler = scheduler

        def answer(*answers: Answer) -> None:
            server.script(*map(wire, answers))

        async def deliveries() -> list[Delivery]:
            return await notifier.store.list_deliveries(tenant_id=None, status=None, limit=100)

        submissions = SqlSubmissions(engine, writer, keyring)
        received = lambda: parsed(server)  # noqa: E731
        yield Rig(notifier, server.url, answer, received, deliveries, submissions, scheduler)
        await notifier.drain()


Scenario = Callable[[Rig], Awaitable[None]]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The fake, or an empty migrated database of each SQL backend."""
    return open_backend(request, tmp_path)


def run(backend: Backend, body: Scenario, *, default: bool = True, scheduled: bool = False) -> None:
    """`body` on a rig of the backend (a default URL at the receiver unless `default` is false;
    retries to a recording scheduler when `scheduled`); the retries left are waited for."""

    async def scenario() -> None:
        scheduler = Recorded() if scheduled else None
        opened = (
            fake_rig(default, scheduler)
            if backend.settings is None
            else sql_rig(backend, default, scheduler)
        )
        async with opened as rig:
            await body(rig)

    asyncio.run(scenario())


TERMINAL = [
    (JobStatus.COMPLETED, None),
    (JobStatus.PARTIAL, None),
    (JobStatus.REJECTED, ErrorCode.TEXT_TOO_SHORT),
    (JobStatus.FAILED, ErrorCode.ANALYSIS_FAILED),
]


def test_each_terminal_outcome_is_sent_once(backend: Backend) -> None:
    """Each terminal status sends its event (type, job id, error code) once; the same job
    notified again (a redelivered message after it finished) sends nothing more."""
    jobs = [ended(status, error_code=code) for status, code in TERMINAL]

    async def body(rig: Rig) -> None:
        for job, outcome in jobs:
            await rig.notifier.notify(job, outcome)
        for job, outcome in jobs:
            await rig.notifier.notify(job, outcome)
        received = rig.received()
        assert [(r.url, r.type, r.job_id, r.error_code) for r in received] == [
            (rig.url("/hook"), f"job.{s.value}", job.id, c.value if c else None)
            for (job, _), (s, c) in zip(jobs, TERMINAL, strict=True)
        ]
        assert len({r.event_id for r in received}) == 4
        assert await rig.outcomes() == [("delivered", None, 1)] * 4

    run(backend, body)


def test_a_new_attempt_of_a_job_is_a_new_event(backend: Backend) -> None:
    """A job that ends again, the same way, on a later attempt (an operator's retry) sends a
    new event under a new id; its first attempt's event is not repeated."""
    job, outcome = ended(JobStatus.FAILED, error_code=ErrorCode.ANALYSIS_FAILED)

    async def body(rig: Rig) -> None:
        await rig.notifier.notify(job, outcome)
        await rig.notifier.notify(replace(job, attempts=2), outcome)
        await rig.notifier.notify(job, outcome)
        first, second = rig.received()
        assert (first.type, second.type) == ("job.failed", "job.failed")
        assert first.event_id != second.event_id

    run(backend, body)


def test_nothing_is_sent_before_the_end_or_without_a_url(backend: Backend) -> None:
    """A job queued for a retry or still processing has no event, even with a URL of its own;
    with no default URL, a job that ended without one has nowhere to go. No delivery is made."""

    async def body(rig: Rig) -> None:
        for status in (JobStatus.QUEUED, JobStatus.PROCESSING):
            job, outcome = ended(status)
            await rig.submit(job, rig.url("/mine"))
            await rig.notifier.notify(job, outcome)
        await rig.notifier.notify(*ended(JobStatus.COMPLETED))
        assert rig.received() == [] and await rig.outcomes() == []

    run(backend, body, default=False)


def test_the_jobs_own_url_wins_over_the_default(backend: Backend) -> None:
    """A job submitted with a webhook URL is sent there, not to the default URL."""
    job, outcome = ended(JobStatus.COMPLETED)

    async def body(rig: Rig) -> None:
        await rig.submit(job, rig.url("/mine"))
        await rig.notifier.notify(job, outcome)
        assert [(r.url, r.job_id) for r in rig.received()] == [(rig.url("/mine"), job.id)]

    run(backend, body)


def test_drain_waits_for_the_retries_kept_in_memory(backend: Backend) -> None:
    """Without a scheduler, notify makes one attempt and returns; drain waits for the retries,
    which send the same event again until the receiver takes it."""
    job, outcome = ended(JobStatus.COMPLETED)

    async def body(rig: Rig) -> None:
        rig.answer(Answer("retry"), Answer("retry"))
        await rig.notifier.notify(job, outcome)
        assert len(rig.received()) == 1
        await rig.notifier.drain()
        received = rig.received()
        assert len(received) == 3 and len({r.event_id for r in received}) == 1
        assert await rig.outcomes() == [("delivered", None, 3)]

    run(backend, body)


@pytest.mark.parametrize(
    ("answers", "attempts"),
    [([Answer("retry")] * (RETRIES + 1), RETRIES + 1), ([Answer("failed")], 1)],
    ids=["keeps-failing", "refuses"],
)
def test_a_failing_receiver_never_raises(
    backend: Backend, answers: list[Answer], attempts: int
) -> None:
    """A receiver that keeps failing gets the first attempt and every retry, one that refuses
    only the first; neither raises, and the delivery ends failed with WEBHOOK_ERROR."""
    job, outcome = ended(JobStatus.COMPLETED)

    async def body(rig: Rig) -> None:
        rig.answer(*answers)
        await rig.notifier.notify(job, outcome)
        await rig.notifier.drain()
        assert len(rig.received()) == attempts
        assert await rig.outcomes() == [(*FAILED, attempts)]

    run(backend, body)


def test_deliver_makes_the_scheduled_attempt_when_due(backend: Backend) -> None:
    """With a scheduler, a failed attempt hands the next to it, delayed as the receiver asked;
    deliver() before it is due sends nothing and asks again for the rest of the wait; when due
    it sends once (two at once too); after that, or for an unknown id, nothing."""
    job, outcome = ended(JobStatus.COMPLETED)

    async def body(rig: Rig) -> None:
        assert rig.scheduler is not None
        calls = rig.scheduler.calls
        rig.answer(Answer("retry", retry_after_s=1.0))
        await rig.notifier.notify(job, outcome)
        ((delivery_id, delay),) = calls
        assert 0.9 <= delay <= 1.0 and len(rig.received()) == 1
        await rig.notifier.deliver(delivery_id)
        assert len(rig.received()) == 1
        assert calls[-1][0] == delivery_id and 0.2 < calls[-1][1] <= delay
        await asyncio.sleep(calls[-1][1])
        await asyncio.gather(rig.notifier.deliver(delivery_id), rig.notifier.deliver(delivery_id))
        await rig.notifier.deliver(delivery_id)
        await rig.notifier.deliver(str(uuid.uuid4()))
        assert len(rig.received()) == 2 and len(calls) == 2
        assert await rig.outcomes() == [("delivered", None, 2)]

    run(backend, body, scheduled=True)
