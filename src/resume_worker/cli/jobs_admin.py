"""`resume-worker jobs failed|retry`: the dead letters (failed jobs) and putting them back."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from resume_worker.cli.common import err, load_settings
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.core.ports.jobs import DeadLetter
    from resume_worker.pipeline import Services
    from resume_worker.settings import Settings

ALL_FAILED = 1_000_000


def failed_jobs(
    limit: Annotated[int, typer.Option(help="How many, most recently failed first.")] = 100,
    tenant: Annotated[str | None, typer.Option(help="Only this tenant.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")] = False,
) -> None:
    """List the failed jobs (dead letters): id, tenant, error code, attempts, when; no PII."""
    settings = load_settings()
    letters = run_async(_failed(settings, tenant, limit))
    rows = [
        {
            "job_id": d.job_id,
            "tenant": d.tenant_id,
            "code": d.error_code.value if d.error_code else None,
            "attempts": d.attempts,
            "failed_at": d.failed_at.isoformat() if d.failed_at else None,
        }
        for d in letters
    ]
    if json_output:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title=f"failed jobs ({len(rows)})")
    for column in ("job id", "tenant", "code", "attempts", "failed at"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(v if v is not None else "") for v in row.values()))
    Console().print(table)


async def _failed(settings: Settings, tenant: str | None, limit: int) -> list[DeadLetter]:
    from resume_worker.composition.admin import build_admin  # noqa: PLC0415 - every adapter

    async with build_admin(settings) as admin:
        return await admin.dead_letters.failed_jobs(tenant, limit)


def retry_jobs(
    job_ids: Annotated[list[str] | None, typer.Argument(help="Failed job ids.")] = None,
    all_failed: Annotated[bool, typer.Option("--all", help="Every failed job.")] = False,
    tenant: Annotated[str | None, typer.Option(help="With --all: only this tenant.")] = None,
) -> None:
    """Put failed jobs back in the queue with their attempts reset and their credit reserved
    again (without a broker they run here). A queued job named by id is sent again."""
    if bool(job_ids) == all_failed:
        err.print("[red]name failed job ids, or pass --all[/red]")
        raise typer.Exit(2)
    settings = load_settings()
    if not settings.storage.retain_originals:
        err.print(
            "[red]storage.retain_originals is false: the files of ended jobs were deleted; "
            "submit them again[/red]"
        )
        raise typer.Exit(2)
    results = run_async(_retry(settings, job_ids or None, tenant))
    for job_id, result in results.items():
        typer.echo(f"{job_id}\t{result}")
    if any(r in ("not_failed", "no_credit") for r in results.values()):
        raise typer.Exit(1)


async def _retry(
    settings: Settings, job_ids: list[str] | None, tenant: str | None
) -> dict[str, str]:
    from resume_worker.composition.admin import build_admin  # noqa: PLC0415 - every adapter
    from resume_worker.core.models import JobStatus  # noqa: PLC0415 - the models

    async with build_admin(settings) as admin:
        services, letters = admin.services, admin.dead_letters
        config = services.config
        if job_ids is None:
            job_ids = [d.job_id for d in await letters.failed_jobs(tenant, ALL_FAILED)]
        results: dict[str, str] = {}
        for job_id in job_ids:
            results[job_id] = await letters.requeue_failed(
                job_id, amount=config.cost_per_job, enforce=config.credits_enforce
            )
            job = await services.jobs.get_job(job_id)
            if results[job_id] == "not_failed" and job and job.status is JobStatus.QUEUED:
                results[job_id] = "sent_again"
        ready = [j for j, r in results.items() if r in ("requeued", "sent_again")]
        await _deliver(ready, services, settings)
    return results


async def _deliver(job_ids: list[str], services: Services, settings: Settings) -> None:
    """On the broker when there is one; else run the jobs here, retries delayed in between."""
    from resume_worker.composition.queue import open_queue  # noqa: PLC0415 - the broker
    from resume_worker.jobs.scheduling import Backoff, job_handler, run_to_end  # noqa: PLC0415 - the pipeline

    if settings.queue.broker_url:
        with open_queue(settings) as queue:
            for job_id in job_ids:
                await queue.enqueue(job_id)
        return
    retry, gate = settings.retry, asyncio.Semaphore(settings.concurrency)
    handle = job_handler(services, backoff=Backoff(retry.backoff_base_s, retry.backoff_max_s))
    await asyncio.gather(*(run_to_end(job_id, handle, gate=gate) for job_id in job_ids))
