"""`resume-worker search "query"`: a tenant's best candidates for a query, with redacted
snippets (hybrid by default; `--mode vector|keyword` for one retriever alone)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from resume_worker.cli.common import err, load_settings
from resume_worker.core.errors import WorkerError
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.core.ports.search import SearchFilters
    from resume_worker.search.hybrid import Mode, SearchResult
    from resume_worker.settings import Settings


def search(
    query: Annotated[str, typer.Argument(help="What to look for, in Korean or English.")],
    *,
    tenant: Annotated[str | None, typer.Option(help="The tenant (default: settings).")] = None,
    top: Annotated[
        int | None, typer.Option(help="How many candidates (default search.top_k).")
    ] = None,
    min_months: Annotated[
        int | None, typer.Option("--min-months", help="Minimum total experience in months.")
    ] = None,
    skill: Annotated[
        list[str] | None, typer.Option("--skill", help="A skill the candidate lists (repeat).")
    ] = None,
    mode: Annotated[str, typer.Option(help="hybrid, vector or keyword.")] = "hybrid",
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON document on stdout.")
    ] = False,
) -> None:
    """Search the latest version of every candidate of one tenant."""
    from resume_worker.core.ports.search import SearchFilters  # noqa: PLC0415 - the models
    from resume_worker.search.hybrid import search_document  # noqa: PLC0415 - the models

    chosen = _checked_mode(mode, query, top)
    settings = load_settings(tenant=tenant)
    filters = SearchFilters(settings.tenant, min_months, tuple(skill or ()))
    try:
        result, top_k = run_async(_run(settings, query, filters, top, chosen))
    except WorkerError as exc:
        err.print(f"[red]{exc.code.value}: {exc.message}[/red]")
        raise typer.Exit(1) from None
    document = search_document(query, filters, mode, top_k, result)
    if json_output:
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _print(document)


def _checked_mode(mode: str, query: str, top: int | None) -> Mode:
    """The search mode named, after checking the query and --top (exit 2 on a usage error)."""
    from resume_worker.search.hybrid import MODES  # noqa: PLC0415 - the models

    chosen = next((m for m in MODES if m == mode), None)
    if chosen is None:
        err.print(f"[red]--mode must be one of {', '.join(MODES)}[/red]")
        raise typer.Exit(2)
    if not query.strip() or (top is not None and top < 1):
        err.print("[red]give a non-empty query and a --top of at least 1[/red]")
        raise typer.Exit(2)
    return chosen


async def _run(
    settings: Settings, query: str, filters: SearchFilters, top: int | None, mode: Mode
) -> tuple[SearchResult, int]:
    from resume_worker.composition.search import build_search  # noqa: PLC0415 - every adapter
    from resume_worker.search.hybrid import search_candidates  # noqa: PLC0415 - the models

    async with build_search(settings) as found:
        top_k = top or found.top_k
        result = await search_candidates(
            query, filters, index=found.index, embedder=found.embedder, top_k=top_k, mode=mode
        )
        return result, top_k


def _print(document: dict[str, Any]) -> None:
    table = Table(title=f"{document['query']} ({document['tenant']}, {document['mode']})")
    for column in ("#", "candidate", "score", "role", "months", "snippet"):
        table.add_column(column, overflow="fold")
    for hit in document["results"]:
        first = hit["snippets"][0]["text"] if hit["snippets"] else ""
        months = hit["total_experience_months"]
        table.add_row(
            str(hit["rank"]),
            hit["candidate_id"],
            f"{hit['score']:.4f}",
            hit["headline"],
            "" if months is None else str(months),
            first,
        )
    Console().print(table)
    err.print(f"{len(document['results'])} candidates in {document['timings_ms']['total']} ms")
