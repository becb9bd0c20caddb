"""`resume-worker webhooks list|redeliver`: the delivery log, sending a delivery again with its
webhook-id and body (a new timestamp and signature), and the sweep of pending deliveries whose
scheduled attempt was lost (`redeliver --pending`, e.g. after the broker lost its messages).
URLs show as their host only: a query string may hold the receiver's token."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from resume_worker.cli.common import err, load_settings
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.adapters.webhooks import Delivery, SqlWebhookStore, WebhookNotifier
    from resume_worker.settings import Settings

# Deliveries the sweep attempts at once.
SWEEP_CONCURRENCY = 8

app = typer.Typer(help="Webhook deliveries: list them, send one again.", no_args_is_help=True)


def describe(delivery: Delivery, attempts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A delivery as the commands print it: ids, event, endpoint host, status and attempts."""
    import httpx  # noqa: PLC0415 - loaded when a command runs

    document: dict[str, Any] = {
        "id": delivery.id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "tenant_id": delivery.tenant_id,
        "job_id": delivery.job_id,
        "endpoint_host": httpx.URL(delivery.url).host,
        "endpoint_disabled": delivery.endpoint_disabled,
        "status": delivery.status,
        "error_code": delivery.error_code,
        "attempts": delivery.attempts,
        "created_at": delivery.created_at.isoformat(),
        "next_attempt_at": (
            delivery.next_attempt_at.isoformat() if delivery.next_attempt_at else None
        ),
    }
    if attempts is not None:
        document["attempt_log"] = [
            {
                "number": a["number"],
                "started_at": a["started_at"].isoformat(),
                "duration_ms": a["duration_ms"],
                "verdict": a["verdict"],
                "status_code": a["status_code"],
                "error": a["error"],
            }
            for a in attempts
        ]
    return document


async def _list(
    settings: Settings, tenant: str | None, status: str | None, limit: int
) -> list[dict[str, Any]]:
    from resume_worker.adapters.sql.migrations import upgrade_database  # noqa: PLC0415 - Alembic
    from resume_worker.composition.database import database_url  # noqa: PLC0415 - every adapter
    from resume_worker.composition.webhooks import open_webhook_store  # noqa: PLC0415 - SQLAlchemy

    url = database_url(settings)
    await asyncio.to_thread(upgrade_database, url)
    async with open_webhook_store(settings, url) as store:
        found = await store.list_deliveries(tenant_id=tenant, status=status, limit=limit)
    return [describe(d) for d in found]


@app.command("list")
def list_command(
    tenant: Annotated[str | None, typer.Option(help="Only this tenant.")] = None,
    status: Annotated[
        str | None, typer.Option(help="Only deliveries in this state: pending, delivered, failed.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Deliveries, newest first.")] = 50,
    json_output: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
) -> None:
    """List webhook deliveries, newest first."""
    settings = load_settings()
    rows = run_async(_list(settings, tenant, status, limit))
    if json_output:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title="webhook deliveries (newest first)")
    for column in ("id", "created", "tenant", "event", "job", "host", "status", "tries", "code"):
        table.add_column(column)
    for row in rows:
        created = row["created_at"][:16].replace("T", " ")
        cells = (row["tenant_id"], row["event_type"], row["job_id"], row["endpoint_host"])
        ending = (row["status"], str(row["attempts"]), row["error_code"] or "")
        table.add_row(row["id"], created, *cells, *ending)
    Console().print(table)


async def _with_notifier(
    settings: Settings, body: Callable[[WebhookNotifier, SqlWebhookStore], Awaitable[Any]]
) -> Any:
    """`body` with a notifier on the delivery log, both closed after."""
    from resume_worker.adapters.sql.migrations import upgrade_database  # noqa: PLC0415 - Alembic
    from resume_worker.composition.database import database_url  # noqa: PLC0415 - every adapter
    from resume_worker.composition.webhooks import (  # noqa: PLC0415 - SQLAlchemy
        open_notifier,
        open_webhook_store,
    )

    url = database_url(settings)
    await asyncio.to_thread(upgrade_database, url)
    async with (
        open_webhook_store(settings, url) as store,
        open_notifier(settings, store.engine, store.writer, store.keyring) as notifier,
    ):
        if notifier is None:
            err.print("[red]set RESUME_WORKER_WEBHOOK__SECRETS to send webhooks[/red]")
            raise typer.Exit(2)
        return await body(notifier, store)


async def _redeliver_one(
    notifier: WebhookNotifier, store: SqlWebhookStore, delivery_id: str, enable_endpoint: bool
) -> dict[str, Any] | None:
    try:
        await notifier.redeliver(delivery_id, enable_endpoint=enable_endpoint)
    except KeyError:
        return None
    await notifier.drain()
    delivery = await store.get_delivery(delivery_id)
    assert delivery is not None  # deliveries are never deleted
    return describe(delivery, await store.attempts(delivery_id))


async def _sweep(
    notifier: WebhookNotifier, store: SqlWebhookStore, overdue_s: float, limit: int
) -> list[dict[str, Any]]:
    """An attempt now for every pending delivery due more than `overdue_s` ago (its scheduled
    attempt was lost); their further retries are scheduled as usual."""
    ids = await store.overdue(datetime.now(UTC) - timedelta(seconds=overdue_s), limit)
    gate = asyncio.Semaphore(SWEEP_CONCURRENCY)

    async def one(delivery_id: str) -> None:
        async with gate:
            await notifier.deliver(delivery_id)

    await asyncio.gather(*(one(delivery_id) for delivery_id in ids))
    await notifier.drain()
    found = [await store.get_delivery(delivery_id) for delivery_id in ids]
    return [describe(delivery) for delivery in found if delivery is not None]


PendingOption = Annotated[
    bool,
    typer.Option(
        "--pending",
        help="Instead of one id: every pending delivery whose next attempt is overdue (its "
        "scheduled attempt was lost, e.g. with the broker's messages).",
    ),
]
OverdueOption = Annotated[
    float, typer.Option(min=0, help="With --pending: seconds past due that count as lost.")
]
EnableOption = Annotated[
    bool, typer.Option(help="Re-enable the endpoint first if a 410 disabled it.")
]


@app.command("redeliver")
def redeliver(
    delivery_id: Annotated[
        str | None, typer.Argument(help="The delivery id (`webhooks list`).")
    ] = None,
    *,
    pending: PendingOption = False,
    overdue: OverdueOption = 60.0,
    limit: Annotated[int, typer.Option(min=1, help="With --pending: at most this many.")] = 1000,
    enable_endpoint: EnableOption = False,
    json_output: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
) -> None:
    """Send a delivery again: same webhook-id and body, fresh timestamp and signature, a new
    retry schedule (its retries run in this command, or on the workers with a broker). Exit 0
    when delivered or still retrying on the workers, 1 when it failed again or does not exist.
    With --pending, sweep the overdue pending deliveries instead (exit 0)."""
    if pending == (delivery_id is not None):
        err.print("[red]give a delivery id or --pending[/red]")
        raise typer.Exit(2)
    settings = load_settings()
    if pending:
        swept = run_async(_with_notifier(settings, lambda n, s: _sweep(n, s, overdue, limit)))
        _print(swept, json_output)
        return
    assert delivery_id is not None
    document = run_async(
        _with_notifier(settings, lambda n, s: _redeliver_one(n, s, delivery_id, enable_endpoint))
    )
    if document is None:
        err.print(f"[red]no webhook delivery {delivery_id}[/red]")
        raise typer.Exit(1)
    _print(document, json_output)
    if document["status"] == "failed":
        raise typer.Exit(1)


def _print(document: Any, json_output: bool) -> None:
    if json_output:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        Console().print_json(json.dumps(document, ensure_ascii=False))
