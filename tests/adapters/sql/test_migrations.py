"""The Alembic migrations build exactly the schema the repository declares, on SQLite and on
PostgreSQL alike, step back, and can run from several processes at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from resume_worker.adapters.sql.migrations import upgrade_database
from resume_worker.adapters.sql.schema import metadata
from resume_worker.adapters.sql.search_sqlite.index import SEARCH_TABLES
from tests.pg import PgDatabase, PgServer
from tests.stored_data import BACKENDS


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each backend, as a SQLAlchemy URL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite'}"
    server: PgServer = request.getfixturevalue("pg_server")
    database = server.create_database()
    request.addfinalizer(lambda: server.drop_database(database))
    return database.url


def test_migrations_match_the_declared_schema(url: str) -> None:
    """After `upgrade head` autogenerate finds nothing to change (the search migrations' tables
    and their indexes, FTS5 on SQLite and pgvector/full text on PostgreSQL, are not declared
    schema)."""
    upgrade_database(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    search_tables = [
        d
        for d in differences
        if (d[0] == "remove_table" and d[1].name in SEARCH_TABLES)
        or (d[0] == "remove_index" and d[1].table.name in SEARCH_TABLES)
    ]
    assert [d for d in differences if d not in search_tables] == []


def test_downgrade_to_the_first_revision_and_up_again(url: str) -> None:
    """0002 drops its tables on downgrade and recreates them on upgrade."""
    upgrade_database(url)
    config = Config()
    config.set_main_option("script_location", "resume_worker.adapters.sql:alembic")
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, "0001")
    engine = create_engine(url)
    assert {"key_usage", "erasures"}.isdisjoint(inspect(engine).get_table_names())
    upgrade_database(url)
    assert {"key_usage", "erasures"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_workers_starting_together_migrate_once(url: str) -> None:
    """Three processes upgrading an empty database at the same moment all succeed and leave
    the head (Alembic keeps its context in module globals: one upgrade per process)."""
    script = "import sys; from resume_worker.adapters.sql.migrations import upgrade_database as u; u(sys.argv[1])"
    workers = [subprocess.Popen([sys.executable, "-c", script, url]) for _ in range(3)]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0]
    config = Config()
    config.set_main_option("script_location", "resume_worker.adapters.sql:alembic")
    head = ScriptDirectory.from_config(config).get_current_head()
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).all() == [(head,)]
    engine.dispose()


def test_vector_extension_is_available_on_the_test_server(pg_database: PgDatabase) -> None:
    """The test server ships pgvector: CREATE EXTENSION vector works and distances compute."""
    pg_database.rows("CREATE EXTENSION IF NOT EXISTS vector")
    assert pg_database.rows("SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector") == [(1.0,)]
    assert pg_database.rows("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
