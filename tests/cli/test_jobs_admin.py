"""`resume-worker jobs failed|retry` in the embedded runtime (no broker): a dead letter is listed
and retried in the command's own process; usage errors exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.e2e import REPO, SAMPLES
from tests.openai_server import OpenAIServer, answer, status
from tests.queues import loopback_embeddings

PROFILE = {"name": "Morgan Castillo", "emails": ["[EMAIL_1]"], "phones": ["[PHONE_1]"]}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "resume_worker", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=180,
        check=False,
    )


def test_failed_job_retried_without_a_broker(openai_server: OpenAIServer, tmp_path: Path) -> None:
    """`process` ends a job failed on an LLM 400; `jobs retry` runs it again here to completed
    and `jobs failed` is empty after."""
    openai_server.chat_default = answer(PROFILE)
    openai_server.script("chat", status(400))
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_WORKER_")} | {
        "RESUME_WORKER_DATA_DIR": str(tmp_path / "data"),
        "RESUME_WORKER_LOG_FORMAT": "json",
        "RESUME_WORKER_LLM__ANALYST": "llm",
        "RESUME_WORKER_LLM__BASE_URL": openai_server.base_url,
        "RESUME_WORKER_LLM__MODEL": "test-model",
        "RESUME_WORKER_LLM__RETRIES": "0",
        "RESUME_WORKER_LLM__IDENTITY_VOTE": "false",
        **loopback_embeddings(openai_server),
    }
    processed = run(env, "process", "--json", str(SAMPLES / "en-plain.txt"))
    (result,) = json.loads(processed.stdout)
    assert result["status"] == "failed" and result["error"]["code"] == "ANALYSIS_FAILED"
    (letter,) = json.loads(run(env, "jobs", "failed", "--json").stdout)
    assert letter["job_id"] == result["job_id"]

    retried = run(env, "jobs", "retry", result["job_id"])
    assert retried.returncode == 0, retried.stderr
    shown = json.loads(run(env, "jobs", "show", "--json", result["job_id"]).stdout)
    assert shown["status"] == "completed"
    assert json.loads(run(env, "jobs", "failed", "--json").stdout) == []
    again = run(env, "jobs", "retry", result["job_id"])
    assert again.returncode == 1 and again.stdout.split() == [result["job_id"], "not_failed"]


def test_retry_needs_ids_or_all(tmp_path: Path) -> None:
    """Neither ids nor --all, or both: a usage error (exit 2)."""
    env = os.environ | {"RESUME_WORKER_DATA_DIR": str(tmp_path / "data")}
    assert run(env, "jobs", "retry").returncode == 2
    assert run(env, "jobs", "retry", "some-id", "--all").returncode == 2
