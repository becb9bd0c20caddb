"""Applies the Alembic migrations that ship inside the package."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from resume_worker.adapters.sql.engine import create_private_sqlite_file


def upgrade_database(url: str) -> None:
    """Bring the database at `url` (a sync SQLAlchemy URL) to the newest schema; idempotent.

    A database already at the head is only read: the upgrade itself takes a write lock (see
    alembic/env.py), which every worker start would otherwise wait for.
    """
    config = Config()
    config.set_main_option("script_location", "resume_worker.adapters.sql:alembic")
    config.set_main_option("sqlalchemy.url", url)
    heads = set(ScriptDirectory.from_config(config).get_heads())
    create_private_sqlite_file(url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()
    if current != heads:
        command.upgrade(config, "head")
