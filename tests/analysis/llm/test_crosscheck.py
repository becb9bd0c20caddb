"""The crosscheck analyst over two real LLM analysts on two loopback servers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest

from resume_worker.adapters.openai.chat_client import ChatClient
from resume_worker.analysis.llm.analyst import LlmAnalyst
from resume_worker.analysis.llm.crosscheck import AGREE, DISAGREE, ONE_SIDED, CrosscheckAnalyst
from resume_worker.core.errors import ErrorCode, PermanentError, RetryableError
from resume_worker.core.models import Analysis
from tests.analysis.llm.test_analyst import FORM, REPLY, SECRETS, endpoint
from tests.openai_server import OpenAIServer, answer, latency, reply, status


@pytest.fixture
def second_server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as server:
        yield server


def crosscheck(first: OpenAIServer, second: OpenAIServer, **overrides: Any) -> Analysis:
    async def run() -> Analysis:
        clients = [ChatClient(endpoint(s, **overrides)) for s in (first, second)]
        analysts = [LlmAnalyst(c, send_names=True, max_prompt_chars=30000) for c in clients]
        try:
            return await CrosscheckAnalyst(*analysts).analyze(FORM)
        finally:
            for client in clients:
                await client.aclose()

    return asyncio.run(run())


def test_agreement_sets_field_confidence(
    openai_server: OpenAIServer, second_server: OpenAIServer
) -> None:
    """Equal fields score AGREE, differing ones DISAGREE, lists by overlap; gaps are filled from
    the second answer at ONE_SIDED; usage is the sum of both."""
    other = REPLY | {"skills": ["Kotlin", "Spring"], "summary": "백엔드 개발자"}
    other |= {"careers": [REPLY["careers"][0] | {"start": "2021-05"}]}
    openai_server.script("chat", answer(REPLY | {"military_service": "군필"}))
    second_server.script("chat", answer(other | {"military_service": "면제"}))
    result = crosscheck(openai_server, second_server)
    confidence = result.field_confidence
    assert confidence["name"] == confidence["emails"] == confidence["address"] == AGREE
    assert confidence["military_service"] == DISAGREE
    assert confidence["careers"] == DISAGREE  # same company, another start month
    assert confidence["skills"] == pytest.approx(DISAGREE + (AGREE - DISAGREE) / 2)
    assert confidence["summary"] == ONE_SIDED
    assert result.profile.military_service == "군필" and result.profile.summary == "백엔드 개발자"
    assert result.profile.emails == ["minjun.kim@example.com"]
    assert result.usage is not None and result.usage.calls == 2
    assert openai_server.leaked(*SECRETS) == second_server.leaked(*SECRETS) == []


@pytest.mark.parametrize("failing", ["first", "second"])
def test_one_failing_endpoint_falls_back_to_the_other(
    openai_server: OpenAIServer, second_server: OpenAIServer, failing: str
) -> None:
    """A dead-for-now endpoint (500s past its budget) leaves the other's answer standing."""
    broken, working = (
        (openai_server, second_server) if failing == "first" else (second_server, openai_server)
    )
    broken.script("chat", *[status(500)] * 3)
    working.script("chat", answer(REPLY))
    result = crosscheck(openai_server, second_server)
    assert result.profile.name == "김민준" and len(broken.requests) == 3


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (status(429), status(500), ErrorCode.LLM_UNAVAILABLE),
        (status(500), status(429), ErrorCode.LLM_UNAVAILABLE),
        (status(429), reply("not json"), ErrorCode.ANALYSIS_FAILED),
    ],
)
def test_both_failing_raise_the_worse_error(
    openai_server: OpenAIServer, second_server: OpenAIServer, first: Any, second: Any,
    expected: ErrorCode,
) -> None:  # fmt: skip
    """Permanent beats retryable; LLM_UNAVAILABLE beats LLM_RATE_LIMIT."""
    openai_server.chat_default = first
    second_server.chat_default = second
    with pytest.raises((RetryableError, PermanentError)) as caught:
        crosscheck(openai_server, second_server)
    assert caught.value.code is expected


def test_the_two_endpoints_are_called_in_parallel(
    openai_server: OpenAIServer, second_server: OpenAIServer
) -> None:
    """Both answering after 1 s take about 1 s together, not 2 s."""
    openai_server.script("chat", latency(1.0, then=answer(REPLY)))
    second_server.script("chat", latency(1.0, then=answer(REPLY)))
    started = time.perf_counter()
    crosscheck(openai_server, second_server, timeout=5.0)
    assert time.perf_counter() - started < 1.9
