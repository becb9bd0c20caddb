"""The one retry loop as the chat and embedding adapters run it: what it catches and maps, how
many calls it makes, and what the role changes (error codes and the warning's words)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
import openai
import pytest
from structlog.testing import capture_logs

from resume_worker.adapters.openai.retry import OpenAIRole, openai_retry
from resume_worker.core.errors import ErrorCode, PermanentError, WorkerError

REQUEST = httpx.Request("POST", "http://127.0.0.1:9/v1/embeddings")


def failing(times: int, result: str = "ok") -> tuple[Callable[[], Awaitable[str]], list[int]]:
    """A call that is refused `times` times, then returns `result`; the list counts its calls."""
    calls: list[int] = []

    async def call() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise openai.APIConnectionError(request=REQUEST)
        return result

    return call, calls


@pytest.mark.parametrize(
    ("role", "code"),
    [("llm", ErrorCode.LLM_UNAVAILABLE), ("embedding", ErrorCode.EMBEDDING_TIMEOUT)],
)
def test_the_role_picks_the_code_and_the_warning(role: OpenAIRole, code: ErrorCode) -> None:
    """Each failure but the last is logged under the role; the last is raised with the role's
    code, chained to the SDK error, after 1 + retries calls."""
    retry = openai_retry(role, retries=2, base_s=0.001, cap_s=0.01)
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
    assert all(e["code"] == code.value for e in logs)
    assert all(e["error_type"] == "openai.APIConnectionError" for e in logs)
    assert {key for e in logs for key in e} == {  # no message text: it may hold PII
        "event",
        "log_level",
        "code",
        "error_type",
        "attempt",
        "wait_s",
    }


def test_a_call_that_recovers_within_the_budget_returns_its_result() -> None:
    """Two refusals then an answer: the answer, on the third call."""
    call, calls = failing(times=2, result="answer")
    assert asyncio.run(openai_retry("llm", 2, 0.001, 0.01).run(call)) == "answer"
    assert len(calls) == 3


def test_an_unparseable_body_is_not_retried() -> None:
    """The SDK's ValueError (a body that is not JSON) is mapped once, permanently, no retry."""
    calls: list[int] = []

    async def call() -> str:
        calls.append(1)
        raise ValueError("Expecting value")

    with pytest.raises(PermanentError):
        asyncio.run(openai_retry("embedding", 3, 0.001, 0.01).run(call))
    assert len(calls) == 1
