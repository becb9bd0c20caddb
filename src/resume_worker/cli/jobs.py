"""`resume-worker jobs list|show`: what happened to each job."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from resume_worker.cli.common import err, load_settings, print_document
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.settings import Settings

app = typer.Typer(help="Inspect jobs.", no_args_is_help=True)


@app.command("list")
def list_jobs(
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    tenant: Annotated[str | None, typer.Option(help="Only this tenant.")] = None,
) -> None:
    """List recent jobs with their status and error code."""
    from resume_worker.composition.pipeline import build_services  # noqa: PLC0415 - every adapter

    settings = load_settings()

    async def fetch() -> list[tuple[str, ...]]:
        async with build_services(settings) as services:
            found = await services.jobs.list_jobs(tenant, limit)
        return [
            (
                j.id,
                j.tenant_id,
                j.status.value,
                j.error_code.value if j.error_code else "",
                j.file_ext,
            )
            for j in found
        ]

    table = Table(title="jobs")
    for column in ("job id", "tenant", "status", "error", "ext"):
        table.add_column(column)
    for row in run_async(fetch()):
        table.add_row(*row)
    Console().print(table)


@app.command("show")
def show_job(
    job_id: str,
    json_output: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
    reveal_pii: Annotated[bool, typer.Option("--reveal-pii", help="Show PII unmasked.")] = False,
) -> None:
    """Show one job's result document (the same shape as `process --json`); the file name and
    PII masked unless --reveal-pii."""
    settings = load_settings()
    document = run_async(_document(settings, job_id, reveal_pii))
    if document is None:
        err.print(f"[red]no job {job_id}[/red]")
        raise typer.Exit(1)
    print_document(document, json_output=json_output)


async def _document(settings: Settings, job_id: str, reveal_pii: bool) -> dict[str, object] | None:
    from resume_worker.composition.pipeline import build_services  # noqa: PLC0415 - every adapter
    from resume_worker.jobs.results import (  # noqa: PLC0415 - the models
        file_label,
        job_result,
        log_revealed,
        stored_job,
    )

    async with build_services(settings) as services:
        found = await stored_job(services.jobs, services.candidates, job_id, tenant_id=None)
        if found is None:
            return None
        name = file_label(found.job, services.keyring, reveal=reveal_pii)
        document = job_result(
            name, found.outcome, found.record, services.keyring, reveal_pii=reveal_pii
        )
    if reveal_pii:
        log_revealed(command="jobs show", job_id=job_id)
    return document
