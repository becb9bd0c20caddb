"""`resume-worker credits [grant]`: balances and the append-only ledger, and adding grants."""

from __future__ import annotations

import json
import re
import uuid
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from resume_worker.cli.common import err, load_settings
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.settings import Settings

app = typer.Typer(
    help="Credit balances and the ledger (`credits grant` adds credits).",
    invoke_without_command=True,
)
TENANT_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
GRANT_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,36}$")
KINDS = ("grant", "reserve", "charge", "release", "refund")


@app.callback()
def show(
    ctx: typer.Context,
    tenant: Annotated[str | None, typer.Option(help="Only this tenant.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Ledger rows, newest first.")] = 50,
    json_output: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
) -> None:
    """Show each tenant's balance and the newest ledger rows."""
    if ctx.invoked_subcommand is not None:
        return
    settings = load_settings()
    document = run_async(_document(settings, tenant, limit))
    if json_output:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    console = Console()
    balances = Table(title=f"credits (enforced: {'yes' if document['enforced'] else 'no'})")
    for column in ("tenant", "available", "held", *KINDS):
        balances.add_column(column)
    for row in document["tenants"]:
        totals = row["totals"]
        cells = (row["available"], row["held"], *(totals.get(kind, 0) for kind in KINDS))
        balances.add_row(row["tenant"], *map(str, cells))
    console.print(balances)
    ledger = Table(title="ledger (newest first)")
    for column in ("when", "tenant", "kind", "amount", "job or grant id"):
        ledger.add_column(column)
    for entry in document["ledger"]:
        when = entry["created_at"][:16].replace("T", " ")
        ledger.add_row(when, entry["tenant"], entry["kind"], str(entry["amount"]), entry["job_id"])
    console.print(ledger)


async def _document(settings: Settings, tenant: str | None, limit: int) -> dict[str, Any]:
    from resume_worker.composition.admin import build_admin  # noqa: PLC0415 - every adapter
    from resume_worker.core.ports.ledger import balance_of  # noqa: PLC0415 - the ports

    async with build_admin(settings) as admin:
        totals = await admin.credits.ledger_totals(tenant)
        entries = await admin.credits.ledger_entries(tenant, limit)
    if tenant is not None:
        totals.setdefault(tenant, {})
    return {
        "enforced": admin.services.config.credits_enforce,
        "tenants": [
            {
                "tenant": name,
                "available": balance_of(sums),
                "held": sums.get("reserve", 0) - sums.get("charge", 0) - sums.get("release", 0),
                "totals": sums,
            }
            for name, sums in sorted(totals.items())
        ],
        "ledger": [
            {
                "created_at": e.created_at.isoformat(timespec="seconds"),
                "tenant": e.tenant_id,
                "kind": e.kind,
                "amount": e.amount,
                "job_id": e.job_id,
            }
            for e in entries
        ],
    }


@app.command("grant")
def grant(
    amount: Annotated[int, typer.Argument(min=1, help="Credits to add.")],
    tenant: Annotated[str, typer.Option(help="The tenant that receives them.")],
    grant_id: Annotated[
        str | None,
        typer.Option(help="Idempotency key: a grant id already in the ledger adds nothing."),
    ] = None,
) -> None:
    """Add a grant row to a tenant's ledger (its id fills the row's job id column)."""
    if not TENANT_PATTERN.match(tenant):
        err.print("[red]--tenant must match [A-Za-z0-9_.-]{1,64}[/red]")
        raise typer.Exit(2)
    if grant_id is not None and not GRANT_ID_PATTERN.match(grant_id):
        err.print("[red]--grant-id must match [A-Za-z0-9_.:-]{1,36}[/red]")
        raise typer.Exit(2)
    from resume_worker.composition.admin import build_admin  # noqa: PLC0415 - every adapter

    settings = load_settings()
    key = grant_id or str(uuid.uuid4())

    async def run() -> tuple[bool, int]:
        async with build_admin(settings) as admin:
            added = await admin.services.ledger.add_ledger_entry(tenant, key, "grant", amount)
            return added, await admin.credits.available_credits(tenant)

    added, balance = run_async(run())
    if not added:
        err.print(f"grant {key} is already in the ledger; nothing added")
    else:
        err.print(f"granted {amount} to {tenant} (grant id {key})")
    result = {"grant_id": key, "added": added, "tenant": tenant, "available": balance}
    typer.echo(json.dumps(result))
