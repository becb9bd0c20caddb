"""The analysts of stage 4 and the identity vote of stage 3, and the chat model the LLM ones ask."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from resume_worker.core.models import Analysis, ExtractedText, Usage


class Analyst(Protocol):
    """Turns document text into a candidate profile (rules offline, or an LLM)."""

    name: str

    async def analyze(self, text: ExtractedText) -> Analysis: ...


@dataclass(frozen=True)
class IdentityVote:
    """An LLM's answer to "does this text describe one person?" (None: it gave no usable
    answer, so the rules' verdict stands) and what asking cost."""

    one_person: bool | None
    usage: Usage | None = None


class IdentityVoter(Protocol):
    """Asks a model whether a document is one person's resume (the rules have decided first)."""

    async def vote(self, text: ExtractedText) -> IdentityVote: ...


StructuredOutput = Literal["json_schema", "json_object", "tools", "prompt"]
"""How an endpoint is asked for JSON: a response_format schema, JSON mode, a forced tool call,
or the schema in the prompt."""
STRUCTURED_OUTPUTS: tuple[StructuredOutput, ...] = ("json_schema", "json_object", "tools", "prompt")


@dataclass(frozen=True)
class ReplyShape:
    """What a reply must be: a tool/schema name, what it is for, and the JSON schema."""

    name: str
    description: str
    schema: dict[str, Any]


@dataclass(frozen=True)
class ChatReply:
    """The reply text (tool arguments or content) and what the call cost."""

    text: str | None = field(repr=False)
    usage: Usage


class ChatModel(Protocol):
    """One chat endpoint as the LLM analysts use it: asked in its structured-output `mode`, it
    retries its own call per its budget and raises WorkerError when that is spent."""

    @property
    def mode(self) -> StructuredOutput: ...

    @property
    def max_output_tokens(self) -> int: ...

    async def complete(
        self, messages: Sequence[dict[str, Any]], shape: ReplyShape, *, max_tokens: int
    ) -> ChatReply: ...
