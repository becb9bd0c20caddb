"""`resume-worker process`: run files through the pipeline in this process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from resume_worker.cli.common import err, load_settings
from resume_worker.core.errors import ErrorCode
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.cli.runner import FileResult
    from resume_worker.settings import Settings


def process(
    paths: Annotated[list[Path], typer.Argument(help="Resume files to process.")],
    json_output: Annotated[bool, typer.Option("--json", help="One JSON array on stdout.")] = False,
    reveal_pii: Annotated[bool, typer.Option("--reveal-pii", help="Show PII unmasked.")] = False,
    concurrency: Annotated[int | None, typer.Option(help="Jobs at once.")] = None,
    tenant: Annotated[str | None, typer.Option(help="Tenant id.")] = None,
) -> None:
    """Process resume files; exit 0 when every file reached a terminal state."""
    missing = [p for p in paths if not p.is_file()]
    if missing:
        err.print(f"[red]not a file: {', '.join(map(str, missing))}[/red]")
        raise typer.Exit(2)
    settings = load_settings(concurrency=concurrency, tenant=tenant)
    results = run_async(_run(paths, settings, reveal_pii=reveal_pii, quiet=json_output))
    if json_output:
        typer.echo(json.dumps([r.document for r in results], ensure_ascii=False, indent=2))
    else:
        console = Console()
        if not console.is_terminal:
            console = Console(width=160)
        console.print(summary_table(results))
    if any(r.outcome.error_code is ErrorCode.INTERNAL_ERROR for r in results):
        raise typer.Exit(1)


async def _run(
    paths: list[Path], settings: Settings, *, reveal_pii: bool, quiet: bool
) -> list[FileResult]:
    from rich.progress import Progress  # noqa: PLC0415 - only this command draws a bar

    from resume_worker.cli.runner import process_files  # noqa: PLC0415 - the job runner
    from resume_worker.composition.config import ConfigurationError  # noqa: PLC0415
    from resume_worker.composition.pipeline import build_services  # noqa: PLC0415

    try:
        async with build_services(settings) as services:
            with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
                task = progress.add_task("processing", total=len(paths))
                results = await process_files(
                    paths,
                    services,
                    settings,
                    tenant_id=settings.tenant,
                    reveal_pii=reveal_pii,
                    on_done=lambda _: progress.advance(task),
                )
    except ConfigurationError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    if quiet:
        err.print(summary_table(results))
    return results


def summary_table(results: list[FileResult]) -> Table:
    table = Table(title="resume-worker results")
    for column in (
        "file",
        "status",
        "error",
        "name",
        "careers",
        "schools",
        "skills",
        "chunks",
        "ms",
    ):
        table.add_column(column)
    for result in results:
        doc: dict[str, Any] = result.document
        profile = (doc["candidate"] or {}).get("profile", {})
        table.add_row(
            result.path.name,
            doc["status"],
            (doc["error"] or {}).get("code", ""),
            profile.get("name", ""),
            str(len(profile.get("careers", []))),
            str(len(profile.get("education", []))),
            str(len(profile.get("skills", []))),
            str(doc["chunks"]),
            f"{sum(doc['timings_ms'].values()):.0f}",
        )
    return table
