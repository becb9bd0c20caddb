"""Data folders with processed resumes for the key, credit and candidate tests, and a CLI runner.

Processing costs about a second per resume (the local embedder), so each test module builds one
template folder and its tests work on copies of it.
"""

from __future__ import annotations

import base64
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resume_worker.job_runner import accept_job, run_job
from resume_worker.models import JobOutcome
from resume_worker.pipeline import Services
from tests.e2e import SAMPLES

EN_PLAIN = (SAMPLES / "en-plain.txt").read_bytes()
# The same resume for another person: other name, e-mail and phone.
OTHER_PERSON = (
    EN_PLAIN.replace(b"MORGAN CASTILLO", b"RILEY NAKAMURA")
    .replace(b"morgan.castillo", b"riley.nakamura")
    .replace(b"512-555-0163", b"415-555-0199")
)


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@dataclass(frozen=True)
class Keys:
    """Two data keys and two blind-index keys, random per test session."""

    k1: str
    k2: str
    blind1: str
    blind2: str

    def crypto(self, spec: str, primary: str, blind: str, **extra: Any) -> dict[str, Any]:
        """Settings overrides for the `crypto` group."""
        return {"keys": spec, "primary_key_id": primary, "blind_index_key": blind, **extra}

    def env(self, spec: str, primary: str, blind: str) -> dict[str, str]:
        """The same as environment variables, for the CLI."""
        return {
            "RESUME_WORKER_CRYPTO__KEYS": spec,
            "RESUME_WORKER_CRYPTO__PRIMARY_KEY_ID": primary,
            "RESUME_WORKER_CRYPTO__BLIND_INDEX_KEY": blind,
        }


def make_keys() -> Keys:
    return Keys(new_key(), new_key(), new_key(), new_key())


async def submit(
    services: Services, data: bytes, name: str = "resume.txt", tenant: str = "t1"
) -> JobOutcome:
    job = await accept_job(services, data, file_name=name, tenant_id=tenant)
    return await run_job(job.id, services)


def copy_data(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


def rows(data_dir: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data_dir / "resume-worker.db") as conn:
        return [tuple(r) for r in conn.execute(sql, params)]


def execute(data_dir: Path, sql: str, *params: object) -> None:
    with sqlite3.connect(data_dir / "resume-worker.db") as conn:
        conn.execute(sql, params)


def cli(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m resume_worker ARGS` with only the given RESUME_WORKER_ variables set."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_WORKER_")} | {
        "RESUME_WORKER_DATA_DIR": str(data_dir),
        "RESUME_WORKER_LOG_FORMAT": "json",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "resume_worker", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
