"""The database settings through the CLI: `db upgrade` on PostgreSQL, `config check` on the
accepted URL schemes, and `config show` hiding a database password."""

from __future__ import annotations

import json
from pathlib import Path

from tests.pg import PgDatabase
from tests.stored_data import cli


def test_db_upgrade_on_postgresql_creates_the_schema_once(
    pg_database: PgDatabase, tmp_path: Path
) -> None:
    """`resume-worker db upgrade` with RESUME_WORKER_DATABASE__URL builds the tables; a second
    run changes nothing."""
    env = {"RESUME_WORKER_DATABASE__URL": pg_database.url}
    for _ in range(2):
        done = cli("db", "upgrade", data_dir=tmp_path, **env)
        assert done.returncode == 0, done.stderr[-2000:]
    tables = {
        row[0]
        for row in pg_database.rows("select tablename from pg_tables where schemaname = 'public'")
    }
    assert {"jobs", "candidates", "candidate_versions", "ledger", "alembic_version"} <= tables


def test_config_accepts_sqlite_and_psycopg_urls_and_hides_the_password(tmp_path: Path) -> None:
    """postgresql+psycopg:// passes `config check` and `config show` prints it without its
    password; another scheme is named as a problem."""
    url = "postgresql+psycopg://app:s3cret-pw@db.internal:5432/resumes"
    env = {"RESUME_WORKER_DATABASE__URL": url}
    assert cli("config", "check", data_dir=tmp_path, **env).returncode == 0
    shown = cli("config", "show", data_dir=tmp_path, **env)
    assert shown.returncode == 0 and "s3cret-pw" not in shown.stdout
    database = json.loads(shown.stdout)["database"]
    assert database["effective_url"] == "postgresql+psycopg://app:***@db.internal:5432/resumes"
    bad = cli("config", "check", data_dir=tmp_path, RESUME_WORKER_DATABASE__URL="mysql://x@y/z")
    assert bad.returncode == 1 and "DATABASE__URL" in bad.stderr
