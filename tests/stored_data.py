"""Data folders with processed resumes for the key, credit and candidate tests, and a CLI runner.

A `Store` is a data folder (keyring, blobs) plus the database its jobs write to: SQLite inside
the folder, or a database on the session's PostgreSQL server (tests/pg.py). The `store` fixture
gives an empty one of each backend. Processing costs about a second per resume (the local
embedder), so a test module builds one template store and its tests work on copies of it.
"""

from __future__ import annotations

import base64
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from resume_worker.composition.admin import AdminServices
from resume_worker.core.models import JobOutcome
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.pipeline import Services
from tests.e2e import SAMPLES, run_admin_with, run_with
from tests.pg import PgDatabase, PgServer

T = TypeVar("T")
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


BACKENDS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class Store:
    """A data folder and its database: SQLite in the folder, or `database` on PostgreSQL."""

    data: Path
    database: PgDatabase | None = None

    @property
    def backend(self) -> str:
        return "sqlite" if self.database is None else "postgresql"

    def overrides(self) -> dict[str, Any]:
        """Settings overrides that point the services at this database."""
        return {} if self.database is None else {"database": {"url": self.database.url}}

    def env(self) -> dict[str, str]:
        """The same as environment variables, for the CLI."""
        return {} if self.database is None else {"RESUME_WORKER_DATABASE__URL": self.database.url}

    def run(self, body: Callable[[Services], Awaitable[T]], **overrides: Any) -> T:
        """`body` on services built over this store (plus any other settings overrides)."""
        return run_with(self.data, body, **self.overrides(), **overrides)

    def run_admin(self, body: Callable[[AdminServices], Awaitable[T]], **overrides: Any) -> T:
        """`body` with the operator services on this store's data."""
        return run_admin_with(self.data, body, **self.overrides(), **overrides)

    def rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """The rows of `sql` (qmark placeholders on both backends); a write is committed."""
        if self.database is not None:
            return self.database.rows(sql.replace("?", "%s"), *params)
        with sqlite3.connect(self.data / "resume-worker.db") as conn:
            return [tuple(r) for r in conn.execute(sql, params)]

    def written_bytes(self) -> dict[str, bytes]:
        """Every byte this store holds: each file of the data folder (for SQLite the database,
        its WAL and journal), and for PostgreSQL a pg_dump of the database."""
        found = {
            str(path.relative_to(self.data)): path.read_bytes()
            for path in self.data.rglob("*")
            if path.is_file()
        }
        if self.database is not None:
            found["pg_dump"] = self.database.dump()
        return found

    def copy(self, target: Path) -> Store:
        """A copy of the folder and of the database (which must have no open connection)."""
        shutil.copytree(self.data, target)
        if self.database is None:
            return Store(target)
        return Store(target, self.database.server.create_database(template=self.database))


def open_store(request: pytest.FixtureRequest, data: Path) -> Store:
    """An empty store of the backend `request.param` names; its PostgreSQL database is dropped
    when the requesting fixture ends (copies go with the server, at the end of the session)."""
    if request.param == "sqlite":
        return Store(data)
    server: PgServer = request.getfixturevalue("pg_server")
    database = server.create_database()
    request.addfinalizer(lambda: server.drop_database(database))
    return Store(data, database)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """An empty store of each backend (the test runs once per backend)."""
    return open_store(request, tmp_path / "data")


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


def process_files(
    store: Store, paths: list[Path], **env: str
) -> subprocess.CompletedProcess[bytes]:
    """`resume-worker process --json PATHS` on `store` with debug logs (and `env`), checked."""
    environment = {
        **os.environ,
        **store.env(),
        "RESUME_WORKER_DATA_DIR": str(store.data),
        "RESUME_WORKER_LOG_LEVEL": "debug",
        **env,
    }
    run = subprocess.run(
        [sys.executable, "-m", "resume_worker", "process", "--json", *map(str, paths)],
        capture_output=True,
        env=environment,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    return run
