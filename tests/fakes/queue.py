"""The fake JobQueue: job ids in memory with the time each becomes due, handed to a handler when
the test asks (it plays the worker)."""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable

from resume_worker.core.errors import ErrorCode, RetryableError


class FakeJobQueue:
    """Records every enqueue as given (`enqueued`: job id and delay) and keeps each message
    until it is due, `delay_s` after the enqueue by `clock`. `deliver(handle)` hands the due
    ones to `handle` as a worker thread of the real queue does: a handler that returns a delay
    has its job sent again that much later. `unreachable` fails enqueue the way a broker that
    cannot be reached does (retryable NETWORK_ERROR)."""

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, unreachable: bool = False
    ) -> None:
        self.clock = clock
        self.unreachable = unreachable
        self.enqueued: list[tuple[str, float]] = []
        self._waiting: list[tuple[float, int, str]] = []
        self._order = itertools.count()

    async def enqueue(self, job_id: str, *, delay_s: float = 0) -> None:
        self.send(job_id, delay_s=delay_s)

    def send(self, job_id: str, *, delay_s: float = 0) -> None:
        """The blocking send, as the real queue's."""
        if self.unreachable:
            raise RetryableError("the queue broker could not be reached", ErrorCode.NETWORK_ERROR)
        self.enqueued.append((job_id, delay_s))
        due = self.clock() + max(0.0, delay_s)
        heapq.heappush(self._waiting, (due, next(self._order), job_id))

    @property
    def waiting(self) -> list[str]:
        """The ids not delivered yet, soonest first."""
        return [job_id for _, _, job_id in sorted(self._waiting)]

    def next_due(self) -> float | None:
        """When the soonest waiting message is due (by `clock`), or None when none waits."""
        return self._waiting[0][0] if self._waiting else None

    def deliver(self, handle: Callable[[str], float | None]) -> list[str]:
        """Hand every message due now to `handle`, soonest first, each once; a job sent again
        by its handler waits for the next call even when due at once. The delivered ids."""
        now = self.clock()
        due: list[str] = []
        while self._waiting and self._waiting[0][0] <= now:
            due.append(heapq.heappop(self._waiting)[2])
        for job_id in due:
            again = handle(job_id)
            if again is not None:
                self.send(job_id, delay_s=again)
        return due
