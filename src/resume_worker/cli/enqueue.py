"""`resume-worker enqueue`: accept files as jobs and put their ids on the broker's queue."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from resume_worker.cli.common import err, load_settings
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.core.models import Job
    from resume_worker.settings import Settings


def enqueue(
    paths: Annotated[list[Path], typer.Argument(help="Resume files to queue.")],
    tenant: Annotated[str | None, typer.Option(help="Tenant id.")] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON array on stdout: file, job_id, status.")
    ] = False,
) -> None:
    """Queue files for the workers; prints one job id per line (a job refused for credits is
    created rejected and not queued)."""
    missing = [p for p in paths if not p.is_file()]
    if missing:
        err.print(f"[red]not a file: {', '.join(map(str, missing))}[/red]")
        raise typer.Exit(2)
    from resume_worker.composition.config import ConfigurationError  # noqa: PLC0415 - every adapter
    from resume_worker.core.models import JobStatus  # noqa: PLC0415 - the models

    settings = load_settings(tenant=tenant)
    if not settings.queue.broker_url:
        err.print("[red]set RESUME_WORKER_QUEUE__BROKER_URL, or run the files with `process`[/red]")
        raise typer.Exit(2)
    try:
        accepted = run_async(_enqueue(paths, settings))
    except ConfigurationError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    if json_output:
        rows = [{"file": str(p), "job_id": j.id, "status": j.status.value} for p, j in accepted]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for path, job in accepted:
        typer.echo(job.id)
        if job.status is not JobStatus.QUEUED:
            err.print(f"{path.name}: {job.status.value} (not enough credits), not queued")


async def _enqueue(paths: list[Path], settings: Settings) -> list[tuple[Path, Job]]:
    from resume_worker.cli.runner import read_capped  # noqa: PLC0415 - the job runner
    from resume_worker.composition.pipeline import build_services  # noqa: PLC0415 - every adapter
    from resume_worker.composition.queue import open_queue  # noqa: PLC0415 - the broker
    from resume_worker.core.models import JobStatus  # noqa: PLC0415 - the models
    from resume_worker.jobs.runner import accept_job  # noqa: PLC0415 - the pipeline

    limit = int(settings.limits.max_file_mb * 1024 * 1024)
    accepted: list[tuple[Path, Job]] = []
    async with build_services(settings) as services:
        with open_queue(settings) as queue:
            for path in paths:
                data = await asyncio.to_thread(read_capped, path, limit)
                job = await accept_job(
                    services, data, file_name=path.name, tenant_id=settings.tenant
                )
                if job.status is JobStatus.QUEUED:
                    await queue.enqueue(job.id)
                accepted.append((path, job))
    return accepted
