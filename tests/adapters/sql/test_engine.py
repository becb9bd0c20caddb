"""The SQLite database the engines create is private: the file, its WAL and its shared-memory
index are readable by their owner only, whatever the process umask lets through."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from resume_worker.adapters.sql.engine import (
    WRITE_OPTION,
    create_engine_for,
    create_private_sqlite_file,
)
from resume_worker.adapters.sql.migrations import upgrade_database


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The common umask 022, under which SQLite alone would create files readable by all."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_database_wal_and_shm_are_created_owner_only(tmp_path: Path) -> None:
    """Migrating a new database, then writing through the engine: the database, -wal and -shm
    files all have mode 0600 (SQLite copies the database file's mode to the files beside it)."""
    path = tmp_path / "resume-worker.db"
    url = f"sqlite:///{path}"
    upgrade_database(url)

    async def write_and_look() -> dict[str, int]:
        engine = create_engine_for(url, busy_timeout_s=5)
        try:
            async with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
                await conn.execute(text("CREATE TABLE scratch (x INTEGER)"))
                await conn.execute(text("INSERT INTO scratch VALUES (1)"))
            names = ("resume-worker.db", "resume-worker.db-wal", "resume-worker.db-shm")
            return {name: mode(tmp_path / name) for name in names}  # while open: WAL in use
        finally:
            await engine.dispose()

    assert asyncio.run(write_and_look()) == dict.fromkeys(
        ("resume-worker.db", "resume-worker.db-wal", "resume-worker.db-shm"), 0o600
    )


@pytest.mark.usefixtures("open_umask")
def test_the_async_engine_alone_creates_a_private_file(tmp_path: Path) -> None:
    """An engine opened on a database no migration created yet makes the file 0600 too."""
    path = tmp_path / "fresh.db"

    async def connect() -> None:
        engine = create_engine_for(f"sqlite:///{path}", busy_timeout_s=5)
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        await engine.dispose()

    asyncio.run(connect())
    assert mode(path) == 0o600


def test_existing_files_and_other_urls_are_left_alone(tmp_path: Path) -> None:
    """An existing database keeps its mode and bytes; in-memory, PostgreSQL and a missing folder
    create nothing."""
    existing = tmp_path / "old.db"
    existing.write_bytes(b"x")
    existing.chmod(0o640)
    create_private_sqlite_file(f"sqlite:///{existing}")
    assert (mode(existing), existing.read_bytes()) == (0o640, b"x")
    for url in (
        "sqlite://",
        "sqlite:///:memory:",
        "postgresql+psycopg://u@/db",
        f"sqlite:///{tmp_path / 'nope' / 'x.db'}",
    ):
        create_private_sqlite_file(url)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.db"]
