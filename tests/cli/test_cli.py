"""The command line as a user runs it: the --json contract, exit codes, config and eval."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e import SAMPLES, shared_dir

PROFILE_KEYS = {"name", "emails", "phones", "careers", "education", "skills"}


def cli(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_WORKER_")} | {
        "RESUME_WORKER_DATA_DIR": str(data_dir),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "resume_worker", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )


def test_process_json_contract_with_a_bad_file_among_good_ones(tmp_path: Path) -> None:
    """stdout is exactly one JSON array, one object per file; a PNG named .pdf is rejected
    while the others complete; PII is masked; exit code 0."""
    png = tmp_path / "photo.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    files = [
        SAMPLES / "en-one-column.pdf",
        png,
        SAMPLES / "ko-table-form.docx",
        SAMPLES / "en-plain.txt",
    ]
    run = cli("process", "--json", *map(str, files), data_dir=tmp_path / "data")
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(run.stdout)
    assert [r["file"] for r in results] == list(map(str, files))
    assert [r["status"] for r in results] == ["completed", "rejected", "completed", "completed"]
    assert results[1]["error"]["code"] in ("INVALID_FILE", "UNSUPPORTED_FORMAT")
    assert results[1]["candidate"] is None
    for result in (results[0], results[2], results[3]):
        assert set(result) == {
            "file",
            "job_id",
            "status",
            "error",
            "candidate",
            "chunks",
            "timings_ms",
        }
        candidate = result["candidate"]
        assert {"id", "version", "profile", "field_confidence", "field_sources", "warnings"} <= set(
            candidate
        )
        assert PROFILE_KEYS & set(candidate["profile"])
        assert all("*" in email for email in candidate["profile"].get("emails", []))
        assert result["chunks"] > 0


def test_reveal_pii_and_jobs_show(tmp_path: Path) -> None:
    """--reveal-pii shows values as found; `jobs show --json` returns the same document, its
    PII and file name masked unless --reveal-pii too."""
    sample = SAMPLES / "en-plain.txt"
    run = cli("process", "--json", "--reveal-pii", str(sample), data_dir=tmp_path)
    result = json.loads(run.stdout)[0]
    assert result["candidate"]["profile"]["emails"] == ["morgan.castillo@example.com"]
    shown = cli("jobs", "show", result["job_id"], "--json", data_dir=tmp_path)
    assert shown.returncode == 0
    document = json.loads(shown.stdout)
    assert document["candidate"]["id"] == result["candidate"]["id"]
    assert document["file"] == "***.txt"
    assert document["candidate"]["profile"]["emails"] == ["m***@example.com"]
    revealed = cli("jobs", "show", result["job_id"], "--json", "--reveal-pii", data_dir=tmp_path)
    document = json.loads(revealed.stdout)
    assert document["file"] == "en-plain.txt"
    assert document["candidate"]["profile"] == result["candidate"]["profile"]
    listed = cli("jobs", "list", data_dir=tmp_path)
    assert result["job_id"][:8] in listed.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    """A missing file or a bad option exits 2 without a traceback."""
    run = cli("process", str(tmp_path / "nope.pdf"), data_dir=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert (
        cli(
            "process", "--concurrency", "0", str(SAMPLES / "en-plain.txt"), data_dir=tmp_path
        ).returncode
        == 2
    )


def test_config_show_masks_secrets_and_check_lists_problems(tmp_path: Path) -> None:
    """config show hides keys and the default webhook URL's path and query; config check exits
    1 naming each problem."""
    shown = cli(
        "config",
        "show",
        data_dir=tmp_path,
        RESUME_WORKER_LLM__API_KEY="sk-secret-123",
        RESUME_WORKER_WEBHOOK__URL="https://hooks.example/in?token=hook-secret-456",
    )
    assert shown.returncode == 0 and "sk-secret-123" not in shown.stdout
    assert "hook-secret-456" not in shown.stdout
    assert json.loads(shown.stdout)["llm"]["timeout"] == 120
    assert json.loads(shown.stdout)["webhook"]["url"] == "https://hooks.example"
    ok = cli("config", "check", data_dir=tmp_path)
    assert ok.returncode == 0
    bad = cli(
        "config",
        "check",
        data_dir=tmp_path,
        RESUME_WORKER_ENV="production",
        RESUME_WORKER_QUEUE__BROKER_URL="kafka://x",
    )
    assert bad.returncode == 1
    assert "CRYPTO__KEYS" in bad.stderr and "BROKER_URL" in bad.stderr


def test_db_upgrade_is_idempotent(tmp_path: Path) -> None:
    """db upgrade creates the schema and can run again."""
    assert cli("db", "upgrade", data_dir=tmp_path).returncode == 0
    assert cli("db", "upgrade", data_dir=tmp_path).returncode == 0
    assert (tmp_path / "resume-worker.db").is_file()


def test_eval_on_samples_prints_scores(tmp_path: Path) -> None:
    """eval scores every gold document and --json prints the report."""
    run = cli("eval", str(SAMPLES), "--json", data_dir=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["documents"] == len(list(SAMPLES.glob("*.gold.json")))
    assert report["fields"]["emails"]["score"] >= 0.9
    assert report["fields"]["profile_rate"]["score"] == 1.0
    assert set(report["by_language"]) == {"en", "ko"}
    assert report["by_format"]["pdf"]["documents"] == len(list(SAMPLES.glob("*.pdf.gold.json")))


@pytest.mark.slow
def test_eval_on_dev_set(tmp_path: Path) -> None:
    """The dev set evaluates end to end (scores are reported, not gated here)."""
    dev = shared_dir("eval", "dev")
    run = cli("eval", str(dev), "--json", data_dir=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["documents"] == 47
    assert report["fields"]["error_codes"]["n"] == 6


def test_eval_puts_sets_side_by_side_with_template_families(tmp_path: Path) -> None:
    """Several folders are several sets: --json has each under by_set, and the families a
    corpus manifest gives (the manifest sits above the split folders) under by_family."""
    out = tmp_path / "out"
    entries = []
    for split, name in (("train", "en-plain.txt"), ("test", "ko-markdown.md")):
        folder = out / split / "plain"
        folder.mkdir(parents=True)
        for suffix in ("", ".gold.json"):
            shutil.copy(SAMPLES / f"{name}{suffix}", folder / f"{name}{suffix}")
        entries.append({"path": f"{split}/plain/{name}", "family": "plain"})
    (out / "manifest.json").write_text(json.dumps({"documents": entries}))
    run = cli("eval", str(out / "train"), str(out / "test"), "--json", data_dir=tmp_path / "d")
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["documents"] == 2
    assert {name: r["documents"] for name, r in report["by_set"].items()} == {"train": 1, "test": 1}
    assert set(report["by_family"]) == {"plain"}
    assert report["by_set"]["test"]["fields"]["name"]["score"] == 1.0
