"""Shadow mode and rollout end to end: real SQLite, the loopback OpenAI server, the CLI, real
dev-set files. Shadowing stores only the control's results, costs one extra LLM call per sampled
job and nothing else; the report names the differing field; a kill reaches a running worker."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from resume_worker.cli import app
from resume_worker.cli.runner import FileResult, process_files
from resume_worker.composition.pipeline import build_services
from resume_worker.core.models import JobStatus
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.logs import configure_logging
from resume_worker.settings import Settings
from tests.e2e import SAMPLES, shared_dir
from tests.openai_server import OpenAIServer, answer

PROFILE = {
    "name": "Morgan Castillo",
    "careers": [{"company": "Dell Technologies", "position": "Project Manager", "start": "2021-01"}],
    "education": [{"school": "Texas A&M University", "end": "2012"}],
    "skills": ["Jira", "SQL"],
}  # fmt: skip
# The candidate model differs from the control in one field only.
PROFILES = {"model-a": PROFILE, "model-b": PROFILE | {"skills": ["Jira", "Kotlin"]}}
ROLLOUT_TABLES = {"rollout_flags", "rollout_decisions", "rollout_observations"}


def by_model(body: dict[str, Any]) -> dict[str, Any]:
    """One person for identity votes; each model's own profile for analyses."""
    if "how many different people" in body["messages"][0]["content"]:
        return {"people": 1}
    return PROFILES[body["model"]]


def dev_files() -> list[Path]:
    """Six dev-set resumes: English PDFs, Korean DOCX and PDF."""
    root = shared_dir("eval", "dev")
    english = sorted((root / "en").glob("*.pdf"))[:3]
    korean = [
        root / "ko" / name
        for name in (
            "ko01-table-form-classic.docx",
            "ko03-table-form-pdf.pdf",
            "ko04-markdown-backend.docx",
        )
    ]
    return english + korean


def environment(data_dir: Path, server: OpenAIServer, **extra: str) -> dict[str, str]:
    return {
        "RESUME_WORKER_DATA_DIR": str(data_dir),
        "RESUME_WORKER_LOG_FORMAT": "json",
        "RESUME_WORKER_LLM__ANALYST": "llm",
        "RESUME_WORKER_LLM__BASE_URL": server.base_url,
        "RESUME_WORKER_LLM__MODEL": "model-a",
        "RESUME_WORKER_LLM__TIMEOUT": "10",
        "RESUME_WORKER_LLM__PRICES": '{"model-a": {"input": 1.0, "output": 2.0}, "model-b": {"input": 3.0, "output": 6.0}}',
        "RESUME_WORKER_ROLLOUT__ANALYSTS": '{"b": {"model": "model-b"}}',
        "RESUME_WORKER_ROLLOUT__NOISE_RATE": "0",
    } | extra


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Sets the given environment for Settings() and the in-process CLI alike."""

    def use(values: dict[str, str]) -> None:
        for name in list(os.environ):
            if name.startswith("RESUME_WORKER_"):
                monkeypatch.delenv(name)
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return use


def cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def process(paths: list[Path]) -> list[FileResult]:
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)  # the CLI runner's stream is gone

    async def run() -> list[FileResult]:
        async with build_services(settings) as services:
            return await process_files(paths, services, settings, tenant_id="t1", reveal_pii=False)

    return asyncio.run(run())


def table_counts(data_dir: Path) -> dict[str, int]:
    with sqlite3.connect(data_dir / "resume-worker.db") as db:
        names = [row[0] for row in db.execute("select name from sqlite_master where type='table'")]
        return {name: db.execute(f'select count(*) from "{name}"').fetchone()[0] for name in names}


def stored_profiles(data_dir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(data_dir / "resume-worker.db") as db:
        return sorted(db.execute("select profile, field_confidence from candidate_versions"))


def test_analyst_model_shadow_on_the_dev_set(
    openai_server: OpenAIServer, env: Any, tmp_path: Path
) -> None:
    """Shadowing analyst_model (model-a -> model-b, differing in skills) over dev-set files
    stores exactly what the control alone stores, makes one extra LLM call per sampled job and
    no other write or charge, and the report shows skills mismatching and every other field
    matching."""
    openai_server.chat_default = answer(by_model)
    files = dev_files()
    env(environment(tmp_path / "alone", openai_server))
    alone = process(files)
    calls_alone = len(openai_server.requests_for("chat"))

    env(environment(tmp_path / "shadow", openai_server))
    cli("rollout", "set", "analyst_model", "--state", "shadow", "--candidate", "b", "--sample", "1")
    shadowed = process(files)
    calls = openai_server.requests_for("chat")[calls_alone:]

    analysed = [r for r in shadowed if r.outcome.status in (JobStatus.COMPLETED, JobStatus.PARTIAL)]
    assert len(analysed) >= 5
    extra = len(calls) - calls_alone
    assert extra == len(analysed) == sum(1 for c in calls if c.body["model"] == "model-b")
    assert [(r.outcome.status, r.outcome.usage) for r in shadowed] == [
        (r.outcome.status, r.outcome.usage) for r in alone
    ]  # the jobs' own usage (and cost) leave the shadow call out
    assert stored_profiles(tmp_path / "shadow") == stored_profiles(tmp_path / "alone")
    with_shadow, without = table_counts(tmp_path / "shadow"), table_counts(tmp_path / "alone")
    assert {t: n for t, n in with_shadow.items() if t not in ROLLOUT_TABLES} == {
        t: n for t, n in without.items() if t not in ROLLOUT_TABLES
    }
    assert without["rollout_decisions"] == without["rollout_observations"] == 0
    assert with_shadow["rollout_observations"] == len(analysed)
    assert len(list((tmp_path / "shadow" / "blobs").rglob("*"))) == len(
        list((tmp_path / "alone" / "blobs").rglob("*"))
    )

    report = json.loads(cli("rollout", "report", "analyst_model", "--json"))
    fields = report["fields"]
    assert fields["skills"]["net_match_rate"] == 0.0
    others = {name: f["net_match_rate"] for name, f in fields.items() if name != "skills"}
    assert {"name", "careers", "education"} <= set(others)
    assert set(others.values()) == {1.0}
    assert report["observations"] == {"candidate": len(analysed), "noise": 0}
    assert report["candidate_error_rate"] == 0.0
    assert report["cost"]["delta_mean"] > 0 and report["cost"]["spent"] > 0
    assert report["recommendation"]["action"] == "kill"
    print(cli("rollout", "report", "analyst_model"))


def test_pdf_extractor_shadow_and_on(env: Any, tmp_path: Path) -> None:
    """pdf_extractor end to end with the rules analyst: in shadow every PDF records a text
    comparison of the two strategies (or a noise run); `on` serves the plain strategy, whose
    reading of a two-column PDF is stored instead of the column-aware one."""
    pdfs = [path for path in dev_files() if path.suffix == ".pdf"]
    two_columns = [path for path in pdfs if "two-column" in path.name]
    env({"RESUME_WORKER_DATA_DIR": str(tmp_path / "data"), "RESUME_WORKER_LOG_FORMAT": "json"})
    cli("rollout", "set", "pdf_extractor", "--state", "shadow", "--sample", "1")
    results = process(pdfs)
    assert all(r.outcome.status is not JobStatus.FAILED for r in results)
    report = json.loads(cli("rollout", "report", "pdf_extractor", "--json"))
    assert sum(report["observations"].values()) == len(pdfs)
    assert {"text", "words", "page_count"} <= set(report["fields"])
    assert report["fields"]["page_count"]["net_match_rate"] == 1.0

    cli("rollout", "set", "pdf_extractor", "--state", "on")
    [served] = process(two_columns)
    status = json.loads(cli("rollout", "status", "--json"))
    assert {row["name"]: row["state"] for row in status} == {
        "analyst_model": "off",
        "pdf_extractor": "on",
    }
    shadowed = next(r for r in results if r.path == two_columns[0])
    with sqlite3.connect(tmp_path / "data" / "resume-worker.db") as db:
        texts = {
            record: db.execute(
                "select group_concat(text, '|') from chunks where record_id = ? and kind like 'raw%'",
                (record,),
            ).fetchone()[0]
            for record in (shadowed.outcome.record_id, served.outcome.record_id)
        }
    assert len(set(texts.values())) == 2, "the plain strategy's reading was not the one stored"


def test_kill_reaches_a_running_worker_within_seconds(
    openai_server: OpenAIServer, env: Any, tmp_path: Path
) -> None:
    """A worker processing jobs with analyst_model on (model-b serving) stops starting model-b
    analyses within rollout.refresh_s (5 s) plus one stage after `rollout kill` runs in another
    process; the measured latency is printed."""
    seen: list[tuple[float, str]] = []

    def record(body: dict[str, Any]) -> dict[str, Any]:
        seen.append((time.time(), body["model"]))
        return by_model(body)

    openai_server.chat_default = answer(record)
    values = environment(tmp_path / "data", openai_server, RESUME_WORKER_LLM__IDENTITY_VOTE="false")
    env(values)
    cli("rollout", "set", "analyst_model", "--state", "on", "--candidate", "b")
    stop = threading.Event()
    worker = threading.Thread(target=_work, args=(Settings(), stop), daemon=True)
    worker.start()
    try:
        _wait_for(lambda: any(model == "model-b" for _, model in seen), 60)
        killed = _kill_in_another_process(values)
        _wait_for(lambda: any(t > killed and m == "model-a" for t, m in seen), 30)
    finally:
        stop.set()
        worker.join(timeout=60)
    last_candidate = max(t for t, m in seen if m == "model-b")
    first_control = min(t for t, m in seen if t > killed and m == "model-a")
    print(
        f"kill latency: last candidate analysis {max(0.0, last_candidate - killed):.2f} s after"
        f" the kill, first control analysis {first_control - killed:.2f} s after"
    )
    assert last_candidate - killed < 15, "a killed flag kept serving the candidate"


def _work(settings: Settings, stop: threading.Event) -> None:
    """A worker: one job after another until told to stop."""
    data = (SAMPLES / "en-plain.txt").read_bytes()
    configure_logging(settings.log_level, settings.log_format)

    async def loop() -> None:
        async with build_services(settings) as services:
            while not stop.is_set():
                job = await accept_job(services, data, file_name="r.txt", tenant_id="t1")
                await run_job(job.id, services)

    asyncio.run(loop())


def _kill_in_another_process(values: dict[str, str]) -> float:
    """`resume-worker rollout kill analyst_model` as an operator would run it; returns the
    kill's time as stored in the flag."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_WORKER_")}
    done = subprocess.run(
        [sys.executable, "-m", "resume_worker", "rollout", "kill", "analyst_model"],
        env=environment | values, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    with sqlite3.connect(Path(values["RESUME_WORKER_DATA_DIR"]) / "resume-worker.db") as db:
        [(killed_at,)] = db.execute("select killed_at from rollout_flags").fetchall()
    return datetime.fromisoformat(killed_at).replace(tzinfo=UTC).timestamp()  # stored in UTC


def _wait_for(condition: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)
