"""The webhook part of the composition root: the notifier built from the webhook settings (or
none when no secret is set), and the checks `config check` runs on those settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql_engine import WRITE_OPTION, create_engine_for
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
from resume_worker.settings import Settings


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


def build_notifier(
    settings: Settings, engine: AsyncEngine, writer: AsyncEngine
) -> WebhookNotifier | None:
    """The notifier on the repository's database (`writer`: its write transactions), or None
    when no signing secret is set (jobs then send no webhooks). https only in production; the
    SSRF guard's allow-list from webhook.allow_hosts."""
    webhook = settings.webhook
    keys = parse_secrets(webhook.secrets.get_secret_value())
    if not keys:
        return None
    sender = HttpSender(
        keys=keys,
        timeout_s=webhook.timeout,
        https_only=settings.env == "production",
        allow=AllowList.parse(webhook.allow_hosts),
    )
    schedule = RetrySchedule(retries=webhook.retries, base_s=webhook.delay)
    return WebhookNotifier(
        SqlWebhookStore(engine, writer), sender, schedule=schedule, default_url=webhook.url
    )


@asynccontextmanager
async def open_webhook_store(
    settings: Settings, database_url: str
) -> AsyncIterator[SqlWebhookStore]:
    """The delivery log on its own engine, for the `webhooks` commands (closed after)."""
    engine = create_engine_for(database_url, busy_timeout_s=settings.database.busy_timeout_s)
    try:
        yield SqlWebhookStore(engine, engine.execution_options(**{WRITE_OPTION: True}))
    finally:
        await engine.dispose()
