"""The retry loop shared by the chat and embedding adapters: when it waits, how long, when it gives
up, and what the role changes (error codes and the warning's words)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
import openai
import pytest
from structlog.testing import capture_logs

from resume_worker.adapters.openai.retry import OpenAIRetry, OpenAIRole
from resume_worker.core.errors import ErrorCode, PermanentError, RetryableError, WorkerError

REQUEST = httpx.Request("POST", "http://127.0.0.1:9/v1/embeddings")


def rate_limited(retry_after_s: float) -> RetryableError:
    return RetryableError(
        "llm call was rate limited",
        ErrorCode.LLM_RATE_LIMIT,
        details={"retry_after_s": retry_after_s},
    )


def failing(times: int, result: str = "ok") -> tuple[Callable[[], Awaitable[str]], list[int]]:
    """A call that is refused `times` times, then returns `result`; the list counts its calls."""
    calls: list[int] = []

    async def call() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise openai.APIConnectionError(request=REQUEST)
        return result

    return call, calls


@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_the_wait_is_full_jitter_under_the_cap(attempt: int) -> None:
    """Without Retry-After the wait lies in [0, min(cap, base * 2^(attempt-1))]."""
    retry = OpenAIRetry("llm", retries=3, base_s=1.0, cap_s=3.0)
    error = RetryableError("llm call timed out", ErrorCode.LLM_TIMEOUT)
    waits = [retry.wait(error, attempt) for _ in range(200)]
    assert all(w is not None and 0 <= w <= min(3.0, 2 ** (attempt - 1)) for w in waits)


def test_retry_after_under_the_cap_is_a_floor() -> None:
    """A Retry-After that fits under the cap is waited for at least, whatever the jitter drew."""
    retry = OpenAIRetry("llm", retries=2, base_s=0.001, cap_s=5.0)
    assert all(retry.wait(rate_limited(4.0), 1) == 4.0 for _ in range(50))


def test_retry_after_over_the_cap_or_a_spent_budget_gives_up() -> None:
    """No wait (give up now) when the server asks for more than the cap, when the budget is
    spent, or when the failure is not retryable."""
    retry = OpenAIRetry("embedding", retries=2, base_s=0.01, cap_s=5.0)
    assert retry.wait(rate_limited(5.5), 1) is None
    assert retry.wait(rate_limited(5.0), 1) == 5.0
    timeout = RetryableError("embedding call timed out", ErrorCode.EMBEDDING_TIMEOUT)
    assert retry.wait(timeout, 2) is not None
    assert retry.wait(timeout, 3) is None
    assert retry.wait(PermanentError("rejected", ErrorCode.INTERNAL_ERROR), 1) is None


@pytest.mark.parametrize(
    ("role", "code"),
    [("llm", ErrorCode.LLM_UNAVAILABLE), ("embedding", ErrorCode.EMBEDDING_TIMEOUT)],
)
def test_the_role_picks_the_code_and_the_warning(role: OpenAIRole, code: ErrorCode) -> None:
    """Each failure but the last is logged under the role; the last is raised with the role's
    code, chained to the SDK error, after 1 + retries calls."""
    retry = OpenAIRetry(role, retries=2, base_s=0.001, cap_s=0.01)
    call, calls = failing(times=3)
    with capture_logs() as logs, pytest.raises(WorkerError) as caught:
        asyncio.run(retry.run(call))
    assert caught.value.retryable and caught.value.code is code
    assert isinstance(caught.value.__cause__, openai.APIConnectionError)
    assert len(calls) == 3
    assert [(e["event"], e["attempt"]) for e in logs] == [
        (f"{role} call failed, retrying", 1),
        (f"{role} call failed, retrying", 2),
    ]


def test_a_call_that_recovers_within_the_budget_returns_its_result() -> None:
    """Two refusals then an answer: the answer, on the third call."""
    call, calls = failing(times=2, result="answer")
    assert asyncio.run(OpenAIRetry("llm", 2, 0.001, 0.01).run(call)) == "answer"
    assert len(calls) == 3


def test_an_unparseable_body_is_not_retried() -> None:
    """The SDK's ValueError (a body that is not JSON) is mapped once, permanently, no retry."""
    calls: list[int] = []

    async def call() -> str:
        calls.append(1)
        raise ValueError("Expecting value")

    with pytest.raises(PermanentError):
        asyncio.run(OpenAIRetry("embedding", 3, 0.001, 0.01).run(call))
    assert len(calls) == 1
