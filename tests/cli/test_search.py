"""`resume-worker search` and `reembed` as a user runs them: the --json contract (stdout holds
exactly one JSON document), tenant scoping, filters and usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import cli
from tests.e2e import SAMPLES

RESULT_KEYS = {
    "rank",
    "candidate_id",
    "version",
    "record_id",
    "score",
    "scores",
    "headline",
    "total_experience_months",
    "skills",
    "snippets",
}


@pytest.mark.slow
def test_search_and_reembed_json_contract(tmp_path: Path) -> None:
    """After processing two resumes: search --json prints one document with one entry per
    candidate; filters narrow it; another tenant sees nothing; reembed --json reports."""
    data = tmp_path / "data"
    files = [str(SAMPLES / "ko-developer.pdf"), str(SAMPLES / "en-one-column.pdf")]
    assert cli("process", "--json", "--tenant", "acme", *files, data_dir=data).returncode == 0

    run = cli("search", "백엔드개발자 Kafka", "--tenant", "acme", "--json", data_dir=data)
    assert run.returncode == 0, run.stderr[-2000:]
    document = json.loads(run.stdout)
    assert document["tenant"] == "acme" and document["mode"] == "hybrid"
    assert len(document["results"]) == 2
    assert all(set(hit) == RESULT_KEYS for hit in document["results"])
    assert document["results"][0]["snippets"] and "total" in document["timings_ms"]

    narrow = cli(
        "search", "Kafka", "--tenant", "acme", "--min-months", "1", "--skill", "terraform",
        "--top", "5", "--json", data_dir=data,
    )  # fmt: skip
    assert narrow.returncode == 0, narrow.stderr[-2000:]
    skilled = json.loads(narrow.stdout)["results"]
    assert len(skilled) == 1 and "Terraform" in skilled[0]["skills"]

    elsewhere = cli("search", "Kafka", "--tenant", "other", "--json", data_dir=data)
    assert json.loads(elsewhere.stdout)["results"] == []

    again = cli("reembed", "--json", data_dir=data)
    assert again.returncode == 0, again.stderr[-2000:]
    assert json.loads(again.stdout)["embedded"] == 0
    every = json.loads(cli("reembed", "--all", "--json", data_dir=data).stdout)
    assert every["embedded"] > 0 and every["batches"] >= 1


def test_search_usage_errors_exit_2(tmp_path: Path) -> None:
    """An empty query or an unknown mode is a usage error (exit 2) with nothing on stdout."""
    for args in (("search", "  ", "--json"), ("search", "x", "--mode", "fuzzy", "--json")):
        run = cli(*args, data_dir=tmp_path / "data")
        assert run.returncode == 2 and run.stdout == ""
