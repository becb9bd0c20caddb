"""The worker's cached view of the flags: re-read when older than rollout.refresh_s, with jitter
so that many workers do not all read at the same moment."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from resume_worker.core.flags import Flag
from resume_worker.core.ports.rollout import FlagStore


@dataclass(frozen=True)
class Snapshot:
    """The flags as last read, and each flag's candidate spend so far."""

    flags: dict[str, Flag]
    spent: dict[str, float]

    def within_budget(self, flag: Flag) -> bool:
        budget = flag.cost_budget
        return budget is None or self.spent.get(flag.name, 0.0) < budget


class FlagReader:
    """Flags for stage boundaries. A read is reused until its due time, drawn between
    `refresh_s * (1 - jitter)` and `refresh_s` after it, so a change (a kill) reaches every
    worker's next stage boundary at most `refresh_s` after it was made."""

    def __init__(
        self,
        store: FlagStore,
        *,
        refresh_s: float,
        jitter: float,
        clock: Callable[[], float] = time.monotonic,
        draw: Callable[[], float] = random.random,
    ) -> None:
        self.store = store
        self.refresh_s = refresh_s
        self.jitter = jitter
        self.clock = clock
        self.draw = draw
        self.snapshot: Snapshot | None = None
        self.due = 0.0
        self.reads = 0

    async def current(self) -> Snapshot:
        """The cached flags, read again first when they are due."""
        if self.snapshot is None or self.clock() >= self.due:
            flags, spent = await self.store.flags(), await self.store.spent()
            self.snapshot = Snapshot(flags, spent)
            self.due = self.clock() + self.refresh_s * (1 - self.jitter * self.draw())
            self.reads += 1
        return self.snapshot
