"""The Alembic migrations build exactly the schema the repository declares, and step back."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from resume_worker.adapters.sql_migrations import upgrade_database
from resume_worker.adapters.sql_schema import metadata
from resume_worker.adapters.sql_search import SEARCH_TABLES


def test_migrations_match_the_declared_schema(tmp_path: Path) -> None:
    """After `upgrade head` autogenerate finds nothing to change (the search migration's
    SQLite-only FTS5 and generation tables are not declared schema)."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade_database(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    search_tables = [
        d for d in differences if d[0] == "remove_table" and d[1].name in SEARCH_TABLES
    ]
    assert [d for d in differences if d not in search_tables] == []


def test_downgrade_to_the_first_revision_and_up_again(tmp_path: Path) -> None:
    """0002 drops its tables on downgrade and recreates them on upgrade."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade_database(url)
    config = Config()
    config.set_main_option("script_location", "resume_worker:migrations")
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, "0001")
    engine = create_engine(url)
    assert {"key_usage", "erasures"}.isdisjoint(inspect(engine).get_table_names())
    upgrade_database(url)
    assert {"key_usage", "erasures"} <= set(inspect(engine).get_table_names())
    engine.dispose()
