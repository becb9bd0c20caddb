"""Named write locks held to the end of a transaction, so concurrent writers cannot race.

SQLite needs none: a write transaction there begins IMMEDIATE and so already excludes every
other writer. PostgreSQL runs writers side by side, so a read-then-insert (is this person known?
does the balance cover one more job? which version number is next?) takes a transaction-scoped
advisory lock on what it decides about first.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection


def lock_key(name: str) -> int:
    """A signed 64-bit advisory-lock key for `name` (a collision only makes two writers wait)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)


async def lock_names(conn: AsyncConnection, *names: str) -> None:
    """Take the locks on `names` until this transaction ends (PostgreSQL; a no-op on SQLite).

    The keys are taken in ascending order, so two transactions that lock overlapping sets in
    one call never wait on each other in a cycle. A transaction that calls this twice must take
    a single name the second time, and nothing after it.
    """
    if conn.dialect.name != "postgresql":
        return
    for key in sorted({lock_key(name) for name in names}):
        await conn.execute(select(func.pg_advisory_xact_lock(key)))
