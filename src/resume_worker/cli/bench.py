"""`resume-worker bench`: runs the scripts in the repository's benchmarks/ folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from resume_worker.cli.common import err

BENCHMARKS = ("event_loop", "pipeline", "extract", "analyze", "search")


def benchmarks_dir() -> Path | None:
    """benchmarks/ of the source checkout this package runs from (an editable install)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "benchmarks"
        if (candidate / "pipeline.py").is_file():
            return candidate
    return None


def run_benchmarks(name: str) -> int:
    """Run one benchmark or all of them; returns the first non-zero exit code, else 0."""
    folder = benchmarks_dir()
    if folder is None:
        err.print(
            "[red]benchmarks/ not found: run `resume-worker bench` from a source checkout[/red]"
        )
        return 2
    names = BENCHMARKS if name == "all" else (name,)
    if any(n not in BENCHMARKS for n in names):
        err.print(
            f"[red]unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)} or all[/red]"
        )
        return 2
    for bench in names:
        err.print(f"[bold]== {bench} ==[/bold]")
        code = subprocess.call(  # noqa: S603 - our own script, by a fixed name
            [sys.executable, str(folder / f"{bench}.py")], cwd=folder.parent
        )
        if code:
            return code
    return 0
