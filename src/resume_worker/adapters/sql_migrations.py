"""Applies the Alembic migrations that ship inside the package."""

from __future__ import annotations

from alembic import command
from alembic.config import Config


def upgrade_database(url: str) -> None:
    """Bring the database at `url` (a sync SQLAlchemy URL) to the newest schema; idempotent."""
    config = Config()
    config.set_main_option("script_location", "resume_worker:migrations")
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")
