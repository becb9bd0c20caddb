"""The fake analysts and chat model: scripted answers, every call recorded."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from resume_worker.core.errors import ErrorCode, RetryableError
from resume_worker.core.models import Analysis, CandidateProfile, ExtractedText, SourceSpan, Usage
from resume_worker.core.ports.analyst import ChatReply, IdentityVote, ReplyShape, StructuredOutput

# Token counts as the real client estimates them when an endpoint reports none.
CHARS_PER_TOKEN = 4
Outage = Literal["timeout", "rate_limit", "unavailable"]
OUTAGE_CODES: dict[Outage, ErrorCode] = {
    "timeout": ErrorCode.LLM_TIMEOUT,
    "rate_limit": ErrorCode.LLM_RATE_LIMIT,
    "unavailable": ErrorCode.LLM_UNAVAILABLE,
}


@dataclass(frozen=True)
class Failure:
    """One attempt the endpoint fails: a timeout, a 429 or a 5xx / refused connection."""

    outage: Outage


Scripted = str | dict[str, Any] | Failure | None


@dataclass(frozen=True)
class ChatCall:
    """One complete() call as the model was asked it."""

    messages: list[dict[str, Any]]
    shape: ReplyShape
    max_tokens: int


def tokens(chars: int) -> int:
    return -(-chars // CHARS_PER_TOKEN)


class FakeChatModel:
    """A ChatModel answering from a script, one entry per attempt: a reply text (None: an
    empty reply), a JSON value (replied as its JSON text) or a Failure. A failed attempt is retried up to `retries` more times within
    one call, as the real client does, then the call raises the outage's retryable LLM_* error.
    Usage counts one call per complete(), tokens estimated from characters, priced by `price`
    (per million input and output tokens) when given."""

    def __init__(
        self,
        *script: Scripted,
        mode: StructuredOutput = "json_schema",
        max_output_tokens: int = 4096,
        retries: int = 2,
        price: tuple[float, float] | None = None,
    ) -> None:
        self._mode = mode
        self._max_output_tokens = max_output_tokens
        self.retries = retries
        self.price = price
        self.script: deque[Scripted] = deque(script)
        self.calls: list[ChatCall] = []
        self.attempts = 0

    @property
    def mode(self) -> StructuredOutput:
        return self._mode

    @property
    def max_output_tokens(self) -> int:
        return self._max_output_tokens

    async def complete(
        self, messages: Sequence[dict[str, Any]], shape: ReplyShape, *, max_tokens: int
    ) -> ChatReply:
        self.calls.append(ChatCall([dict(m) for m in messages], shape, max_tokens))
        failure = Failure("unavailable")
        for _ in range(self.retries + 1):
            assert self.script, "FakeChatModel was asked more often than it was scripted"
            self.attempts += 1
            entry = self.script.popleft()
            if not isinstance(entry, Failure):
                text = json.dumps(entry, ensure_ascii=False) if isinstance(entry, dict) else entry
                return ChatReply(text, self._usage(messages, text))
            failure = entry
        raise RetryableError(f"llm call failed ({failure.outage})", OUTAGE_CODES[failure.outage])

    def _usage(self, messages: Sequence[dict[str, Any]], text: str | None) -> Usage:
        sent = tokens(sum(len(str(m.get("content") or "")) for m in messages))
        got = tokens(len(text or ""))
        if self.price is None:
            return Usage(1, sent, got, None)
        cost = round((sent * self.price[0] + got * self.price[1]) / 1_000_000, 8)
        return Usage(1, sent, got, cost)


class FakeAnalyst:
    """An Analyst that reads every text as `profile`: each field it holds gets `confidence`,
    the name, first e-mail and first phone a source span where they appear in the text. Records
    the texts it was given; `error` makes it fail as an analyst that could not answer."""

    def __init__(
        self,
        profile: CandidateProfile,
        *,
        name: str = "fake",
        confidence: float = 0.8,
        usage: Usage | None = None,
        error: Exception | None = None,
    ) -> None:
        self.name = name
        self.profile = profile
        self.confidence = confidence
        self.usage = usage
        self.error = error
        self.texts: list[ExtractedText] = []

    async def analyze(self, text: ExtractedText) -> Analysis:
        self.texts.append(text)
        if self.error is not None:
            raise self.error
        present = self.profile.model_dump(exclude_defaults=True)
        confidence = dict.fromkeys(present, self.confidence)
        return Analysis(self.profile, confidence, self._sources(text), self.usage)

    def _sources(self, text: ExtractedText) -> dict[str, SourceSpan]:
        profile = self.profile
        wanted = {"name": profile.name}
        wanted |= {
            key: values[0] for key in ("emails", "phones") if (values := getattr(profile, key))
        }
        spans = {}
        for key, value in wanted.items():
            start = text.text.find(value) if value else -1
            if value and start >= 0:
                page = next((b.page for b in reversed(text.blocks) if b.start <= start), 1)
                spans[key] = SourceSpan(page, start, start + len(value))
        return spans


class FakeIdentityVoter:
    """An IdentityVoter answering from a script of people counts, read as the LLM voter reads a
    model's count: 1 is one person, more is not, 0 or None (an unreadable answer) abstains.
    Each vote costs `usage`; records the texts."""

    def __init__(self, *people: int | None, usage: Usage | None = None) -> None:
        self.people: deque[int | None] = deque(people)
        self.usage = usage or Usage(1, 0, 0, None)
        self.texts: list[ExtractedText] = []

    async def vote(self, text: ExtractedText) -> IdentityVote:
        self.texts.append(text)
        assert self.people, "FakeIdentityVoter was asked more often than it was scripted"
        count = self.people.popleft()
        return IdentityVote(None if not count else count == 1, self.usage)
