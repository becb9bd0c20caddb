"""The database part of the composition root: its URL, and the repository on a migrated database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql.engine import create_engine_for
from resume_worker.adapters.sql.migrations import upgrade_database
from resume_worker.adapters.sql.repository import SqlRepository
from resume_worker.settings import Settings


def database_url(settings: Settings) -> str:
    """The configured database URL, or SQLite (WAL) in the data folder."""
    return (
        settings.database.url or f"sqlite:///{(settings.data_dir / 'resume-worker.db').resolve()}"
    )


def open_engine(settings: Settings) -> AsyncEngine:
    """A new engine on the configured database (its owner disposes of it)."""
    return create_engine_for(
        database_url(settings), busy_timeout_s=settings.database.busy_timeout_s
    )


@asynccontextmanager
async def open_repository(
    settings: Settings, *, migrate: bool = True
) -> AsyncIterator[SqlRepository]:
    """The repository on the configured database, in a data folder that exists, closed after.
    The database is migrated first unless `migrate` is false: Alembic is not thread-safe, so a
    worker process migrates once before its threads open their own repositories."""
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True, mode=0o700)
    if migrate:
        await asyncio.to_thread(upgrade_database, database_url(settings))
    repository = SqlRepository(open_engine(settings))
    try:
        yield repository
    finally:
        await repository.close()
