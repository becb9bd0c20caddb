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
    by_set_and,
    evaluate,
    evaluate_groups,
    family_name,
    family_of,
    format_of,
    language_of,
    load_gold,
    set_of,
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
    directories: Annotated[
        list[Path], typer.Argument(help="Folders searched for *.gold.json files, one set each.")
    ],
    json_output: Annotated[
        bool, typer.Option("--json", help="The report as JSON on stdout.")
    ] = False,
    data_dir: Annotated[
        Path | None, typer.Option(help="Keep the jobs here (default: a temporary folder).")
    ] = None,
) -> None:
    """Score extraction against gold files: per-field precision/recall/F1 and per-file errors,
    for each folder side by side (for example the dev set and the corpus's train and test
    splits), per language, format and template family."""
    sets = {set_name(directory, directories): directory for directory in directories}
    pairs = {name: gold_documents(directory) for name, directory in sets.items()}
    if not all(pairs.values()):
        empty = ", ".join(str(sets[name]) for name, found in pairs.items() if not found)
        err.print(f"[red]no *{GOLD_SUFFIX} files with their documents below {empty}[/red]")
        raise typer.Exit(2)
    paths = [doc for found in pairs.values() for doc, _ in found]
    with tempfile.TemporaryDirectory(prefix="resume-worker-eval-") as scratch:
        settings = load_settings(data_dir=data_dir or Path(scratch))
        results = iter(run_async(_process(paths, settings)))
    documents = [
        evaluated(name, sets[name], next(results), gold)
        for name, found in pairs.items()
        for _, gold in found
    ]
    show_reports(documents, json_output=json_output)


def set_name(directory: Path, directories: list[Path]) -> str:
    """A folder's name, or its last two parts when another folder has the same name."""
    same = [d for d in directories if d.name == directory.name]
    return directory.name if len(same) == 1 else f"{directory.parent.name}/{directory.name}"


def evaluated(name: str, root: Path, result: FileResult, gold: Path) -> EvaluatedDocument:
    outcome = result.outcome
    return EvaluatedDocument(
        path=str(result.path.relative_to(root)),
        gold=load_gold(gold),
        status=outcome.status.value,
        error_code=outcome.error_code.value if outcome.error_code else None,
        profile=(result.document["candidate"] or {}).get("profile"),
        set=name,
        family=family_of(result.path, root),
    )


def show_reports(documents: list[EvaluatedDocument], *, json_output: bool) -> None:
    """The report per set side by side, then per language, format and template family: JSON on
    stdout (the whole corpus's report with `by_set` and the groups) or rich tables."""
    report = evaluate(documents)
    sets = evaluate_groups(documents, set_of)
    axes = {"language": language_of, "format": format_of, "family": family_name}
    groups = {axis: evaluate_groups(documents, group) for axis, group in axes.items()}
    if json_output:
        document = report.to_dict() | {
            f"by_{axis}": {name: r.to_dict() for name, r in reports.items()}
            for axis, reports in {**groups, "set": sets}.items()
        }
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        err.print(group_table("set", sets) if len(sets) > 1 else report_table(report))
        return
    console = Console() if Console().is_terminal else Console(width=200)
    console.print(report_table(report) if len(sets) == 1 else group_table("set", sets))
    for axis, group in axes.items():
        console.print(group_table(axis, evaluate_groups(documents, by_set_and(group))))
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
