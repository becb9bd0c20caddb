"""The retry decision of the one call-level retry loop: when it waits, how long, when it gives up."""

from __future__ import annotations

import asyncio

import pytest

from resume_worker.core.errors import ErrorCode, PermanentError, RetryableError
from resume_worker.core.retry import CallRetry, RetryBudget


def rate_limited(retry_after_s: float) -> RetryableError:
    return RetryableError(
        "llm call was rate limited",
        ErrorCode.LLM_RATE_LIMIT,
        details={"retry_after_s": retry_after_s},
    )


@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_the_wait_is_full_jitter_under_the_cap(attempt: int) -> None:
    """Without Retry-After the wait lies in [0, min(cap, base * 2^(attempt-1))]."""
    budget = RetryBudget(retries=3, base_s=1.0, cap_s=3.0)
    error = RetryableError("llm call timed out", ErrorCode.LLM_TIMEOUT)
    waits = [budget.wait(error, attempt) for _ in range(200)]
    assert all(w is not None and 0 <= w <= min(3.0, 2 ** (attempt - 1)) for w in waits)


def test_retry_after_under_the_cap_is_a_floor() -> None:
    """A Retry-After that fits under the cap is waited for at least, whatever the jitter drew."""
    budget = RetryBudget(retries=2, base_s=0.001, cap_s=5.0)
    assert all(budget.wait(rate_limited(4.0), 1) == 4.0 for _ in range(50))


def test_retry_after_over_the_cap_or_a_spent_budget_gives_up() -> None:
    """No wait (give up now) when the server asks for more than the cap, when the budget is
    spent, or when the failure is not retryable."""
    budget = RetryBudget(retries=2, base_s=0.01, cap_s=5.0)
    assert budget.wait(rate_limited(5.5), 1) is None
    assert budget.wait(rate_limited(5.0), 1) == 5.0
    timeout = RetryableError("embedding call timed out", ErrorCode.EMBEDDING_TIMEOUT)
    assert budget.wait(timeout, 2) is not None
    assert budget.wait(timeout, 3) is None
    assert budget.wait(PermanentError("rejected", ErrorCode.INTERNAL_ERROR), 1) is None


def test_the_loop_maps_only_what_it_catches() -> None:
    """A failure of a caught type is retried, then raised as the mapped error chained to it;
    any other exception propagates untouched at once."""
    calls: list[type[Exception]] = []

    def to_error(exc: Exception) -> RetryableError:
        return RetryableError("storage call timed out", ErrorCode.STORAGE_ERROR)

    retry = CallRetry("storage", RetryBudget(1, 0.001, 0.01), (TimeoutError,), to_error)

    async def call(exc: Exception) -> str:
        calls.append(type(exc))
        raise exc

    with pytest.raises(RetryableError) as caught:
        asyncio.run(retry.run(lambda: call(TimeoutError())))
    assert isinstance(caught.value.__cause__, TimeoutError) and calls == [TimeoutError] * 2
    with pytest.raises(KeyError):
        asyncio.run(retry.run(lambda: call(KeyError("x"))))
    assert calls[2:] == [KeyError]
