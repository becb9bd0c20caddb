"""After a full run, no file in the data folder and no log line holds PII in plaintext."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e import SAMPLES, shared_dir


def documents() -> list[Path]:
    found = sorted(
        p.with_name(p.name.removesuffix(".gold.json")) for p in SAMPLES.glob("*.gold.json")
    )
    dev = shared_dir("eval", "dev")
    return found + sorted(
        p.with_name(p.name.removesuffix(".gold.json")) for p in dev.rglob("*.gold.json")
    )


def secrets_of(document: Path) -> set[str]:
    gold = json.loads(document.with_name(document.name + ".gold.json").read_text(encoding="utf-8"))
    profile = gold.get("profile") or {}
    values = {document.name, document.stem}
    if profile.get("name") and len(profile["name"]) >= 3:
        values.add(profile["name"])
    values.update(profile.get("emails", []))
    for phone in profile.get("phones", []):
        values.add(phone)
        values.add(re.sub(r"\D", "", phone))
    return {v for v in values if len(v) >= 3}


@pytest.mark.slow
def test_no_pii_in_data_folder_or_logs(tmp_path: Path) -> None:
    """Grep every byte written (database, WAL, blobs, keyring) and every log line."""
    docs = documents()
    env = {
        **os.environ,
        "RESUME_WORKER_DATA_DIR": str(tmp_path / "data"),
        "RESUME_WORKER_LOG_LEVEL": "debug",
    }
    run = subprocess.run(
        [sys.executable, "-m", "resume_worker", "process", "--json", *map(str, docs)],
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    results = json.loads(run.stdout)
    assert len(results) == len(docs)
    assert sum(r["status"] == "completed" for r in results) >= len(docs) // 2
    blobs = {p: p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file()}
    assert any(p.name.endswith(".db") for p in blobs)
    logs = run.stderr
    assert b"job started" in logs
    leaks = []
    for document in docs:
        for secret in secrets_of(document):
            needle = secret.encode("utf-8")
            leaks += [f"{path.name}" for path, data in blobs.items() if needle in data]
            if needle in logs:
                leaks.append("logs")
    assert leaks == []
