"""The committed slice of the corpus (tests/corpus_slice/: a few documents of every template
family, both splits, with exact gold) through the real pipeline: every document ends in a defined
state, none with INTERNAL_ERROR, and each field scores at least its floor (the floors rise as the
analyst improves; they are never lowered to make a change pass)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.stored_data import cli

SLICE = Path(__file__).resolve().parent / "corpus_slice"
# Per split: the scores of the analyst when the slice was cut, rounded down to 0.05, less 0.05.
FLOORS: dict[str, dict[str, float]] = {
    "train": {
        "name": 0.75,
        "emails": 0.85,
        "phones": 0.85,
        "birth_year": 0.6,
        "companies": 0.8,
        "positions": 0.65,
        "career_start": 0.85,
        "career_end": 0.85,
        "schools": 0.8,
        "degrees": 0.95,
        "majors": 0.65,
        "skills": 0.7,
        "error_codes": 0.45,
        "profile_rate": 0.85,
    },
    "test": {
        "name": 0.7,
        "emails": 0.85,
        "phones": 0.85,
        "birth_year": 0.75,
        "companies": 0.65,
        "positions": 0.8,
        "career_start": 0.85,
        "career_end": 0.85,
        "schools": 0.8,
        "degrees": 0.95,
        "majors": 0.75,
        "skills": 0.75,
        "error_codes": 0.45,
        "profile_rate": 0.95,
    },
}


@pytest.mark.slow
def test_corpus_slice_scores_at_least_its_floors(tmp_path: Path) -> None:
    """Both splits of the slice evaluate end to end and meet the per-field floors."""
    run = cli("eval", str(SLICE / "train"), str(SLICE / "test"), "--json", data_dir=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    manifest = json.loads((SLICE / "manifest.json").read_text(encoding="utf-8"))
    assert report["documents"] == len(manifest["documents"])
    assert set(report["by_family"]) == {d["family"] for d in manifest["documents"]}
    internal = [e for e in report["errors"] if e.get("got") == "INTERNAL_ERROR"]
    assert internal == []
    for split, floors in FLOORS.items():
        fields = report["by_set"][split]["fields"]
        below = {
            name: (fields[name]["score"], floor)
            for name, floor in floors.items()
            if fields[name]["score"] is not None and fields[name]["score"] < floor
        }
        assert below == {}, f"{split}: (score, floor) below the floor: {below}"
