"""`resume-worker worker`: Dramatiq worker processes that run the jobs on the broker's queue."""

from __future__ import annotations

from typing import Annotated

import typer

from resume_worker.cli.common import err, load_settings


def worker(
    processes: Annotated[
        int | None, typer.Option(help="Worker processes (queue.worker_processes).")
    ] = None,
    threads: Annotated[
        int | None, typer.Option(help="Threads per process: jobs at once (queue.worker_threads).")
    ] = None,
) -> None:
    """Run queued jobs until SIGTERM or SIGINT; running jobs finish first."""
    from resume_worker.composition.config import ConfigurationError  # noqa: PLC0415 - every adapter
    from resume_worker.worker import serve  # noqa: PLC0415 - the broker and the pipeline

    given = {"worker_processes": processes, "worker_threads": threads}
    settings = load_settings(queue={k: v for k, v in given.items() if v is not None} or None)
    if not settings.queue.broker_url:
        err.print("[red]set RESUME_WORKER_QUEUE__BROKER_URL (redis://... or amqp://...)[/red]")
        raise typer.Exit(2)
    try:
        code = serve(settings)
    except ConfigurationError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    raise typer.Exit(code)
