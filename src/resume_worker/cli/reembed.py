"""`resume-worker reembed [--all]`: give every chunk a vector of the current embedder, then
bring the keyword index up to date."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from resume_worker.cli.common import err, load_settings
from resume_worker.core.errors import WorkerError
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.jobs.reembed import ReembedReport
    from resume_worker.settings import Settings


def reembed_command(
    every: Annotated[
        bool, typer.Option("--all", help="Re-embed every chunk, not only missing or old ones.")
    ] = False,
    tenant: Annotated[str | None, typer.Option(help="Only this tenant (default: all).")] = None,
    after: Annotated[int, typer.Option(help="Resume after this chunk id (with --all).")] = 0,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON document on stdout.")
    ] = False,
) -> None:
    """Embed chunks that have no vector or one from another model or dimension (all chunks with
    --all), in batches of embedding.batch_size; a stopped run is resumed by running it again."""
    settings = load_settings()
    progress: list[ReembedReport] = []
    try:
        report, indexed = run_async(_run(settings, every, tenant, after, progress))
    except WorkerError as exc:
        resume = progress[-1].last_chunk_id if progress else after
        err.print(f"[red]{exc.code.value}: {exc.message}[/red]")
        err.print(
            f"stopped after chunk {resume}; run again to resume (with --all: --after {resume})"
        )
        raise typer.Exit(1) from None
    document = {**asdict(report), "keyword_index_added": indexed}
    if json_output:
        typer.echo(json.dumps(document, indent=2))
    else:
        err.print(
            f"re-embedded {report.embedded} chunks with {report.model} ({report.dim} dims) in "
            f"{report.batches} batches; keyword index: {indexed} chunks added"
        )


async def _run(
    settings: Settings, every: bool, tenant: str | None, after: int, progress: list[ReembedReport]
) -> tuple[ReembedReport, int]:
    from resume_worker.composition.search import build_search  # noqa: PLC0415 - every adapter
    from resume_worker.jobs.reembed import reembed  # noqa: PLC0415 - the ports and models

    def on_batch(report: ReembedReport) -> None:
        progress.append(report)
        err.print(f"  {report.embedded} chunks embedded (up to chunk {report.last_chunk_id})")

    async with build_search(settings) as found:
        report = await reembed(
            found.index,
            found.embedder,
            batch_size=found.batch_size,
            every=every,
            tenant_id=tenant,
            after=after,
            on_batch=on_batch,
        )
        return report, await found.index.refresh(tenant)
