"""`resume-worker keys check|rotate`: audit which keys the stored data uses, and move it to the
primary key."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from resume_worker.cli.common import err, load_settings
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.composition.keyring import LoadedKeyring
    from resume_worker.core.ports.keys import BatchProgress
    from resume_worker.privacy.keys.check import CheckReport
    from resume_worker.privacy.keys.rotation import RotationReport
    from resume_worker.settings import Settings

app = typer.Typer(help="Check and rotate the encryption keys.", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")]


def _loaded(settings: Settings) -> LoadedKeyring:
    from resume_worker.composition.keyring import load_keyring_from  # noqa: PLC0415 - cryptography
    from resume_worker.privacy.crypto import KeyringError  # noqa: PLC0415 - cryptography

    try:
        return load_keyring_from(settings)
    except KeyringError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None


@app.command("check")
def check(json_output: JsonOption = False) -> None:
    """Ciphertexts per key id, encryption counters and problems; exit 1 on any problem."""
    from resume_worker.composition.admin import build_admin  # noqa: PLC0415 - every adapter
    from resume_worker.privacy.keys.check import check_keys  # noqa: PLC0415 - the ports and models

    settings = load_settings()
    loaded = _loaded(settings)

    async def run() -> CheckReport:
        async with build_admin(settings) as admin:
            return await check_keys(
                admin.census,
                admin.services.key_usage,
                admin.services.blobs,
                admin.services.keyring,
                source=loaded.source,
                weaknesses=loaded.weaknesses,
            )

    report = run_async(run())
    if json_output:
        typer.echo(json.dumps(check_document(report), indent=2))
    else:
        _print_check(report)
    if report.problems:
        raise typer.Exit(1)


def check_document(report: CheckReport) -> dict[str, Any]:
    document = asdict(report)
    document["blind_index_rows"] = {str(k): v for k, v in report.blind_index_rows.items()}
    return document


def _print_check(report: CheckReport) -> None:
    table = Table(title=f"keys ({report.source}; warning at {report.warn_encryptions} encryptions)")
    columns = ("key id", "role", "PII cells", "file names", "webhook URLs", "originals")
    for column in (*columns, "encryptions"):
        table.add_column(column)
    for key in report.keys:
        counts = key.ciphertexts
        table.add_row(
            key.key_id,
            key.role,
            str(counts["pii"]),
            str(counts["file_name"]),
            str(counts["webhook_url"]),
            str(counts["blob"]),
            str(key.encryptions),
        )
    Console().print(table)
    current = report.blind_index_rows.get(report.blind_index_version, 0)
    stale = sum(report.blind_index_rows.values()) - current
    err.print(f"blind indexes: {current} current, {stale} from another key or version")
    err.print(f"original files not retained or gone: {report.blobs_missing}")
    for problem in report.problems:
        err.print(f"[red]problem:[/red] {problem}")
    if not report.problems:
        err.print("[green]keys OK[/green]")


@app.command("rotate")
def rotate(
    batch_size: Annotated[int, typer.Option(min=1, max=10000, help="Rows per transaction.")] = 100,
    json_output: JsonOption = False,
) -> None:
    """Re-encrypt every PII field, file name, webhook URL and original file under the primary key
    and rebuild stale blind indexes, in batches; safe to interrupt and run again, and beside
    running workers (deploy the new primary to them first, keeping the old key). Exit 1 if rows
    stay unreadable."""
    from resume_worker.composition.admin import build_admin  # noqa: PLC0415 - every adapter
    from resume_worker.privacy.keys.rotation import rotate_keys  # noqa: PLC0415 - the ports

    settings = load_settings()
    _loaded(settings)

    def progress(pass_name: str, batch: BatchProgress) -> None:
        if not json_output:
            err.print(f"{pass_name}: {batch.changed}/{batch.seen} rewritten")

    async def run() -> RotationReport:
        async with build_admin(settings) as admin:
            return await rotate_keys(
                admin.resealing,
                admin.services.key_usage,
                admin.services.blobs,
                admin.services.keyring,
                batch_size=batch_size,
                on_batch=progress,
            )

    report = run_async(run())
    if json_output:
        typer.echo(json.dumps(asdict(report), indent=2))
    else:
        _print_rotation(report)
    if report.failed:
        err.print(f"[red]{report.failed} rows could not be decrypted; left as they were[/red]")
        raise typer.Exit(1)


def _print_rotation(report: RotationReport) -> None:
    table = Table(title=f"rotated to key {report.primary_key_id!r}")
    for column in ("pass", "batches", "seen", "rewritten", "unreadable", "missing"):
        table.add_column(column)
    for name, tally in report.passes.items():
        row = (tally.batches, tally.seen, tally.changed, tally.failed, tally.missing)
        table.add_row(name, *map(str, row))
    Console().print(table)
