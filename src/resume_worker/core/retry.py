"""How an adapter retries its own call: the budget, the wait before each retry, the one loop.

DESIGN §2: the SDKs' own retries are off so that one layer retries a call: this loop, within
`retries` extra attempts, waiting with exponential backoff and full jitter up to a cap, or as long
as Retry-After asks (our error's `details["retry_after_s"]`) when that fits under the cap. A
server asking for more than the cap, a spent budget or a failure that is not retryable ends the
call with the mapped WorkerError, and the job-level retry or the caller takes over. What is
vendor-specific (the exceptions to catch, how one becomes our error) comes from the adapter, so
this module imports no adapter and no SDK.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import structlog

from resume_worker.core.errors import WorkerError

T = TypeVar("T")


def full_jitter(attempt: int, base_s: float, cap_s: float) -> float:
    """uniform(0, min(cap, base * 2^(attempt-1))) after the `attempt`-th failure: callers that
    failed together (one outage, many jobs) come back spread apart instead of in one burst."""
    return random.uniform(0, min(cap_s, base_s * 2 ** (attempt - 1)))


@dataclass(frozen=True)
class RetryBudget:
    """One call site's budget: `retries` extra attempts, backoff from `base_s` up to `cap_s`."""

    retries: int
    base_s: float
    cap_s: float

    def wait(self, error: WorkerError, attempt: int) -> float | None:
        """Seconds before the next attempt, or None when the call must give up now (not
        retryable, budget spent, or the server asks for longer than `cap_s`).

        Pure apart from the jitter's draw, so the whole decision is tested without a fake: a
        Retry-After under the cap is a floor, one over it means the server is better left to
        the job-level retry than held by a sleeping worker.
        """
        if not error.retryable or attempt > self.retries:
            return None
        wait = full_jitter(attempt, self.base_s, self.cap_s)
        asked = error.details.get("retry_after_s")
        if isinstance(asked, int | float):
            if asked > self.cap_s:
                return None
            wait = max(wait, float(asked))
        return wait


@dataclass(frozen=True)
class CallRetry:
    """The retry loop of one adapter's calls playing `role` (llm, embedding, storage, ...).

    `catch` names the vendor exceptions worth mapping and `to_error` maps one to our error
    (adapters pass their slice of adapters/error_map.py); anything else propagates untouched.
    `role` names the logger (`resume_worker.<role>`) and the warning logged before each retry.
    """

    role: str
    budget: RetryBudget
    catch: tuple[type[Exception], ...]
    to_error: Callable[[Exception], WorkerError]

    async def run(self, call: Callable[[], Awaitable[T]]) -> T:
        """`call()`, retried per budget; its last failure raised as our error, chained."""
        log = structlog.get_logger(f"resume_worker.{self.role}")
        attempt = 0
        while True:
            attempt += 1
            try:
                return await call()
            except self.catch as exc:
                error = self.to_error(exc)
                wait = self.budget.wait(error, attempt)
                if wait is None:
                    raise error from exc
                # The code and the type only: a vendor's message text may hold PII.
                log.warning(
                    f"{self.role} call failed, retrying",
                    code=error.code.value,
                    error_type=error.details.get("error_type"),
                    attempt=attempt,
                    wait_s=round(wait, 3),
                )
            await asyncio.sleep(wait)
