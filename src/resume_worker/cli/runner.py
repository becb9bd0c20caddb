"""Runs files as jobs in this process: bounded concurrency, job retries waited out by the one
job-level schedule (jobs/scheduling.py) and webhook retries on the notifier's tasks, neither
waiting in a slot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resume_worker.core.models import JobOutcome
from resume_worker.jobs.results import job_result
from resume_worker.jobs.runner import accept_job
from resume_worker.jobs.scheduling import Backoff, job_handler, run_to_end
from resume_worker.pipeline import Services
from resume_worker.settings import Settings


@dataclass(frozen=True)
class FileResult:
    path: Path
    outcome: JobOutcome
    document: dict[str, Any]


def read_capped(path: Path, limit_bytes: int) -> bytes:
    """At most limit+1 bytes: enough for validate_file to tell that a file is too large."""
    with path.open("rb") as handle:
        return handle.read(limit_bytes + 1)


async def process_files(
    paths: list[Path],
    services: Services,
    settings: Settings,
    *,
    tenant_id: str,
    reveal_pii: bool,
    on_done: Callable[[FileResult], None] = lambda _: None,
) -> list[FileResult]:
    """Accept every file as a job, run them `settings.concurrency` at a time, keep input order;
    return once the webhook retries the jobs left have ended too."""
    gate = asyncio.Semaphore(settings.concurrency)
    limit = int(settings.limits.max_file_mb * 1024 * 1024)
    handle = job_handler(
        services, backoff=Backoff(settings.retry.backoff_base_s, settings.retry.backoff_max_s)
    )

    async def one(path: Path) -> FileResult:
        async with gate:
            data = await asyncio.to_thread(read_capped, path, limit)
            job = await accept_job(services, data, file_name=path.name, tenant_id=tenant_id)
        await run_to_end(job.id, handle, gate=gate)
        outcome = await services.jobs.get_outcome(job.id)
        assert outcome is not None  # the job was accepted above
        record = (
            await services.candidates.get_record(outcome.record_id) if outcome.record_id else None
        )
        document = job_result(str(path), outcome, record, services.keyring, reveal_pii=reveal_pii)
        result = FileResult(path, outcome, document)
        on_done(result)
        return result

    results = list(await asyncio.gather(*(one(path) for path in paths)))
    if services.notifier is not None:
        await services.notifier.drain()
    return results
