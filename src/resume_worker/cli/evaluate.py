"""`resume-worker eval DIR`: process every document that has a gold file and score the fields."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from resume_worker.cli.common import err, load_settings
from resume_worker.evaluation import (
    EvalReport,
    EvaluatedDocument,
    evaluate,
    evaluate_groups,
    format_of,
    language_of,
    load_gold,
)
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.cli.runner import FileResult
    from resume_worker.settings import Settings

GOLD_SUFFIX = ".gold.json"


def gold_documents(root: Path) -> list[tuple[Path, Path]]:
    """(document, gold) pairs for every `X.ext.gold.json` below root whose X.ext exists."""
    pairs = []
    for gold in sorted(root.rglob(f"*{GOLD_SUFFIX}")):
        document = gold.with_name(gold.name.removesuffix(GOLD_SUFFIX))
        if document.is_file():
            pairs.append((document, gold))
    return pairs


def eval_command(
    directory: Annotated[Path, typer.Argument(help="Folder searched for *.gold.json files.")],
    json_output: Annotated[
        bool, typer.Option("--json", help="The report as JSON on stdout.")
    ] = False,
    data_dir: Annotated[
        Path | None, typer.Option(help="Keep the jobs here (default: a temporary folder).")
    ] = None,
) -> None:
    """Score extraction against gold files: per-field precision/recall/F1 and per-file errors."""
    pairs = gold_documents(directory)
    if not pairs:
        err.print(f"[red]no *{GOLD_SUFFIX} files with their documents below {directory}[/red]")
        raise typer.Exit(2)
    with tempfile.TemporaryDirectory(prefix="resume-worker-eval-") as scratch:
        settings = load_settings(data_dir=data_dir or Path(scratch))
        results = run_async(_process([doc for doc, _ in pairs], settings))
    documents = [
        EvaluatedDocument(
            path=str(result.path.relative_to(directory)),
            gold=load_gold(gold),
            status=result.outcome.status.value,
            error_code=result.outcome.error_code.value if result.outcome.error_code else None,
            profile=(result.document["candidate"] or {}).get("profile"),
        )
        for result, (_, gold) in zip(results, pairs, strict=True)
    ]
    show_reports(documents, json_output=json_output)


def show_reports(documents: list[EvaluatedDocument], *, json_output: bool) -> None:
    """The overall report, then per language and per format: JSON on stdout or rich tables."""
    report = evaluate(documents)
    groups = {
        "language": evaluate_groups(documents, language_of),
        "format": evaluate_groups(documents, format_of),
    }
    if json_output:
        document = report.to_dict() | {
            f"by_{axis}": {name: r.to_dict() for name, r in reports.items()}
            for axis, reports in groups.items()
        }
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        err.print(report_table(report))
        return
    console = Console() if Console().is_terminal else Console(width=160)
    console.print(report_table(report))
    for axis, reports in groups.items():
        console.print(group_table(axis, reports))
    for problem in report.errors:
        console.print(json.dumps(problem, ensure_ascii=False))


async def _process(paths: list[Path], settings: Settings) -> list[FileResult]:
    from resume_worker.cli.runner import process_files  # noqa: PLC0415 - the job runner
    from resume_worker.composition.pipeline import build_services  # noqa: PLC0415 - every adapter

    async with build_services(settings) as services:
        return await process_files(
            paths, services, settings, tenant_id=settings.tenant, reveal_pii=True
        )


def group_table(axis: str, reports: dict[str, EvalReport]) -> Table:
    """F1 or accuracy per field (rows) and per group (columns), with document counts."""
    table = Table(title=f"by {axis}")
    table.add_column("field")
    for name, report in reports.items():
        table.add_column(f"{name} ({report.documents})")
    fields = next(iter(reports.values())).fields if reports else {}
    for field_name in fields:
        cells = []
        for report in reports.values():
            score = report.fields[field_name]
            cells.append("-" if score.score is None else f"{score.score:.3f}")
        table.add_row(field_name, *cells)
    return table


def report_table(report: EvalReport) -> Table:
    table = Table(title=f"eval over {report.documents} documents")
    for column in ("field", "precision", "recall", "F1 / accuracy", "n", "bar", "meets bar"):
        table.add_column(column)
    for row in report.table_rows():
        table.add_row(*row)
    return table
