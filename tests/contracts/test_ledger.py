"""The Ledger and LedgerReports contract: the same suite on the fake and on SqlRepository over
SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from resume_worker.core.ports.ledger import Ledger, LedgerReports
from tests.contracts.backends import BACKENDS, Backend, Ports, open_backend
from tests.fakes.database import MemoryDatabase
from tests.fakes.ledger import MemoryLedger, MemoryLedgerReports


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The fake, SqlRepository on SQLite and SqlRepository on PostgreSQL."""
    return open_backend(request, tmp_path)


def test_an_entry_is_written_once_per_job_and_kind(backend: Backend) -> None:
    """The first (job, kind) row is written; a repeat is refused whatever its amount or tenant,
    while another kind for the same job is a row of its own."""

    async def scenario(ports: Ports) -> None:
        assert await ports.add_ledger_entry("t1", "job-1", "reserve", 2)
        assert not await ports.add_ledger_entry("t1", "job-1", "reserve", 7)
        assert not await ports.add_ledger_entry("t2", "job-1", "reserve", 2)
        assert await ports.add_ledger_entry("t1", "job-1", "charge", 2)
        assert await ports.add_ledger_entry("t1", "job-2", "reserve", 1)
        assert await ports.ledger_totals(None) == {"t1": {"reserve": 3, "charge": 2}}
        assert len(await ports.ledger_entries(None, 10)) == 3

    backend.run(scenario)


def test_available_credits_sign_each_kind(backend: Backend) -> None:
    """Grants, releases and refunds add, reservations subtract, a charge spends what its
    reservation already took; a tenant without rows has nothing."""

    async def scenario(ports: Ports) -> None:
        await ports.add_ledger_entry("t1", "grant-1", "grant", 10)
        for job, kind, amount in (
            ("a", "reserve", 3),
            ("a", "charge", 3),
            ("b", "reserve", 2),
            ("b", "release", 2),
            ("c", "reserve", 4),
            ("c", "charge", 4),
            ("c", "refund", 1),
        ):
            await ports.add_ledger_entry("t1", f"{job}-job", kind, amount)  # type: ignore[arg-type]
        await ports.add_ledger_entry("t2", "grant-2", "grant", 5)
        assert await ports.available_credits("t1") == 10 - 3 - 4 + 1
        assert await ports.available_credits("t2") == 5
        assert await ports.available_credits("t9") == 0

    backend.run(scenario)


def test_reserve_checks_the_balance_when_enforced(backend: Backend) -> None:
    """With `enforce` a reservation is written only while the balance covers it (exactly
    covering is enough), and a refused one writes nothing; without it the balance may go
    below zero."""

    async def scenario(ports: Ports) -> None:
        await ports.add_ledger_entry("t1", "grant-1", "grant", 3)
        await ports.add_ledger_entry("t2", "grant-2", "grant", 100)
        assert await ports.reserve_credit("t1", "job-1", 2, enforce=True)
        assert await ports.reserve_credit("t1", "job-2", 1, enforce=True)
        assert not await ports.reserve_credit("t1", "job-3", 1, enforce=True)
        assert await ports.ledger_totals("t1") == {"t1": {"grant": 3, "reserve": 3}}
        assert await ports.reserve_credit("t1", "job-3", 4, enforce=False)
        assert await ports.available_credits("t1") == -4
        entry = (await ports.ledger_entries("t1", 1))[0]
        assert (entry.tenant_id, entry.job_id, entry.kind, entry.amount) == (
            "t1",
            "job-3",
            "reserve",
            4,
        )

    backend.run(scenario)


def test_a_repeated_reservation_counts_as_made_once(backend: Backend) -> None:
    """Reserving again for the same job succeeds without a second row, even when the reservation
    took the last credit (a redelivered acceptance is neither refused nor charged twice)."""

    async def scenario(ports: Ports) -> None:
        await ports.add_ledger_entry("t1", "grant-1", "grant", 2)
        assert await ports.reserve_credit("t1", "job-1", 2, enforce=True)
        assert await ports.reserve_credit("t1", "job-1", 2, enforce=True)
        await ports.add_ledger_entry("t1", "grant-2", "grant", 3)
        assert await ports.reserve_credit("t1", "job-1", 3, enforce=False)
        assert await ports.available_credits("t1") == 3
        assert len(await ports.ledger_entries("t1", 10)) == 3

    backend.run(scenario)


def test_ledger_totals_per_tenant_and_kind(backend: Backend) -> None:
    """Sums per tenant and kind, for one tenant or all; a tenant without rows is absent."""

    async def scenario(ports: Ports) -> None:
        await ports.add_ledger_entry("t1", "g1", "grant", 10)
        await ports.add_ledger_entry("t1", "g2", "grant", 5)
        await ports.add_ledger_entry("t1", "j1", "reserve", 1)
        await ports.add_ledger_entry("t2", "g3", "grant", 7)
        both = {"t1": {"grant": 15, "reserve": 1}, "t2": {"grant": 7}}
        assert await ports.ledger_totals(None) == both
        assert await ports.ledger_totals("t2") == {"t2": {"grant": 7}}
        assert await ports.ledger_totals("t9") == {}

    backend.run(scenario)


def test_ledger_entries_newest_first(backend: Backend) -> None:
    """Rows are listed newest first with their time, for one tenant or all, up to the limit."""

    async def scenario(ports: Ports) -> None:
        written = [("t1", "g1", 10), ("t2", "g2", 20), ("t1", "g3", 30), ("t1", "g4", 40)]
        for tenant, job, amount in written:
            await ports.add_ledger_entry(tenant, job, "grant", amount)
        entries = await ports.ledger_entries(None, 10)
        assert [(e.tenant_id, e.job_id, e.amount) for e in entries] == written[::-1]
        assert {e.kind for e in entries} == {"grant"}
        moments = [e.created_at for e in entries]
        assert moments == sorted(moments, reverse=True)
        assert all(m.utcoffset() is not None for m in moments)
        assert [e.job_id for e in await ports.ledger_entries("t1", 2)] == ["g4", "g3"]
        assert await ports.ledger_entries("t9", 10) == []

    backend.run(scenario)


def test_ledger_fakes_work_alone_or_share_a_database() -> None:
    """Each fake is built in one line, and fakes over one database see each other's rows."""

    async def scenario() -> None:
        db = MemoryDatabase()
        ledger: Ledger = MemoryLedger(db)
        reports: LedgerReports = MemoryLedgerReports(db)
        assert await ledger.add_ledger_entry("t1", "g1", "grant", 2)
        assert await ledger.reserve_credit("t1", "j1", 2, enforce=True)
        assert await reports.available_credits("t1") == 0
        assert not await MemoryLedger().reserve_credit("t1", "j1", 1, enforce=True)

    asyncio.run(scenario())
