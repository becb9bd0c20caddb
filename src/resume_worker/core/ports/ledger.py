"""The credit ledger: append-only rows unique per (job, kind), and what they add up to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from resume_worker.core.models import LedgerKind

# Signs of the ledger kinds in the available balance; a charge turns a reservation into spend.
BALANCE_SIGN = {"grant": 1, "reserve": -1, "release": 1, "refund": 1, "charge": 0}


def balance_of(totals: dict[str, int]) -> int:
    """The available balance from the sums per ledger kind."""
    return sum(BALANCE_SIGN[kind] * total for kind, total in totals.items())


class Ledger(Protocol):
    """What a job writes: its reservation at acceptance and its settlement (stage 9)."""

    async def add_ledger_entry(
        self, tenant_id: str, job_id: str, kind: LedgerKind, amount: int
    ) -> bool:
        """Insert the (job, kind) row once; returns False when it already existed."""
        ...

    async def reserve_credit(
        self, tenant_id: str, job_id: str, amount: int, *, enforce: bool
    ) -> bool:
        """Write the job's reserve row atomically with the balance check (when `enforce`);
        False when the balance does not cover `amount`."""
        ...


@dataclass(frozen=True)
class LedgerEntry:
    tenant_id: str
    job_id: str
    kind: LedgerKind
    amount: int
    created_at: datetime


class LedgerReports(Protocol):
    """Balances and rows for `credits`."""

    async def available_credits(self, tenant_id: str) -> int: ...

    async def ledger_totals(self, tenant_id: str | None) -> dict[str, dict[str, int]]:
        """Sum of amounts per tenant and ledger kind."""
        ...

    async def ledger_entries(self, tenant_id: str | None, limit: int) -> list[LedgerEntry]:
        """The newest ledger rows first."""
        ...
