"""`resume-worker candidates show|export|delete`: read, export and erase stored candidates."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import AsyncIterator, Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from resume_worker.cli.common import err, load_settings, print_document
from resume_worker.cli.redact import redact_command
from resume_worker.core.errors import WorkerError
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.core.models import CandidateProfile, StoredRecord
    from resume_worker.core.ports.candidates import CandidateAdmin
    from resume_worker.privacy.crypto import Keyring
    from resume_worker.settings import Settings

app = typer.Typer(help="Show, export and erase candidates.", no_args_is_help=True)
RevealOption = Annotated[bool, typer.Option("--reveal-pii", help="Show PII unmasked.")]
TenantOption = Annotated[str | None, typer.Option(help="Only this tenant.")]
EXPORT_PAGE = 200
T = TypeVar("T")


class ExportFormat(str, Enum):
    json = "json"
    jsonresume = "jsonresume"
    csv = "csv"


def _reported(action: Callable[[], T]) -> T:
    """Run the command body; a stored value that fails to decrypt (ENCRYPTION_ERROR) ends the
    command with its code and exit 1, not a traceback."""
    try:
        return action()
    except WorkerError as exc:
        err.print(f"[red]{exc.code.value}: {exc.message}[/red]")
        raise typer.Exit(1) from None


def _profile(record: StoredRecord, keyring: Keyring, reveal_pii: bool) -> CandidateProfile:
    from resume_worker.jobs.results import decrypt_profile, masked_profile  # noqa: PLC0415

    profile = decrypt_profile(record, keyring)
    return profile if reveal_pii else masked_profile(profile)


@app.command("show")
def show(
    candidate_id: str,
    version: Annotated[int | None, typer.Option(help="This version (default: latest).")] = None,
    tenant: TenantOption = None,
    reveal_pii: RevealOption = False,
    json_output: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
) -> None:
    """One candidate: the chosen version's profile (masked unless --reveal-pii) and its versions."""
    settings = load_settings()
    document = _reported(
        lambda: run_async(_show(settings, candidate_id, version, tenant, reveal_pii))
    )
    if document is None:
        which = f"{candidate_id} version {version}" if version else candidate_id
        err.print(f"[red]no candidate {which}[/red]")
        raise typer.Exit(1)
    print_document(document, json_output=json_output)


async def _show(
    settings: Settings, candidate_id: str, version: int | None, tenant: str | None, reveal: bool
) -> dict[str, Any] | None:
    from resume_worker.composition.admin import build_admin  # noqa: PLC0415 - every adapter
    from resume_worker.jobs.results import (  # noqa: PLC0415 - the models
        log_revealed,
        stored_candidate_document,
    )

    async with build_admin(settings) as admin:
        document = await stored_candidate_document(
            admin.candidates,
            admin.services.keyring,
            candidate_id,
            version,
            tenant_id=tenant,
            reveal_pii=reveal,
        )
    if document is not None and reveal:
        log_revealed(command="candidates show", candidate_id=candidate_id)
    return document


@app.command("export")
def export(
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="json, jsonresume or csv.")
    ] = ExportFormat.json,
    tenant: TenantOption = None,
    reveal_pii: RevealOption = False,
) -> None:
    """The latest version of every candidate to stdout: one JSON array (our flat profile or JSON
    Resume documents) or CSV with one row per candidate; PII masked unless --reveal-pii."""
    settings = load_settings()
    _reported(lambda: run_async(_export(settings, output_format, tenant, reveal_pii)))


async def _export(
    settings: Settings, output_format: ExportFormat, tenant: str | None, reveal: bool
) -> None:
    from resume_worker.composition.admin import build_admin  # noqa: PLC0415 - every adapter
    from resume_worker.jobs.exports import CSV_COLUMNS, csv_row, json_resume  # noqa: PLC0415
    from resume_worker.jobs.results import record_summary  # noqa: PLC0415 - the models
    from resume_worker.stages.validate import to_flat_dict  # noqa: PLC0415 - the models

    out = sys.stdout
    as_csv = output_format is ExportFormat.csv
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS) if as_csv else None
    if writer is not None:
        writer.writeheader()
    else:
        out.write("[")
    count = 0
    async with build_admin(settings) as admin:
        async for record in _latest(admin.candidates, tenant):
            profile = _profile(record, admin.services.keyring, reveal)
            if writer is not None:
                writer.writerow(csv_row(record, profile))
            else:
                item = (
                    json_resume(record, profile)
                    if output_format is ExportFormat.jsonresume
                    else {**record_summary(record), "profile": to_flat_dict(profile)}
                )
                out.write(("," if count else "") + "\n" + json.dumps(item, ensure_ascii=False))
            count += 1
    if writer is None:
        out.write("\n]\n")
    out.flush()
    if reveal:
        from resume_worker.jobs.results import log_revealed  # noqa: PLC0415 - the models

        log_revealed(command="candidates export", candidates=count)
    err.print(f"exported {count} candidates")


async def _latest(candidates: CandidateAdmin, tenant: str | None) -> AsyncIterator[StoredRecord]:
    after: str | None = None
    while True:
        page = await candidates.latest_records(tenant, after=after, limit=EXPORT_PAGE)
        for record in page:
            yield record
        if len(page) < EXPORT_PAGE:
            return
        after = page[-1].candidate_id


@app.command("delete")
def delete(
    candidate_id: str,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase a candidate: every version, PII field, blind index, chunk and original file. The
    jobs stay, without their file names; an erasure log row keeps ids and counts, never PII."""
    if not yes:
        typer.confirm(f"Erase candidate {candidate_id} and every version of it?", abort=True)
    from resume_worker.composition.admin import build_admin  # noqa: PLC0415 - every adapter
    from resume_worker.jobs.results import erasure_document  # noqa: PLC0415 - the models
    from resume_worker.privacy.erasure import erase_candidate  # noqa: PLC0415 - the ports

    settings = load_settings()

    async def run() -> list[dict[str, Any]]:
        async with build_admin(settings) as admin:
            done = await erase_candidate(admin.candidates, admin.services.blobs, candidate_id)
        return [erasure_document(e) for e in done]

    erased = run_async(run())
    if not erased:
        err.print(f"[red]no candidate {candidate_id}[/red]")
        raise typer.Exit(1)
    typer.echo(json.dumps(erased, indent=2))


app.command("redact")(redact_command)
