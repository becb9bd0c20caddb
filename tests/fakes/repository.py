"""Every repository port's fake in one object over one MemoryDatabase, as SqlRepository is one
object over one database: for tests that drive several ports (or code that takes them all)."""

from __future__ import annotations

from tests.fakes.candidates import MemoryCandidateAdmin, MemoryCandidateStore
from tests.fakes.jobs import MemoryDeadLetters, MemoryJobStore
from tests.fakes.keys import MemoryKeyCensus, MemoryKeyUsage, MemoryResealing
from tests.fakes.ledger import MemoryLedger, MemoryLedgerReports


class MemoryRepository(
    MemoryJobStore,
    MemoryDeadLetters,
    MemoryCandidateStore,
    MemoryCandidateAdmin,
    MemoryLedger,
    MemoryLedgerReports,
    MemoryKeyUsage,
    MemoryKeyCensus,
    MemoryResealing,
):
    """JobStore, DeadLetters, CandidateStore, CandidateAdmin, Ledger, LedgerReports, KeyUsage,
    KeyCensus and Resealing at once; `MemoryRepository(db)` shares `db` with other fakes."""
