"""`resume-worker rollout`: set keeps what it is not told, refuses unknown flags, variants and
out-of-range values; kill turns a flag off and marks it; status lists every shipped flag."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resume_worker.cli import app


@pytest.fixture(autouse=True)
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.startswith("RESUME_WORKER_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("RESUME_WORKER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RESUME_WORKER_LOG_FORMAT", "json")
    return tmp_path / "data"


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["rollout", *args])
    assert result.exit_code == code, result.output
    return result.stdout


def flags() -> dict[str, dict[str, object]]:
    return {row["name"]: row for row in json.loads(run("status", "--json"))}


def test_status_lists_the_shipped_flags_off_with_their_variants() -> None:
    """Before anything is set both flags show as off, with the variants this build has."""
    found = flags()
    assert found["pdf_extractor"]["state"] == "off"
    assert found["pdf_extractor"]["variants"] == ["columns", "plain"]
    assert found["analyst_model"]["variants"] == ["rules"]


def test_set_then_change_one_option_keeps_the_others() -> None:
    """A new flag takes the defaults (salt = name, control = today's default); a later set
    changes only what it names."""
    run("set", "pdf_extractor", "--state", "shadow", "--sample", "0.2", "--budget", "5")
    run("set", "pdf_extractor", "--state", "percent", "--percent", "10", "--sticky", "tenant")
    flag = flags()["pdf_extractor"]
    assert (flag["state"], flag["percent"], flag["sample"], flag["sticky"]) == (
        "percent",
        10,
        0.2,
        "tenant",
    )
    assert (flag["salt"], flag["control"], flag["candidate"], flag["cost_budget"]) == (
        "pdf_extractor",
        "columns",
        "plain",
        5.0,
    )


def test_kill_turns_off_and_marks_and_a_later_set_clears_the_mark() -> None:
    run("set", "pdf_extractor", "--state", "on")
    run("kill", "pdf_extractor")
    killed = flags()["pdf_extractor"]
    assert killed["state"] == "off" and killed["killed_at"]
    run("set", "pdf_extractor", "--state", "shadow")
    assert flags()["pdf_extractor"]["killed_at"] is None


@pytest.mark.parametrize(
    "args",
    [
        ("set", "no_such_flag", "--state", "on"),
        ("set", "pdf_extractor", "--state", "on", "--candidate", "ocr-only"),
        ("set", "pdf_extractor", "--state", "sideways"),
        ("set", "pdf_extractor", "--state", "percent", "--percent", "120"),
        ("set", "analyst_model", "--state", "shadow"),
        ("kill", "no_such_flag"),
        ("report", "no_such_flag"),
    ],
)
def test_bad_input_exits_2(args: tuple[str, ...]) -> None:
    """Unknown flags or variants, bad states, out-of-range percentages and a state that needs a
    candidate the build lacks (analyst_model with only the rules analyst) exit 2."""
    run(*args, code=2)


def test_report_on_a_flag_without_observations() -> None:
    """A report with nothing observed yet holds, and says why."""
    document = json.loads(run("report", "pdf_extractor", "--json"))
    assert document["observations"] == {"candidate": 0, "noise": 0}
    assert document["recommendation"]["action"] == "hold"
    assert "0 observations" in document["recommendation"]["reasons"][0]
