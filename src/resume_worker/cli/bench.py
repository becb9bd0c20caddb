"""`resume-worker bench`: runs the scripts in the repository's benchmarks/ folder."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from resume_worker.cli.common import err

BENCHMARKS = ("event_loop", "pipeline", "extract", "analyze", "search", "throughput")
# The benchmarks that need a service of this machine: name -> (what, host, port).
NEEDS = {"throughput": ("Redis (the broker of its worker)", "127.0.0.1", 6379)}


def benchmarks_dir() -> Path | None:
    """benchmarks/ of the source checkout this package runs from (an editable install)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "benchmarks"
        if (candidate / "pipeline.py").is_file():
            return candidate
    return None


def missing_service(bench: str) -> str | None:
    """Why `bench` cannot run here (the service it needs does not answer), else None."""
    if bench not in NEEDS:
        return None
    what, host, port = NEEDS[bench]
    try:
        with socket.create_connection((host, port), timeout=1):
            return None
    except OSError:
        return f"{bench} needs {what} on {host}:{port}, which does not answer: start it first"


def run_benchmarks(name: str) -> int:
    """Run one benchmark or all of them; returns the first non-zero exit code, else 0. With
    `all`, a benchmark whose service does not answer is skipped with a note; named alone, it
    fails (exit 2)."""
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
        missing = missing_service(bench)
        if missing is not None and name == "all":
            err.print(f"[yellow]skipped: {missing}[/yellow]")
            continue
        if missing is not None:
            err.print(f"[red]{missing}[/red]")
            return 2
        code = subprocess.call(  # noqa: S603 - our own script, by a fixed name
            [sys.executable, str(folder / f"{bench}.py")], cwd=folder.parent
        )
        if code:
            return code
    return 0
