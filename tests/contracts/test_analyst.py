"""The ChatModel, Analyst and IdentityVoter contracts: the same suites on the fakes and on the
real ones (ChatClient against the loopback OpenAI-compatible server, the LLM analyst and voter
over it, the offline rules analyst). The LLM analyst over the fake chat model and over the real
client, given the same reply, must read the same analysis from the same prompt."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from resume_worker.adapters.openai.chat_client import ChatClient, Price
from resume_worker.analysis.llm.analyst import LlmAnalyst
from resume_worker.analysis.llm.structured import parse_json
from resume_worker.analysis.llm.voter import LlmIdentityVoter
from resume_worker.analysis.rules import RulesAnalyst
from resume_worker.core.errors import ErrorCode, RetryableError
from resume_worker.core.models import CandidateProfile
from resume_worker.core.ports.analyst import STRUCTURED_OUTPUTS as MODES
from resume_worker.core.ports.analyst import Analyst, ChatModel, IdentityVoter, ReplyShape
from resume_worker.core.ports.analyst import StructuredOutput as Mode
from tests.analysis.llm.test_analyst import FORM, REPLY, endpoint
from tests.fakes.analyst import (
    Failure,
    FakeAnalyst,
    FakeChatModel,
    FakeIdentityVoter,
    Outage,
)
from tests.openai_server import Behaviour, OpenAIServer, answer, hang, reply, status

SHAPE = ReplyShape("pair", "Two numbers.", {"type": "object", "properties": {}})
ASK = [{"role": "system", "content": "Reply with JSON."}, {"role": "user", "content": "a, b?"}]
VALUE = {"a": 1, "b": "두"}
PRICE = (2.0, 10.0)
LLM: dict[str, Any] = {"send_names": True, "max_prompt_chars": 30000}
FORM_ADDRESS = "서울특별시 마포구 성암로 000, 101동 1001호"
# How the loopback server fails an attempt, and the code a call that keeps failing so raises.
WIRE: dict[Outage, tuple[Behaviour, ErrorCode]] = {
    "timeout": (hang(1.0), ErrorCode.LLM_TIMEOUT),
    "rate_limit": (status(429), ErrorCode.LLM_RATE_LIMIT),
    "unavailable": (status(500), ErrorCode.LLM_UNAVAILABLE),
}


Entry = dict[str, Any] | str | Failure  # a JSON value answered as the mode asks, a text
Sent = list[tuple[int, list[dict[str, Any]]]]


@dataclass
class Chat:
    """A chat model; `script` queues what its endpoint answers (Entry); `sent` is each
    request's max_tokens and messages, `attempts` how many requests were made."""

    model: ChatModel
    script: Callable[..., None]
    sent: Callable[[], Sent]
    attempts: Callable[[], int]


OpenChat = Callable[..., AbstractAsyncContextManager[Chat]]


def wire(entry: Entry) -> Behaviour:
    """An entry as the loopback server answers it."""
    if isinstance(entry, Failure):
        return WIRE[entry.outage][0]
    return reply(entry) if isinstance(entry, str) else answer(entry)


@asynccontextmanager
async def fake_chat(
    mode: Mode = "json_schema", max_output_tokens: int = 4096, price: bool = False
) -> AsyncIterator[Chat]:
    model = FakeChatModel(
        mode=mode, max_output_tokens=max_output_tokens, price=PRICE if price else None
    )

    def script(*entries: Entry) -> None:
        model.script.extend(entries)

    def sent() -> Sent:
        return [(call.max_tokens, call.messages) for call in model.calls]

    yield Chat(model, script, sent, lambda: model.attempts)


@asynccontextmanager
async def real_chat(
    server: OpenAIServer,
    mode: Mode = "json_schema",
    max_output_tokens: int = 4096,
    price: bool = False,
) -> AsyncIterator[Chat]:
    priced = Price(*PRICE) if price else None
    options = {"structured_output": mode, "max_output_tokens": max_output_tokens, "timeout": 0.3}
    client = ChatClient(endpoint(server, price=priced, **options))

    def script(*entries: Entry) -> None:
        server.script("chat", *map(wire, entries))

    def sent() -> Sent:
        return [(r.body["max_tokens"], r.body["messages"]) for r in server.requests]

    try:
        yield Chat(client, script, sent, lambda: len(server.requests))
    finally:
        await client.aclose()


@pytest.fixture(params=["fake", "openai"])
def open_chat(request: pytest.FixtureRequest) -> OpenChat:
    """Opens each chat model (in the test's event loop: the SDK client belongs to one) with a
    mode, an output budget and a price."""
    if request.param == "fake":
        return fake_chat
    server: OpenAIServer = request.getfixturevalue("openai_server")
    return lambda **options: real_chat(server, **options)


def run(opened: AbstractAsyncContextManager[Chat], body: Callable[[Chat], Awaitable[None]]) -> None:
    async def scenario() -> None:
        async with opened as chat:
            await body(chat)

    asyncio.run(scenario())


@pytest.mark.parametrize("mode", MODES)
def test_complete_returns_the_reply_text_and_what_it_cost(open_chat: OpenChat, mode: Mode) -> None:
    """In every structured-output mode the reply text holds the JSON answered (tool arguments or
    content); the usage is one call with its tokens, priced; the mode and output budget are the
    configured ones, and max_tokens goes out as given."""

    async def body(chat: Chat) -> None:
        assert (chat.model.mode, chat.model.max_output_tokens) == (mode, 321)
        chat.script(VALUE)
        got = await chat.model.complete(ASK, SHAPE, max_tokens=100)
        assert parse_json(got.text) == VALUE
        usage = got.usage
        assert usage.calls == 1 and usage.input_tokens > 0 and usage.output_tokens > 0
        assert usage.cost == pytest.approx(
            (usage.input_tokens * 2 + usage.output_tokens * 10) / 1e6
        )
        assert chat.sent() == [(100, ASK)]

    run(open_chat(mode=mode, max_output_tokens=321, price=True), body)


def test_an_unpriced_model_counts_tokens_without_cost(open_chat: OpenChat) -> None:
    """Without a price each call still counts its tokens, with cost None; a plain-text reply
    comes back as it is."""

    async def body(chat: Chat) -> None:
        chat.script("no JSON here")
        got = await chat.model.complete(ASK, SHAPE, max_tokens=50)
        assert got.text == "no JSON here"
        assert (got.usage.calls, got.usage.cost) == (1, None) and got.usage.output_tokens > 0

    run(open_chat(), body)


def test_failures_within_the_budget_are_retried(open_chat: OpenChat) -> None:
    """A 429 then a 5xx, then an answer: the call succeeds on its third attempt (retries=2)."""

    async def body(chat: Chat) -> None:
        chat.script(Failure("rate_limit"), Failure("unavailable"), VALUE)
        got = await chat.model.complete(ASK, SHAPE, max_tokens=50)
        assert parse_json(got.text) == VALUE and chat.attempts() == 3

    run(open_chat(), body)


@pytest.mark.parametrize("outage", list(WIRE))
def test_an_endpoint_that_keeps_failing_raises_its_retryable_code(
    open_chat: OpenChat, outage: Outage
) -> None:
    """Timeouts, 429s or 5xx on every attempt: after three attempts the call raises a
    RetryableError with the LLM_* code of the failure, so the job is retried later."""

    async def body(chat: Chat) -> None:
        chat.script(*[Failure(outage)] * 3)
        with pytest.raises(RetryableError) as caught:
            await chat.model.complete(ASK, SHAPE, max_tokens=50)
        assert caught.value.code is WIRE[outage][1] and caught.value.retryable
        assert chat.attempts() == 3

    run(open_chat(), body)


@pytest.mark.parametrize("mode", MODES)
def test_the_llm_analyst_reads_the_same_over_the_fake_and_the_real_model(
    openai_server: OpenAIServer, mode: Mode
) -> None:
    """Given the same reply, the LLM analyst over the fake chat model and over the real client
    sends the same prompt with the model's output budget and reads the same analysis."""

    async def analyze(opened: AbstractAsyncContextManager[Chat]) -> tuple[Any, ...]:
        async with opened as chat:
            chat.script(REPLY)
            found = await LlmAnalyst(chat.model, **LLM).analyze(FORM)
            assert found.usage is not None and found.usage.calls == 1
            return found.profile, found.field_confidence, found.field_sources, chat.sent()

    fake = asyncio.run(analyze(fake_chat(mode=mode, max_output_tokens=777)))
    real = asyncio.run(analyze(real_chat(openai_server, mode=mode, max_output_tokens=777)))
    assert fake == real
    profile, _, _, ((max_tokens, _),) = fake
    assert profile.name == "김민준" and profile.phones == ["010-0000-1234"] and max_tokens == 777


CONTACTS = {"emails": ["minjun.kim@example.com"], "phones": ["010-0000-1234"]}
EXPECTED = CandidateProfile.model_validate(REPLY | CONTACTS | {"address": FORM_ADDRESS})


@pytest.fixture(params=["fake", "rules", "llm-fake-chat", "llm-openai"])
def open_analyst(
    request: pytest.FixtureRequest,
) -> Callable[[], AbstractAsyncContextManager[Analyst]]:
    """Opens each analyst; the LLM ones over a chat model that answers the resume's profile."""

    @asynccontextmanager
    async def opened() -> AsyncIterator[Analyst]:
        if request.param in ("fake", "rules"):
            yield FakeAnalyst(EXPECTED) if request.param == "fake" else RulesAnalyst()
            return
        server = request.getfixturevalue("openai_server") if request.param == "llm-openai" else None
        async with fake_chat() if server is None else real_chat(server) as chat:
            chat.script(REPLY)
            yield LlmAnalyst(chat.model, **LLM)

    return opened


def test_an_analyst_reads_a_profile_from_a_resume(
    open_analyst: Callable[[], AbstractAsyncContextManager[Analyst]],
) -> None:
    """A one-page resume gives its name, contacts and career; every confidence is for a field
    the profile holds and within 0..1; every source span lies in the text, the name's on it."""

    async def scenario() -> None:
        async with open_analyst() as analyst:
            found = await analyst.analyze(FORM)
        profile = found.profile
        assert profile.name == "김민준" and profile.model_dump(include=set(CONTACTS)) == CONTACTS
        assert profile.careers[0].company == "주식회사 카카오" and analyst.name
        held = profile.model_dump(exclude_defaults=True)
        assert found.field_confidence and set(found.field_confidence) <= set(held)
        assert all(0 < value <= 1 for value in found.field_confidence.values())
        for span in found.field_sources.values():
            assert 0 <= span.start < span.end <= len(FORM.text) and span.page == 1
        name = found.field_sources["name"]
        assert FORM.text[name.start : name.end] == "김민준"

    asyncio.run(scenario())


@pytest.fixture(params=["fake", "llm-fake-chat", "llm-openai"])
def open_voter(
    request: pytest.FixtureRequest,
) -> Callable[..., AbstractAsyncContextManager[IdentityVoter]]:
    """Opens each voter with the people counts its model answers (None: an unreadable answer)."""

    @asynccontextmanager
    async def opened(*people: int | None) -> AsyncIterator[IdentityVoter]:
        if request.param == "fake":
            yield FakeIdentityVoter(*people)
            return
        server = request.getfixturevalue("openai_server") if request.param == "llm-openai" else None
        async with fake_chat() if server is None else real_chat(server) as chat:
            chat.script(*({"people": n} if n is not None else "Sorry?" for n in people))
            yield LlmIdentityVoter(chat.model, **LLM)

    return opened


def test_the_identity_vote(
    open_voter: Callable[..., AbstractAsyncContextManager[IdentityVoter]],
) -> None:
    """One person is voted one person; two are not; zero people or an unreadable answer
    abstain (None, the rules' verdict stands); every vote reports what it cost."""

    async def scenario() -> None:
        async with open_voter(1, 2, 0, None) as voter:
            votes = [await voter.vote(FORM) for _ in range(4)]
        assert [v.one_person for v in votes] == [True, False, None, None]
        assert all(v.usage is not None and v.usage.calls == 1 for v in votes)

    asyncio.run(scenario())
