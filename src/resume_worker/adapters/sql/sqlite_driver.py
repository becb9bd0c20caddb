"""The aiosqlite driver adapted so that each statement makes one trip to its connection's thread.

SQLAlchemy's aiosqlite adapter hands every cursor step to aiosqlite's thread on its own (open a
cursor, execute, fetch, close; BEGIN is a statement of its own, and the pool rolls back a
connection it gets back even after a commit), and every hand-off wakes the event loop again: a
one-row read made eight trips, a job about a hundred, each costing the worker's one GIL and,
inside a write transaction, time holding SQLite's one write lock. Here a statement is one trip
(cursor, execute, rows, close), a transaction's BEGIN travels with its first statement, and a
commit or rollback of a connection with no transaction open or on its way makes none (sqlite3
would do nothing with it anyway). What runs in SQLite, and in what order, is unchanged.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.engine.interfaces import DBAPIConnection, Dialect
from sqlalchemy.util import LRUCache
from sqlalchemy.util.concurrency import await_

# What a trip brings back: the cursor's description, rowcount, lastrowid and every row.
Trip = tuple[Any, int, int | None, list[Any]]


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A DBAPI cursor whose statement runs in one trip; the rows come back with it (SQLAlchemy's
    own cursor buffers every row too, as the aiosqlite cursors it uses are not server-side)."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")
    _adapt_connection: OneTripConnection

    def __init__(self, adapt_connection: OneTripConnection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._trip(operation, () if parameters is None else parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._trip(operation, seq_of_parameters, many=True)

    def _trip(self, operation: str, parameters: Any, *, many: bool) -> None:
        try:
            trip = await_(self._adapt_connection.trip(operation, parameters, many=many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._description, self._rowcount, self._lastrowid, rows = trip
        self._rows = collections.deque(rows)

    async def _async_soft_close(self) -> None:
        """Nothing to close: the trip closed its cursor."""

    def close(self) -> None:
        self._rows.clear()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """The DBAPI connection SQLAlchemy sees: cursors that make one trip, a deferred BEGIN, and
    no trip for a commit or rollback with nothing to end."""

    __slots__ = ("_begin", "_done", "_one_statement", "_sent")
    _cursor_cls: type[AsyncAdapt_aiosqlite_cursor] = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._begin: str | None = None
        self._one_statement: bool | None = None  # a one-statement transaction: ran it yet?
        self._sent = 0  # trips queued (counted on the event loop's thread)
        self._done = 0  # trips ended (counted on aiosqlite's thread)

    def begin_with_next(self, statement: str | None) -> None:
        """Send `statement` (BEGIN, BEGIN IMMEDIATE) just before the next one, in its trip;
        None: a transaction of one statement, which SQLite runs atomically on its own (its
        autocommit), holding the write lock only while it executes."""
        self._begin = statement
        self._one_statement = False if statement is None else None

    async def trip(self, operation: str, parameters: Any, *, many: bool) -> Trip:
        if self._one_statement is not None:
            if self._one_statement:
                raise RuntimeError("a one-statement transaction ran a second statement")
            self._one_statement = True
        begin, self._begin = self._begin, None
        async with self._execute_mutex:
            self._sent += 1
            driver: Any = self._connection  # aiosqlite.Connection: _execute runs on its thread
            done: Trip = await driver._execute(self._run, begin, operation, parameters, many)
            return done

    def _run(self, begin: str | None, operation: str, parameters: Any, many: bool) -> Trip:
        """On aiosqlite's thread: the deferred BEGIN, then the statement, its rows, the close."""
        try:
            conn: sqlite3.Connection = self._connection._conn
            if begin is not None:
                conn.execute(begin).close()
            cursor = conn.cursor()
            try:
                if many:
                    cursor.executemany(operation, parameters)
                else:
                    cursor.execute(operation, parameters)
                rows = cursor.fetchall() if cursor.description is not None else []
                return cursor.description, cursor.rowcount, cursor.lastrowid, rows
            finally:
                cursor.close()
        finally:
            self._done += 1

    def _nothing_to_end(self) -> bool:
        """No transaction open, none on its way (a BEGIN still queued or running, say after a
        cancelled await): only then may a commit or rollback be skipped."""
        self._begin = self._one_statement = None
        driver: sqlite3.Connection | None = self._connection._connection
        return self._sent == self._done and (driver is None or not driver.in_transaction)

    def rollback(self) -> None:
        if not self._nothing_to_end():
            super().rollback()

    def commit(self) -> None:
        if not self._nothing_to_end():
            super().commit()


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module for `create_async_engine(..., module=...)`: aiosqlite's connect, our
    connection around it."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def begin_deferred(dbapi_connection: DBAPIConnection | None, statement: str | None) -> bool:
    """Have the transaction's `statement` (BEGIN, BEGIN IMMEDIATE; None for a one-statement
    transaction) sent with the connection's next statement; False when the connection is not
    a one-trip one (the caller then begins the transaction itself)."""
    if not isinstance(dbapi_connection, OneTripConnection):
        return False
    dbapi_connection.begin_with_next(statement)
    return True


class SharedCompiledCache(LRUCache[Any, Any]):
    """SQLAlchemy's compiled-statement cache, shared by the engines a process opens on one
    SQLite file (each worker thread has its own). SQLAlchemy keys a compiled statement by the
    dialect object, among other things, so a plain shared cache still compiles once per engine;
    these engines' dialects are alike (one class, one URL, no options of their own: see
    sql_engine.create_engine_for), so here the key holds the dialect's class instead. A statement
    is then compiled once per process rather than once per thread: a worker's first wave of jobs
    no longer compiles each statement in every thread at once, the store's while holding
    SQLite's write lock."""

    @staticmethod
    def _shared(key: Any) -> Any:
        if isinstance(key, tuple) and key and isinstance(key[0], Dialect):
            return (type(key[0]), *key[1:])
        return key

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(self._shared(key), default)

    def __getitem__(self, key: Any) -> Any:
        return super().__getitem__(self._shared(key))

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(self._shared(key), value)

    def __delitem__(self, key: Any) -> None:
        super().__delitem__(self._shared(key))

    def __contains__(self, key: object) -> bool:
        return super().__contains__(self._shared(key))


# One per database URL, for the process's life, as SQLAlchemy's own cache lives as long as its
# engine (its size: SQLAlchemy's default).
_CACHES: dict[str, SharedCompiledCache] = {}


def compiled_cache(url: str) -> SharedCompiledCache:
    """The process's compiled-statement cache for engines on the SQLite database `url`."""
    return _CACHES.setdefault(url, SharedCompiledCache(500))
