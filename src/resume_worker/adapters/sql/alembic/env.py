"""Alembic environment: runs migrations on the connection or URL the caller configured.

All of an upgrade (reading the current revision, every step, writing the new one) is one
transaction that first takes a write lock, so workers that start together on a new database
migrate one after another and the later ones find the head already there: an advisory lock on
PostgreSQL (transactional DDL), BEGIN IMMEDIATE on SQLite (whose DDL is transactional too once
the driver stops managing transactions).
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import Connection

from resume_worker.adapters.sql.locks import lock_key
from resume_worker.adapters.sql.schema import metadata

config = context.config
SQLITE_LOCK_WAIT_S = 60


def run_on(conn: Connection) -> None:
    context.configure(
        connection=conn,
        target_metadata=metadata,
        render_as_batch=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(lock_key("migrations"))))
        context.run_migrations()


def engine_for(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url)
    engine = create_engine(url, connect_args={"timeout": SQLITE_LOCK_WAIT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        # As on the app's engines: the pages of a table a batch migration rebuilds are zeroed,
        # not left in the file with the rows they held.
        dbapi_connection.execute("PRAGMA secure_delete=ON")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    engine = engine_for(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        run_on(conn)
    engine.dispose()
