"""`resume-worker rollout status|set|kill|report`: the shipped flags, their state and what their
shadow runs found (DESIGN §2)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from resume_worker.cli.common import err, load_settings
from resume_worker.core.flags import Flag
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.core.ports.rollout import FlagStore
    from resume_worker.settings import Settings

app = typer.Typer(help="Rollout flags: status, set, kill, report.", no_args_is_help=True)
T = TypeVar("T")
JsonOption = Annotated[bool, typer.Option("--json", help="JSON on stdout.")]


def _with_store(settings: Settings, use: Callable[[FlagStore], Awaitable[T]]) -> T:
    from resume_worker.composition.pipeline import build_services  # noqa: PLC0415 - every adapter

    async def run() -> T:
        async with build_services(settings) as services:
            assert services.rollout is not None  # build_services always builds one
            return await use(services.rollout.store)

    return run_async(run())


def _variants(settings: Settings, name: str) -> tuple[str, ...]:
    """The flag's variants (today's default first), or exit 2 for a flag this build lacks."""
    from resume_worker.composition.rollout import flag_variants  # noqa: PLC0415 - the adapters

    variants = flag_variants(settings)
    if name not in variants:
        err.print(f"[red]unknown flag {name}; the shipped flags are {', '.join(variants)}[/red]")
        raise typer.Exit(2)
    return variants[name]


def _document(flag: Flag, spent: float, variants: tuple[str, ...]) -> dict[str, Any]:
    document = asdict(flag) | {"spent": round(spent, 8), "variants": list(variants)}
    for key in ("killed_at", "updated_at"):
        document[key] = document[key].isoformat(timespec="seconds") if document[key] else None
    return document


@app.command("status")
def status(json_output: JsonOption = False) -> None:
    """Every shipped flag with its state (a flag never set is off)."""
    from resume_worker.composition.rollout import flag_variants  # noqa: PLC0415 - the adapters

    settings = load_settings()

    async def read(store: FlagStore) -> tuple[dict[str, Flag], dict[str, float]]:
        return await store.flags(), await store.spent()

    flags, spent = _with_store(settings, read)
    rows = [
        _document(flags.get(name) or Flag(name, name), spent.get(name, 0.0), variants)
        for name, variants in flag_variants(settings).items()
    ]
    if json_output:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title="rollout flags")
    for column in ("flag", "state", "control -> candidate", "sample", "spent / budget", "killed"):
        table.add_column(column)
    for row in rows:
        state = f"percent {row['percent']}%" if row["state"] == "percent" else row["state"]
        budget = "-" if row["cost_budget"] is None else f"{row['cost_budget']:g}"
        table.add_row(
            f"{row['name']} ({row['sticky']})",
            state,
            f"{row['control'] or '-'} -> {row['candidate'] or '-'}",
            f"{row['sample']:g}",
            f"{row['spent']:g} / {budget}",
            row["killed_at"] or "",
        )
    Console().print(table)


@app.command("set")
def set_flag(
    name: Annotated[str, typer.Argument(help="analyst_model or pdf_extractor.")],
    *,
    state: Annotated[str, typer.Option(help="off, shadow, percent or on.")],
    percent: Annotated[int | None, typer.Option(min=0, max=100, help="With percent.")] = None,
    sample: Annotated[float | None, typer.Option(min=0, max=1, help="Shadow share.")] = None,
    sticky: Annotated[str | None, typer.Option(help="tenant or job.")] = None,
    control: Annotated[str | None, typer.Option(help="Control variant.")] = None,
    candidate: Annotated[str | None, typer.Option(help="Candidate variant.")] = None,
    salt: Annotated[str | None, typer.Option(help="Bucket salt (default: flag name).")] = None,
    budget: Annotated[float | None, typer.Option(min=0, help="Shadow cost budget.")] = None,
) -> None:
    """Create or change a flag; options not given keep their value (new flags: salt = name,
    sticky job, control = today's default, candidate = the other variant, sample 0.1)."""
    settings = load_settings()
    variants = _variants(settings, name)
    flags = _with_store(settings, lambda store: store.flags())
    given = {"state": state, "percent": percent, "sample": sample, "sticky": sticky}
    given |= {"control": control, "candidate": candidate, "salt": salt, "cost_budget": budget}
    flag = _updated(flags.get(name) or _new_flag(name, variants), given, variants)
    _with_store(settings, lambda store: store.save_flag(flag))
    err.print(f"{name}: {flag.state}" + (f" {flag.percent}%" if flag.state == "percent" else ""))


def _new_flag(name: str, variants: tuple[str, ...]) -> Flag:
    others = [variant for variant in variants if variant != variants[0]]
    return Flag(name, name, control=variants[0], candidate=others[0] if others else "", sample=0.1)


def _updated(flag: Flag, given: dict[str, Any], variants: tuple[str, ...]) -> Flag:
    """The flag with the given options; a variant this build lacks, or values out of range,
    exit 2. Turning a killed flag on again clears its kill."""
    changes = {key: value for key, value in given.items() if value is not None}
    named = [changes[key] for key in ("control", "candidate") if key in changes]
    unknown = [variant for variant in named if variant not in variants]
    if unknown:
        err.print(f"[red]unknown variant {unknown[0]}; this flag has {', '.join(variants)}[/red]")
        raise typer.Exit(2)
    if changes["state"] != "off":
        changes["killed_at"] = None
    try:
        return replace(flag, **changes)
    except (ValueError, TypeError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@app.command("kill")
def kill(name: Annotated[str, typer.Argument(help="The flag to turn off now.")]) -> None:
    """Turn a flag off and mark it killed: running workers serve today's default from their
    next stage boundary on (within rollout.refresh_s), and every retry does too."""
    settings = load_settings()
    variants = _variants(settings, name)
    flags = _with_store(settings, lambda store: store.flags())
    flag = flags.get(name) or _new_flag(name, variants)
    killed = replace(flag, state="off", killed_at=datetime.now(UTC))
    _with_store(settings, lambda store: store.save_flag(killed))
    err.print(f"{name} killed: workers switch within {settings.rollout.refresh_s:g} s")


@app.command("report")
def report(
    name: Annotated[str, typer.Argument(help="The flag to report on.")],
    json_output: JsonOption = False,
) -> None:
    """What the flag's shadow runs found: field match rates net of the control's own noise,
    candidate errors, latency and cost deltas, and raise / hold / kill with its thresholds."""
    from resume_worker.rollout.report import build_report  # noqa: PLC0415 - the rollout

    settings = load_settings()
    variants = _variants(settings, name)

    async def read(store: FlagStore) -> dict[str, Any]:
        flag = (await store.flags()).get(name) or _new_flag(name, variants)
        spent = (await store.spent()).get(name, 0.0)
        found = await store.observations(name)
        return build_report(flag, found, await store.decision_counts(name), spent)

    document = _with_store(settings, read)
    if json_output:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    print_report(document, Console())


def print_report(document: dict[str, Any], console: Console) -> None:
    """The report for a terminal: a table of fields, then errors, latency, cost and the advice."""
    flag, counts = document["flag"], document["observations"]
    console.print(
        f"[bold]{flag['name']}[/bold] {flag['state']}: {flag['control']} -> {flag['candidate']}"
        f"  observations {counts['candidate']} (+{counts['noise']} noise runs)"
        "  decisions: " + ", ".join(f"{k} {v}" for k, v in document["decisions"].items())
    )
    table = Table(title="field match rates (net = candidate + the control's own mismatch)")
    for column in ("field", "compared", "match", "noise match", "net match"):
        table.add_column(column)
    for field, row in document["fields"].items():
        rates = (row["match_rate"], row["noise_match_rate"], row["net_match_rate"])
        table.add_row(field, str(row["compared"]), *(f"{rate:.1%}" for rate in rates))
    console.print(table)
    latency, cost = document["latency_ms"], document["cost"]
    console.print(
        f"candidate errors {document['candidate_error_rate']:.1%} {document['candidate_errors']}\n"
        f"latency ms p50/p95: control {latency['control']['p50']}/{latency['control']['p95']}"
        f", candidate {latency['candidate']['p50']}/{latency['candidate']['p95']}"
        f", delta {latency['delta']['p50']}/{latency['delta']['p95']}\n"
        f"cost mean: control {cost['control']['mean']}, candidate {cost['candidate']['mean']}"
        f", delta {cost['delta_mean']}; spent {cost['spent']} of budget {cost['budget']}"
    )
    advice = document["recommendation"]
    console.print(
        f"[bold]recommendation: {advice['action']}[/bold] " + "; ".join(advice["reasons"])
    )
    rules = ", ".join(f"{key}={value:g}" for key, value in advice["thresholds"].items())
    console.print(f"thresholds: {rules}")
