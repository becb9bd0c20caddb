"""The llm analyst and identity voter against the real loopback OpenAI server and the real SDK."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from resume_worker.adapters.openai.chat_client import ChatClient, Endpoint, Price
from resume_worker.analysis.llm.analyst import LlmAnalyst
from resume_worker.analysis.llm.voter import LlmIdentityVoter
from resume_worker.core.errors import ErrorCode, PermanentError, RetryableError
from resume_worker.core.models import Analysis, ExtractedText, Usage
from resume_worker.core.ports.analyst import STRUCTURED_OUTPUTS as MODES
from resume_worker.core.ports.analyst import IdentityVote
from resume_worker.core.ports.analyst import StructuredOutput as Mode
from tests.openai_server import OpenAIServer, answer, hang, malformed, reply, status
from tests.rules_docs import doc

T = TypeVar("T")
FORM = doc(
    "이 력 서",
    [
        ("성 명", "김민준", "한 자", "金旼俊"),
        ("생년월일", "1994.09.16", "휴 대 폰", "010-0000-1234"),
        ("이 메 일", "minjun.kim@example.com", "주민등록번호", "940916-1234567"),
        ("주 소", "서울특별시 마포구 성암로 000, 101동 1001호"),
    ],
    "경력사항",
    [("기간", "회사명", "직위"), ("2021.04 ~ 현재", "주식회사 카카오", "백엔드 개발자")],
)
SECRETS = (
    "1994.09.16",
    "010-0000-1234",
    "minjun.kim@example.com",
    "940916-1234567",
    "성암로 000",
    "101동 1001호",
)
REPLY = {
    "name": "김민준",
    "name_variants": ["金旼俊"],
    "emails": ["[EMAIL_1]"],
    "phones": ["[PHONE_1]"],
    "address": "[ADDRESS_1]",
    "careers": [
        {"company": "주식회사 카카오", "position": "백엔드 개발자", "start": "2021-04",
         "is_current": True}
    ],
    "skills": ["Kotlin"],
}  # fmt: skip


def endpoint(server: OpenAIServer | str, **overrides: Any) -> Endpoint:
    """Tiny backoffs and timeouts so failure paths finish fast."""
    base_url = server if isinstance(server, str) else server.base_url
    options: dict[str, Any] = {
        "retries": 2,
        "backoff_base_s": 0.001,
        "backoff_max_s": 0.05,
        "timeout": 1.0,
        "connect_timeout": 1.0,
    }
    return Endpoint(base_url=base_url, model="m", **(options | overrides))


def with_client(found: Endpoint, use: Callable[[ChatClient], Awaitable[T]]) -> T:
    async def run() -> T:
        client = ChatClient(found)
        try:
            return await use(client)
        finally:
            await client.aclose()

    return asyncio.run(run())


def analyze(
    found: Endpoint, text: ExtractedText = FORM, *, send_names: bool = True, chars: int = 30000
) -> Analysis:
    return with_client(
        found,
        lambda c: LlmAnalyst(c, send_names=send_names, max_prompt_chars=chars).analyze(text),
    )


def vote(found: Endpoint, text: ExtractedText = FORM) -> IdentityVote:
    voter = lambda c: LlmIdentityVoter(c, send_names=True, max_prompt_chars=30000)  # noqa: E731
    return with_client(found, lambda c: voter(c).vote(text))


@pytest.fixture
def dead_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    return f"http://127.0.0.1:{port}/v1"


@pytest.mark.parametrize("honour", [True, False], ids=["honours", "ignores-format"])
@pytest.mark.parametrize("mode", MODES)
def test_every_mode_returns_the_restored_profile(
    openai_server: OpenAIServer, mode: Mode, honour: bool
) -> None:
    """Each structured-output mode, against a server that honours it or answers in fenced prose
    regardless, yields the profile with the placeholders restored; no PII was sent."""
    openai_server.script("chat", answer(REPLY, honour_format=honour))
    result = analyze(endpoint(openai_server, structured_output=mode))
    profile = result.profile
    assert profile.name == "김민준" and profile.emails == ["minjun.kim@example.com"]
    assert profile.phones == ["010-0000-1234"]
    assert profile.address == "서울특별시 마포구 성암로 000, 101동 1001호"
    assert profile.birth_year == 1994 and profile.careers[0].company == "주식회사 카카오"
    body = openai_server.requests[0].body
    assert ("tools" in body) is (mode == "tools")
    assert ("response_format" in body) is (mode in ("json_schema", "json_object"))
    assert body["max_tokens"] == 4096
    assert openai_server.leaked(*SECRETS) == []


def test_names_stay_home_when_send_names_is_false(openai_server: OpenAIServer) -> None:
    """With send_names=false the name and its Hanja form are placeholders too, restored after."""
    openai_server.script("chat", answer(REPLY | {"name": "[NAME_1]", "name_variants": []}))
    result = analyze(endpoint(openai_server), send_names=False)
    assert openai_server.leaked("김민준", "金旼俊", *SECRETS) == []
    assert result.profile.name == "김민준"


def test_confidence_sources_and_usage_are_recorded(openai_server: OpenAIServer) -> None:
    """Every returned field gets a confidence; the name is located; usage is priced."""
    openai_server.script("chat", answer(REPLY))
    result = analyze(endpoint(openai_server, price=Price(input=2.0, output=10.0)))
    assert set(result.field_confidence) >= {"name", "emails", "phones", "careers", "address"}
    span = result.field_sources["name"]
    assert FORM.text[span.start : span.end] == "김민준"
    usage = result.usage
    assert usage is not None and usage.calls == 1 and usage.input_tokens > 0
    expected = (usage.input_tokens * 2.0 + usage.output_tokens * 10.0) / 1e6
    assert usage.cost == pytest.approx(expected)


def test_a_bad_reply_is_repaired_once(openai_server: OpenAIServer) -> None:
    """A reply that breaks the schema is sent back with the problem; the fixed one is used."""
    openai_server.script("chat", answer({"name": "A", "careers": "many"}), answer(REPLY))
    result = analyze(endpoint(openai_server))
    assert result.profile.name == "김민준" and result.usage and result.usage.calls == 2
    repair = openai_server.requests[1].body["messages"]
    assert repair[-2]["role"] == "assistant" and "careers" in repair[-1]["content"]


def test_an_unfixable_reply_is_analysis_failed(openai_server: OpenAIServer) -> None:
    """Two unusable replies: PermanentError(ANALYSIS_FAILED) after exactly two calls."""
    openai_server.script("chat", reply("I cannot help with that."), reply('{"name": ['))
    with pytest.raises(PermanentError) as caught:
        analyze(endpoint(openai_server))
    assert caught.value.code is ErrorCode.ANALYSIS_FAILED
    assert len(openai_server.requests) == 2


def test_rate_limits_are_retried_within_the_budget(openai_server: OpenAIServer) -> None:
    """Two 429s (Retry-After honoured) then a reply: success on the third call."""
    openai_server.script(
        "chat", status(429, retry_after=0.02), status(429, retry_after=0.02), answer(REPLY)
    )
    assert analyze(endpoint(openai_server)).profile.name == "김민준"
    assert len(openai_server.requests) == 3


@pytest.mark.parametrize(
    ("behaviours", "code"),
    [
        ([status(500)] * 3, ErrorCode.LLM_UNAVAILABLE),
        ([status(429)] * 3, ErrorCode.LLM_RATE_LIMIT),
        ([hang(3)] * 3, ErrorCode.LLM_TIMEOUT),
    ],
)
def test_a_spent_budget_raises_the_mapped_retryable_error(
    openai_server: OpenAIServer, behaviours: list[Any], code: ErrorCode
) -> None:
    """retries=2: three calls, then RetryableError with the code of the last failure."""
    openai_server.script("chat", *behaviours)
    with pytest.raises(RetryableError) as caught:
        analyze(endpoint(openai_server, timeout=0.3))
    assert caught.value.code is code
    assert len(openai_server.requests) == 3


def test_retry_after_beyond_the_cap_gives_up_at_once(openai_server: OpenAIServer) -> None:
    """A server asking for 120 s is not waited for in a worker slot: the job-level retry takes
    over, with the wait in the error's details."""
    openai_server.script("chat", status(429, retry_after=120))
    with pytest.raises(RetryableError) as caught:
        analyze(endpoint(openai_server))
    assert caught.value.details["retry_after_s"] == 120
    assert len(openai_server.requests) == 1


def test_a_dead_endpoint_is_llm_unavailable(dead_url: str) -> None:
    """Connection refused on every attempt -> RetryableError(LLM_UNAVAILABLE)."""
    with pytest.raises(RetryableError) as caught:
        analyze(endpoint(dead_url))
    assert caught.value.code is ErrorCode.LLM_UNAVAILABLE


def test_client_errors_are_not_retried(openai_server: OpenAIServer) -> None:
    """A 400 (say, an unsupported response_format) fails at once, permanently."""
    openai_server.script("chat", status(400))
    with pytest.raises(PermanentError) as caught:
        analyze(endpoint(openai_server))
    assert caught.value.code is ErrorCode.ANALYSIS_FAILED
    assert len(openai_server.requests) == 1


def test_a_broken_http_body_is_a_permanent_failure(openai_server: OpenAIServer) -> None:
    """A 200 whose body is not JSON is mapped by the whitelist (unclassified: permanent)."""
    openai_server.script("chat", malformed())
    with pytest.raises(PermanentError):
        analyze(endpoint(openai_server))


def test_the_prompt_is_budgeted_by_characters(openai_server: OpenAIServer) -> None:
    """A long document is cut to max_prompt_chars before it is sent."""
    openai_server.script("chat", answer(REPLY))
    long = doc(FORM.text, "\n".join(f"프로젝트 설명 {i:05d}" for i in range(3000)))
    analyze(endpoint(openai_server), long, chars=5000)
    sent = openai_server.requests[0].body["messages"][1]["content"]
    assert len(sent) < 5200 and "characters of the document were cut" in sent


def test_the_vote_counts_people(openai_server: OpenAIServer) -> None:
    """{"people": 2} is a no, 1 a yes, 0 or an unreadable answer an abstention; each costs."""
    openai_server.script(
        "chat", answer({"people": 2}), answer({"people": 1}), answer({"people": 0}), reply("?")
    )
    votes = [vote(endpoint(openai_server)) for _ in range(4)]
    assert [v.one_person for v in votes] == [False, True, None, None]
    assert all(isinstance(v.usage, Usage) and v.usage.calls == 1 for v in votes)
    body = openai_server.requests[0].body
    assert body["max_tokens"] <= 64 and "referees" in body["messages"][0]["content"]
    assert openai_server.leaked(*SECRETS) == []


def test_an_unpriced_model_has_no_cost(openai_server: OpenAIServer) -> None:
    """Without a price the usage still counts tokens, with cost None."""
    openai_server.script("chat", answer(REPLY))
    usage = analyze(endpoint(openai_server)).usage
    assert usage is not None and usage.cost is None and usage.output_tokens > 0
    assert json.dumps(usage.__dict__)  # plain numbers only
