"""The credit ledger in SQL: append-only rows unique per (job, kind), balances and listings."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.locks import lock_names
from resume_worker.core.models import LedgerKind
from resume_worker.core.ports.ledger import LedgerEntry, balance_of

# Built once, its values given at execution: SQLAlchemy finds it compiled without hashing them.
_INSERT = insert(t.ledger)


class SqlLedger:
    """The ledger part of SqlRepository (mixed in; uses its engines)."""

    engine: AsyncEngine
    writer: AsyncEngine
    one_statement: AsyncEngine

    async def add_ledger_entry(
        self, tenant_id: str, job_id: str, kind: LedgerKind, amount: int
    ) -> bool:
        try:
            async with self.one_statement.begin() as conn:
                await conn.execute(
                    _INSERT,
                    {
                        "tenant_id": tenant_id,
                        "job_id": job_id,
                        "kind": kind,
                        "amount": amount,
                        "created_at": datetime.now(UTC),
                    },
                )
        except IntegrityError:
            return False
        return True

    async def reserve_credit(
        self, tenant_id: str, job_id: str, amount: int, *, enforce: bool
    ) -> bool:
        """Write the job's reserve row; with `enforce`, only when the balance covers `amount`.
        Check and insert share one write transaction holding the tenant's credit lock (see
        sql_locks), so concurrent acceptances cannot both take the last credit. Other ledger
        rows only add to the balance and need no lock. A reservation that already exists counts
        as made."""
        c = t.ledger.c
        try:
            async with self.writer.begin() as conn:
                await lock_names(conn, f"credits:{tenant_id}")
                made = select(c.id).where(c.job_id == job_id, c.kind == "reserve")
                if (await conn.execute(made)).first() is not None:
                    return True
                if enforce:
                    sums = select(c.kind, func.sum(c.amount)).where(c.tenant_id == tenant_id)
                    totals = {k: int(n) for k, n in await conn.execute(sums.group_by(c.kind))}
                    if balance_of(totals) < amount:
                        return False
                await conn.execute(
                    insert(t.ledger).values(
                        tenant_id=tenant_id,
                        job_id=job_id,
                        kind="reserve",
                        amount=amount,
                        created_at=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            return True
        return True

    async def available_credits(self, tenant_id: str) -> int:
        return balance_of((await self.ledger_totals(tenant_id)).get(tenant_id, {}))

    async def ledger_totals(self, tenant_id: str | None) -> dict[str, dict[str, int]]:
        c = t.ledger.c
        query = select(c.tenant_id, c.kind, func.sum(c.amount)).group_by(c.tenant_id, c.kind)
        if tenant_id is not None:
            query = query.where(c.tenant_id == tenant_id)
        totals: dict[str, dict[str, int]] = defaultdict(dict)
        async with self.engine.connect() as conn:
            for tenant, kind, total in await conn.execute(query):
                totals[tenant][kind] = int(total)
        return dict(totals)

    async def ledger_entries(self, tenant_id: str | None, limit: int) -> list[LedgerEntry]:
        c = t.ledger.c
        query = select(t.ledger).order_by(c.created_at.desc(), c.id.desc()).limit(limit)
        if tenant_id is not None:
            query = query.where(c.tenant_id == tenant_id)
        async with self.engine.connect() as conn:
            return [
                LedgerEntry(row.tenant_id, row.job_id, row.kind, row.amount, row.created_at)
                for row in await conn.execute(query)
            ]
