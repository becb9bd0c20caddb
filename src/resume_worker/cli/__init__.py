"""The `resume-worker` command line: thin commands over the pipeline, settings and services."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.console import Console

from resume_worker.cli import (
    candidates,
    credits,
    enqueue,
    evaluate,
    jobs,
    jobs_admin,
    keys,
    process,
    reembed,
    rollout,
    search,
    worker,
)
from resume_worker.cli.api import api_command
from resume_worker.cli.apikeys import app as apikeys_app
from resume_worker.cli.common import load_settings
from resume_worker.cli.webhooks import app as webhooks_app

app = typer.Typer(
    name="resume-worker",
    help="Resume files in; structured, encrypted, searchable candidate profiles out.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("process")(process.process)
app.command("eval")(evaluate.eval_command)
app.command("search")(search.search)
app.command("reembed")(reembed.reembed_command)
app.command("api")(api_command)
app.add_typer(apikeys_app, name="apikeys")
app.add_typer(jobs.app, name="jobs")
app.command("worker")(worker.worker)
app.command("enqueue")(enqueue.enqueue)
jobs.app.command("failed")(jobs_admin.failed_jobs)
jobs.app.command("retry")(jobs_admin.retry_jobs)
app.add_typer(keys.app, name="keys")
app.add_typer(credits.app, name="credits")
app.add_typer(candidates.app, name="candidates")
app.add_typer(webhooks_app, name="webhooks")
app.add_typer(rollout.app, name="rollout")
config_app = typer.Typer(help="Show or check the settings.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(db_app, name="db")
err = Console(stderr=True)


@config_app.command("show")
def config_show() -> None:
    """Print the effective settings as JSON (secrets masked; the default webhook URL shows its
    scheme and host only, as its path or query may hold the receiver's token)."""
    from resume_worker.adapters.sql.engine import url_for_display  # noqa: PLC0415 - SQLAlchemy
    from resume_worker.composition.database import database_url  # noqa: PLC0415 - every adapter
    from resume_worker.composition.storage import storage_url  # noqa: PLC0415 - every adapter
    from resume_worker.privacy.webhook_urls import webhook_url_origin  # noqa: PLC0415 - crypto

    settings = load_settings()
    document: dict[str, Any] = settings.model_dump(mode="json")
    document["database"]["url"] = url_for_display(settings.database.url)
    document["database"]["effective_url"] = url_for_display(database_url(settings))
    if settings.webhook.url:
        document["webhook"]["url"] = webhook_url_origin(settings.webhook.url)
    document["storage"]["effective_url"] = storage_url(settings)
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


@config_app.command("check")
def config_check() -> None:
    """Validate the settings; exit 1 with a list of problems."""
    from pydantic import ValidationError  # noqa: PLC0415 - loaded when the command runs

    from resume_worker.composition.config import config_problems  # noqa: PLC0415 - every adapter

    try:
        settings = load_settings(exit_on_error=False)
    except ValidationError as exc:
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
    else:
        problems = config_problems(settings)
    if problems:
        err.print("[red]configuration problems:[/red]")
        for problem in problems:
            err.print(f"  - {problem}")
        raise typer.Exit(1)
    err.print("[green]configuration OK[/green]")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version."""
    from resume_worker.adapters.sql.migrations import upgrade_database  # noqa: PLC0415
    from resume_worker.composition.database import database_url  # noqa: PLC0415 - every adapter

    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_database(database_url(settings))
    err.print("database is at the newest schema")


@app.command("bench")
def bench(
    name: str = typer.Argument(
        "all", help="event_loop|pipeline|extract|analyze|search|throughput|all"
    ),
) -> None:
    """Run the benchmarks in benchmarks/ and print their figures."""
    from resume_worker.cli.bench import run_benchmarks  # noqa: PLC0415

    raise typer.Exit(run_benchmarks(name))
