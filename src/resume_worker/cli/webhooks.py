"""`resume-worker webhooks list|redeliver`: the delivery log, and sending a delivery again with
its webhook-id and body (a new timestamp and signature). URLs show as their host only: a query
string may hold the receiver's token."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from resume_worker.adapters.sql_migrations import upgrade_database
from resume_worker.adapters.webhooks import Delivery
from resume_worker.cli.common import err, load_settings
from resume_worker.event_loop import run_async
from resume_worker.services import database_url
from resume_worker.settings import Settings
from resume_worker.webhook_services import build_notifier, open_webhook_store

app = typer.Typer(help="Webhook deliveries: list them, send one again.", no_args_is_help=True)


def describe(delivery: Delivery, attempts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A delivery as the commands print it: ids, event, endpoint host, status and attempts."""
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


async def _redeliver(
    settings: Settings, delivery_id: str, enable_endpoint: bool
) -> dict[str, Any] | None:
    url = database_url(settings)
    await asyncio.to_thread(upgrade_database, url)
    async with open_webhook_store(settings, url) as store:
        notifier = build_notifier(settings, store.engine, store.writer)
        if notifier is None:
            err.print("[red]set RESUME_WORKER_WEBHOOK__SECRETS to send webhooks[/red]")
            raise typer.Exit(2)
        try:
            delivery = await notifier.redeliver(delivery_id, enable_endpoint=enable_endpoint)
        except KeyError:
            return None
        return describe(delivery, await store.attempts(delivery.id))


@app.command("redeliver")
def redeliver(
    delivery_id: Annotated[str, typer.Argument(help="The delivery id (`webhooks list`).")],
    enable_endpoint: Annotated[
        bool, typer.Option(help="Re-enable the endpoint first if a 410 disabled it.")
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
) -> None:
    """Send a delivery again: same webhook-id and body, fresh timestamp and signature, the
    whole retry schedule. Exit 0 when delivered, 1 when it failed again or does not exist."""
    settings = load_settings()
    document = run_async(_redeliver(settings, delivery_id, enable_endpoint))
    if document is None:
        err.print(f"[red]no webhook delivery {delivery_id}[/red]")
        raise typer.Exit(1)
    if json_output:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        Console().print_json(json.dumps(document, ensure_ascii=False))
    if document["status"] != "delivered":
        raise typer.Exit(1)
