"""The webhook part of the composition root: the notifier built from the webhook settings (or
none when no secret is set) with the scheduler of its retries, and the checks `config check`
runs on those settings.

With a broker configured (the distributed runtime) retries are deliver_webhook messages on it,
delayed there, and any worker makes them; without one (the embedded runtime) they wait as tasks
on the event loop of the process that ran the job."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from typing import TYPE_CHECKING

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql.engine import WRITE_OPTION, create_engine_for
from resume_worker.adapters.sql.webhook_urls import encrypt_stored_webhook_urls
from resume_worker.adapters.webhooks import (
    AllowList,
    HttpSender,
    RetrySchedule,
    SecretError,
    SqlWebhookStore,
    WebhookNotifier,
    parse_secrets,
    url_problem,
)
from resume_worker.composition.database import open_repository
from resume_worker.composition.keyring import load_keyring
from resume_worker.composition.queue import open_queue
from resume_worker.privacy.crypto import Keyring
from resume_worker.settings import Settings

if TYPE_CHECKING:
    from resume_worker.adapters.queue.dramatiq_queue import DramatiqQueue

log = structlog.get_logger("resume_worker.webhooks")


def webhook_problems(settings: Settings) -> list[str]:
    """Secrets must be whsec_ base64; a default URL needs a secret and, in production, https."""
    webhook = settings.webhook
    try:
        keys = parse_secrets(webhook.secrets.get_secret_value())
    except SecretError as exc:
        return [f"RESUME_WORKER_WEBHOOK__SECRETS: {exc}"]
    problems = []
    if webhook.url:
        problem = url_problem(webhook.url, https_only=settings.env == "production")
        if problem:
            problems.append(f"RESUME_WORKER_WEBHOOK__URL: {problem}")
        if not keys:
            problems.append("RESUME_WORKER_WEBHOOK__URL needs RESUME_WORKER_WEBHOOK__SECRETS")
    return problems


class BrokerScheduler:
    """DeliveryScheduler on the job broker: a delayed deliver_webhook message. The broker is
    opened at the first retry (most runs never need one) and closed with the notifier."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._opened = ExitStack()
        self._queue: DramatiqQueue | None = None
        self._lock = threading.Lock()

    async def schedule_delivery(self, delivery_id: str, delay_s: float) -> None:
        await asyncio.to_thread(self._send, delivery_id, delay_s)

    def _send(self, delivery_id: str, delay_s: float) -> None:
        with self._lock:
            if self._queue is None:
                self._queue = self._opened.enter_context(open_queue(self.settings))
        self._queue.send_delivery(delivery_id, delay_s=delay_s)

    def close(self) -> None:
        self._opened.close()


@asynccontextmanager
async def open_notifier(
    settings: Settings, engine: AsyncEngine, writer: AsyncEngine, keyring: Keyring
) -> AsyncIterator[WebhookNotifier | None]:
    """The notifier on the repository's database (`writer`: its write transactions; endpoint
    URLs sealed with `keyring`), or None when no signing secret is set (jobs then send no
    webhooks). https only in production; the SSRF guard's allow-list from webhook.allow_hosts.
    On exit, retries still waiting on this event loop are cancelled (their deliveries stay
    pending) and the broker is closed."""
    webhook = settings.webhook
    keys = parse_secrets(webhook.secrets.get_secret_value())
    if not keys:
        yield None
        return
    sender = HttpSender(
        keys=keys,
        timeout_s=webhook.timeout,
        https_only=settings.env == "production",
        allow=AllowList.parse(webhook.allow_hosts),
    )
    broker = BrokerScheduler(settings) if settings.queue.broker_url else None
    notifier = WebhookNotifier(
        SqlWebhookStore(engine, writer, keyring),
        sender,
        schedule=RetrySchedule(retries=webhook.retries, base_s=webhook.delay),
        default_url=webhook.url,
        scheduler=broker,
    )
    try:
        yield notifier
    finally:
        await notifier.close()
        if broker is not None:
            broker.close()


@asynccontextmanager
async def open_webhook_store(
    settings: Settings, database_url: str
) -> AsyncIterator[SqlWebhookStore]:
    """The delivery log on its own engine, for the `webhooks` commands (closed after)."""
    keyring = load_keyring(settings)
    engine = create_engine_for(database_url, busy_timeout_s=settings.database.busy_timeout_s)
    try:
        writer = engine.execution_options(**{WRITE_OPTION: True})
        yield SqlWebhookStore(engine, writer, keyring)
    finally:
        await engine.dispose()


async def seal_stored_webhook_urls(settings: Settings, keyring: Keyring) -> int:
    """encrypt_stored_webhook_urls on the configured (migrated) database: the webhook URLs an
    older version stored in plaintext are sealed; returns how many rows were."""
    async with open_repository(settings, migrate=False) as repository:
        sealed = await encrypt_stored_webhook_urls(repository, keyring)
    if sealed:
        log.info("stored webhook URLs encrypted", rows=sealed)
    return sealed
