"""After a full run, no file in the data folder and no log line holds PII in plaintext."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.e2e import SAMPLES, shared_dir
from tests.stored_data import Store, cli, process_files


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


def copy_under_persons_name(documents: list[Path], folder: Path) -> tuple[Path, str]:
    """The first dev-set document whose person has a name, copied as "<name>.<ext>" (a file
    name is PII too); returns the copy and the name."""
    for document in documents:
        gold = json.loads(document.with_name(document.name + ".gold.json").read_text("utf-8"))
        name = (gold.get("profile") or {}).get("name") or ""
        if len(name) >= 3 and SAMPLES not in document.parents:
            folder.mkdir(parents=True, exist_ok=True)
            copy = folder / f"{name}{document.suffix}"
            shutil.copyfile(document, copy)
            return copy, name
    raise AssertionError("no named document in the dev set")


@pytest.mark.slow
def test_no_pii_in_data_folder_database_or_logs(store: Store, tmp_path: Path) -> None:
    """Process the samples and the dev set, one file again under its person's name, then grep
    every byte written (SQLite database, WAL and journal, or a pg_dump of the PostgreSQL
    database; blobs; keyring) and every log line for each phone, e-mail, name and file name.
    `candidates show --reveal-pii` still shows the person."""
    docs = documents()
    named, person = copy_under_persons_name(docs, tmp_path / "named")
    run = process_files(store, [*docs, named])
    results = json.loads(run.stdout)
    assert len(results) == len(docs) + 1
    assert sum(r["status"] == "completed" for r in results) >= len(docs) // 2
    written = store.written_bytes()
    assert any(name.endswith(".db") for name in written) or "pg_dump" in written
    logs = run.stderr
    assert b"job started" in logs
    secrets = {named.name, named.stem}.union(*map(secrets_of, docs))
    leaks = []
    for secret in sorted(secrets):
        needle = secret.encode("utf-8")
        leaks += [f"{name}: {secret}" for name, data in written.items() if needle in data]
        if needle in logs:
            leaks.append(f"logs: {secret}")
    assert leaks == []

    (candidate,) = [r["candidate"]["id"] for r in results if r["file"] == str(named)]
    shown = cli(
        "candidates",
        "show",
        candidate,
        "--reveal-pii",
        "--json",
        data_dir=store.data,
        **store.env(),
    )
    assert json.loads(shown.stdout)["profile"]["name"] == person, shown.stderr[-2000:]
