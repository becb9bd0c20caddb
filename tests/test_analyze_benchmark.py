"""benchmarks/analyze.py runs from a checkout and prints both analysts' figures."""

from __future__ import annotations

import subprocess
import sys

from tests.e2e import REPO, SAMPLES


def test_analyze_benchmark_prints_rules_and_llm_rows() -> None:
    """One run per sample document: a header, a `rules` row and a loopback `llm` row."""
    run = subprocess.run(
        [sys.executable, "benchmarks/analyze.py", "--runs", "1", "--dir", str(SAMPLES)],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    rows = {line.split()[0]: line.split()[1:] for line in run.stdout.splitlines() if line}
    assert int(rows["rules"][0]) >= 5 and float(rows["rules"][1]) > 0
    assert rows["llm"][0] == rows["rules"][0] and float(rows["llm"][2]) > 0
