"""Pieces every command shares: settings loading with readable errors, logging, the loop."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from resume_worker.settings import Settings

err = Console(stderr=True)


def load_settings(*, exit_on_error: bool = True, **overrides: Any) -> Settings:
    """Settings with CLI overrides on top; a validation error exits 2 with the fields named.
    Settings and logging load here, not at import, so `--help` stays quick."""
    from pydantic import ValidationError  # noqa: PLC0415 - loaded when a command runs

    from resume_worker.logs import configure_logging  # noqa: PLC0415 - as above
    from resume_worker.settings import Settings  # noqa: PLC0415 - as above

    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        settings = Settings(**given)
    except ValidationError as exc:
        if not exit_on_error:
            raise
        for error in exc.errors():
            err.print(f"[red]setting {'.'.join(map(str, error['loc']))}: {error['msg']}[/red]")
        raise typer.Exit(2) from None
    configure_logging(settings.log_level, settings.log_format)
    return settings


def print_document(document: object, *, json_output: bool) -> None:
    """A result document: plain JSON on stdout with --json, else pretty-printed for a terminal."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if json_output:
        typer.echo(text)
    else:
        Console().print_json(text)
