"""`resume-worker apikeys create|list|revoke`: API keys per tenant, stored hashed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from resume_worker.cli.common import err, load_settings
from resume_worker.core.ports.api import API_SCOPES
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.core.ports.api import ApiKey

app = typer.Typer(help="Create, list and revoke HTTP API keys.", no_args_is_help=True)
READ_SCOPES = "resumes:write,jobs:read,candidates:read,search:read"


def _scopes(given: str) -> list[str]:
    scopes = sorted({s.strip() for s in given.split(",") if s.strip()})
    unknown = [s for s in scopes if s not in API_SCOPES]
    if unknown or not scopes:
        err.print(f"[red]scopes are a comma-separated subset of: {', '.join(API_SCOPES)}[/red]")
        raise typer.Exit(2)
    return scopes


@app.command("create")
def create(
    tenant: Annotated[str, typer.Option(help="The tenant the key acts for.")],
    scopes: Annotated[
        str, typer.Option(help=f"Comma-separated, of: {', '.join(API_SCOPES)}.")
    ] = READ_SCOPES,
    name: Annotated[str, typer.Option(help="A label to recognise the key by.")] = "",
) -> None:
    """Create a key and print its token once (only its SHA-256 is stored)."""
    chosen = _scopes(scopes)
    from resume_worker.composition.api import open_api_keys  # noqa: PLC0415 - the web stack

    settings = load_settings(tenant=tenant)  # validates the tenant id like every setting

    async def run() -> tuple[ApiKey, str]:
        async with open_api_keys(settings) as keys:
            return await keys.create_key(settings.tenant, chosen, name[:100])

    key, token = run_async(run())
    err.print("[yellow]store this token now: it is not shown again[/yellow]")
    typer.echo(
        json.dumps({"id": key.id, "tenant": key.tenant_id, "scopes": chosen, "token": token})
    )


@app.command("list")
def list_keys(
    tenant: Annotated[str | None, typer.Option(help="Only this tenant.")] = None,
) -> None:
    """List keys (ids, tenants, scopes, dates; never tokens)."""
    from resume_worker.composition.api import open_api_keys  # noqa: PLC0415 - the web stack

    settings = load_settings()

    async def run() -> list[ApiKey]:
        async with open_api_keys(settings) as keys:
            return await keys.list_keys(tenant)

    table = Table(title="API keys")
    for column in ("id", "tenant", "name", "scopes", "created", "revoked"):
        table.add_column(column)
    for key in run_async(run()):
        table.add_row(
            key.id,
            key.tenant_id,
            key.name,
            " ".join(sorted(key.scopes)),
            key.created_at.isoformat(timespec="seconds"),
            key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else "",
        )
    Console().print(table)


@app.command("revoke")
def revoke(key_id: str) -> None:
    """Revoke a key: requests with its token get 401 from then on."""
    from resume_worker.composition.api import open_api_keys  # noqa: PLC0415 - the web stack

    settings = load_settings()

    async def run() -> bool:
        async with open_api_keys(settings) as keys:
            return await keys.revoke_key(key_id)

    if not run_async(run()):
        err.print(f"[red]no live key {key_id}[/red]")
        raise typer.Exit(1)
    err.print(f"revoked {key_id}")
