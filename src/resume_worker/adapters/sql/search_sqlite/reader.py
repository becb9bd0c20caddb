"""Plain sqlite3 read connections for the search hot path, one per worker thread, so a search
checks freshness and reads in the thread it computes in (no extra hop through aiosqlite)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

_GENERATION = "SELECT generation FROM search_generations WHERE tenant_id = ?"
_HIGH_WATER = (
    "SELECT (SELECT rewrites FROM search_generations WHERE tenant_id = :t),"
    " (SELECT max(id) FROM chunks WHERE tenant_id = :t)"
)
BUSY_TIMEOUT_MS = 5000


class ThreadReader:
    """Read-only (query_only) connections to one SQLite file, created per thread on first use
    and closed together by `close`."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
            with self._lock:
                self._opened.append(conn)
        return conn

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every read inside sees the same state."""
        conn = self.connection()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def generation(self, tenant_id: str) -> int:
        row = self.connection().execute(_GENERATION, (tenant_id,)).fetchone()
        return int(row[0]) if row else 0

    def high_water(self, tenant_id: str) -> tuple[int, int]:
        """The tenant's rewrites counter and highest chunk id, read together."""
        rewrites, highest = self.connection().execute(_HIGH_WATER, {"t": tenant_id}).fetchone()
        return int(rewrites or 0), int(highest or 0)

    def texts(self, chunk_ids: Sequence[int]) -> dict[int, str]:
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        rows = self.connection().execute(
            f"SELECT id, text FROM chunks WHERE id IN ({marks})",  # noqa: S608 - placeholders only
            list(chunk_ids),
        )
        return {int(chunk_id): str(body) for chunk_id, body in rows}

    def close(self) -> None:
        with self._lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()
