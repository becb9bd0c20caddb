"""Engines for the configured database URL: SQLite or PostgreSQL set up to behave alike, with
transient driver failures turned into our RetryableError where they happen."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.engine import Connection, ExceptionContext
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from resume_worker.adapters.error_map import RETRYABLE_FAILURES, classify, to_worker_error
from resume_worker.adapters.sql.sqlite_driver import OneTripDbapi, begin_deferred, compiled_cache

WRITE_OPTION = "resume_worker_write"
# WRITE_OPTION's value for a transaction of exactly one statement, a read or a write: on SQLite
# it runs without BEGIN, atomic on its own (SQLite's autocommit), so it needs no COMMIT or
# ROLLBACK, and a write holds SQLite's write lock only while it executes rather than until the
# event loop gets round to sending COMMIT. A second statement in it raises.
ONE_STATEMENT = "one statement"
# A new SQLite database file is readable by its owner only (it holds ciphertexts, blind indexes
# and job metadata); SQLite gives the -wal and -shm files it makes beside it the same mode.
SQLITE_FILE_MODE = 0o600


def async_url(url: str) -> str:
    """The async driver URL for a configured database URL (psycopg serves both)."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    return url


def create_private_sqlite_file(url: str) -> None:
    """Create the database file of a `sqlite:///PATH` URL with SQLITE_FILE_MODE before SQLite
    would create it with the process umask (commonly 0644): an empty file is an empty database.
    An existing file keeps its mode; other URLs, an in-memory database and a missing folder
    (SQLite then reports it) are left alone."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    try:
        os.close(os.open(parsed.database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, SQLITE_FILE_MODE))
    except (FileExistsError, FileNotFoundError):
        return


def create_engine_for(url: str, *, busy_timeout_s: float) -> AsyncEngine:
    """An engine on which a write waits at most `busy_timeout_s` for another writer's lock
    (SQLite busy_timeout, PostgreSQL lock_timeout) and then fails retryable. SQLite engines on
    one file share the process's compiled statements (sqlite_driver.compiled_cache)."""
    wait_ms = int(busy_timeout_s * 1000)
    if url.startswith("postgresql"):
        engine = create_async_engine(url, connect_args={"options": f"-c lock_timeout={wait_ms}"})
    else:
        create_private_sqlite_file(url)
        # The connect timeout is SQLite's busy handler from the first statement on, so the
        # PRAGMAs below wait for a thread opening the same file instead of failing at 5 s.
        engine = create_async_engine(
            async_url(url), module=OneTripDbapi(), connect_args={"timeout": busy_timeout_s}
        )
        _set_up_sqlite(engine, wait_ms)
        _map_transient_errors(engine)
        return engine.execution_options(compiled_cache=compiled_cache(url))
    _map_transient_errors(engine)
    return engine


def _set_up_sqlite(engine: AsyncEngine, wait_ms: int) -> None:
    """WAL, the busy timeout, foreign keys, and BEGIN IMMEDIATE for write transactions (those
    opened on `engine.execution_options(resume_worker_write=True)`) so two writers never
    deadlock upgrading a read lock; reads begin deferred and do not block writers; a
    one-statement transaction (ONE_STATEMENT) needs no BEGIN. The BEGIN goes to SQLite with the
    transaction's first statement (see sqlite_driver)."""
    sync = engine.sync_engine

    @event.listens_for(sync, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={wait_ms}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # erased rows are zeroed, not just unlinked
        cursor.close()

    @event.listens_for(sync, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        begin = "BEGIN IMMEDIATE" if write else "BEGIN"
        deferred = None if write == ONE_STATEMENT else begin
        if not begin_deferred(conn.connection.dbapi_connection, deferred):
            conn.exec_driver_sql(begin)


def _map_transient_errors(engine: AsyncEngine) -> None:
    """A lost connection, a lock wait past the timeout, a serialization failure or a deadlock
    leaves the adapter as RetryableError(DB_CONNECTION) through the error map; other errors
    (a unique violation the adapter expects, a bug) keep their SQLAlchemy type."""

    @event.listens_for(engine.sync_engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        error = context.sqlalchemy_exception
        if error is not None and classify(error) in RETRYABLE_FAILURES:
            raise to_worker_error(error, "database") from error


async def truncate_wal(engine: AsyncEngine) -> None:
    """On SQLite, move the WAL into the database file and truncate it, so page images of rows
    just erased or rewritten do not outlive them in the WAL (their old space in the database is
    zeroed: secure_delete). A reader still using the WAL keeps it until the next checkpoint.
    Nothing to do on PostgreSQL."""
    if engine.dialect.name != "sqlite":
        return
    async with engine.connect() as conn:

        def checkpoint(sync: Any) -> None:
            cursor = sync.connection.dbapi_connection.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.close()

        await conn.run_sync(checkpoint)


def url_for_display(url: str) -> str:
    """The database URL with any password replaced by ***, for `config show`."""
    return make_url(url).render_as_string(hide_password=True) if url else url
