"""The retry loop the OpenAI-SDK adapters (chat and embeddings) run around each call.

DESIGN §2: the SDK's own retries are off and this loop retries within `retries` extra attempts,
waiting with exponential backoff and full jitter up to a cap, or as long as Retry-After asks when
that fits under the cap. A server asking for more than the cap, a spent budget or a failure that
is not retryable ends the call with the mapped WorkerError, and the job-level retry (delayed by
the scheduler) or the caller takes over. SDK and transport failures, and a body that is not JSON
(the SDK's ValueError), are mapped through the one whitelist, adapters/error_map.py.

The callers differ only in `role`: it picks the error codes the whitelist reports (LLM_* or
EMBEDDING_TIMEOUT), the logger (`resume_worker.llm` or `resume_worker.embedding`) and the words
of the warning logged before each retry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

import openai
import structlog

from resume_worker.adapters.error_map import to_worker_error
from resume_worker.core.errors import WorkerError
from resume_worker.core.retry import full_jitter

T = TypeVar("T")
OpenAIRole = Literal["llm", "embedding"]


@dataclass(frozen=True)
class OpenAIRetry:
    """One endpoint's retry budget: `retries` extra attempts, backoff from `base_s` to `cap_s`."""

    role: OpenAIRole
    retries: int
    base_s: float
    cap_s: float

    async def run(self, call: Callable[[], Awaitable[T]]) -> T:
        """`call()`, retried per budget; its last failure raised as our error, chained."""
        log = structlog.get_logger(f"resume_worker.{self.role}")
        attempt = 0
        while True:
            attempt += 1
            try:
                return await call()
            except (openai.APIError, ValueError) as exc:  # ValueError: a body that is not JSON
                error = to_worker_error(exc, self.role)
                wait = self.wait(error, attempt)
                if wait is None:
                    raise error from exc
                log.warning(
                    f"{self.role} call failed, retrying",
                    code=error.code.value,
                    attempt=attempt,
                    wait_s=round(wait, 3),
                )
            await asyncio.sleep(wait)

    def wait(self, error: WorkerError, attempt: int) -> float | None:
        """Seconds before the next attempt, or None when the call must give up now (not
        retryable, budget spent, or the server asks for longer than `cap_s`)."""
        if not error.retryable or attempt > self.retries:
            return None
        wait = full_jitter(attempt, self.base_s, self.cap_s)
        asked = error.details.get("retry_after_s")
        if isinstance(asked, int | float):
            if asked > self.cap_s:
                return None
            wait = max(wait, float(asked))
        return wait
