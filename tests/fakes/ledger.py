"""The fake Ledger and LedgerReports: append-only rows in a MemoryDatabase, unique per (job,
kind), with the reservation's balance check."""

from __future__ import annotations

from collections import defaultdict

from resume_worker.core.models import LedgerKind
from resume_worker.core.ports.ledger import LedgerEntry
from tests.fakes.database import MemoryPort


class MemoryLedger(MemoryPort):
    """What a job writes: its reservation and its settlement, each once."""

    async def add_ledger_entry(
        self, tenant_id: str, job_id: str, kind: LedgerKind, amount: int
    ) -> bool:
        return self.db.add_ledger_row(tenant_id, job_id, kind, amount)

    async def reserve_credit(
        self, tenant_id: str, job_id: str, amount: int, *, enforce: bool
    ) -> bool:
        """A reservation that already exists counts as made; a new one needs the balance to
        cover `amount` when `enforce`."""
        if any(r.job_id == job_id and r.kind == "reserve" for r in self.db.ledger):
            return True
        if enforce and self.db.balance(tenant_id) < amount:
            return False
        self.db.add_ledger_row(tenant_id, job_id, "reserve", amount)
        return True


class MemoryLedgerReports(MemoryPort):
    """Balances, sums and the newest rows."""

    async def available_credits(self, tenant_id: str) -> int:
        return self.db.balance(tenant_id)

    async def ledger_totals(self, tenant_id: str | None) -> dict[str, dict[str, int]]:
        totals: dict[str, dict[str, int]] = defaultdict(dict)
        for row in self.db.ledger:
            if tenant_id in (None, row.tenant_id):
                kinds = totals[row.tenant_id]
                kinds[row.kind] = kinds.get(row.kind, 0) + row.amount
        return dict(totals)

    async def ledger_entries(self, tenant_id: str | None, limit: int) -> list[LedgerEntry]:
        rows = [r for r in self.db.ledger if tenant_id in (None, r.tenant_id)]
        rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        return [
            LedgerEntry(r.tenant_id, r.job_id, r.kind, r.amount, r.created_at) for r in rows[:limit]
        ]
