"""One OpenAI-compatible chat endpoint: the official SDK with its retries off, and ours on.

DESIGN §2: this adapter retries its own call within `retries` extra attempts (exponential
backoff with full jitter, capped; Retry-After honoured when it fits under the cap) through the
one retry loop, core/retry.py. A server asking for more than the cap, or a spent budget, ends the
call with the mapped RetryableError, and the job-level retry (delayed by the scheduler) takes over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import openai

from resume_worker.adapters.openai.retry import openai_retry
from resume_worker.core.models import Usage
from resume_worker.core.ports.analyst import ChatReply, ReplyShape, StructuredOutput

# The SDK refuses to start without a key; local servers (vLLM, Ollama) need none.
NO_KEY = "no-key"
# Token counts when an endpoint reports none: about four characters per token.
CHARS_PER_TOKEN = 4


@dataclass(frozen=True)
class Price:
    """Price per million input and output tokens."""

    input: float
    output: float

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return round((input_tokens * self.input + output_tokens * self.output) / 1_000_000, 8)


@dataclass(frozen=True)
class Endpoint:
    """Everything needed to call one model, as plain values from settings."""

    base_url: str
    model: str
    api_key: str = field(default="", repr=False)
    structured_output: StructuredOutput = "json_schema"
    timeout: float = 120.0
    connect_timeout: float = 10.0
    retries: int = 2
    backoff_base_s: float = 1.0
    backoff_max_s: float = 30.0
    max_output_tokens: int = 4096
    price: Price | None = None


class ChatClient:
    """The ChatModel of one endpoint on an AsyncOpenAI client; create it on the loop that will
    use it."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self._client = openai.AsyncOpenAI(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key or NO_KEY,
            max_retries=0,
            timeout=openai.Timeout(endpoint.timeout, connect=endpoint.connect_timeout),
        )
        self._retry = openai_retry(
            "llm", endpoint.retries, endpoint.backoff_base_s, endpoint.backoff_max_s
        )

    @property
    def mode(self) -> StructuredOutput:
        return self.endpoint.structured_output

    @property
    def max_output_tokens(self) -> int:
        return self.endpoint.max_output_tokens

    async def aclose(self) -> None:
        await self._client.close()

    async def complete(
        self, messages: Sequence[dict[str, Any]], shape: ReplyShape, *, max_tokens: int
    ) -> ChatReply:
        """One chat completion in the endpoint's structured-output mode, retried per budget."""
        options = request_options(self.mode, shape)

        async def call() -> Any:
            return await self._client.chat.completions.create(
                model=self.endpoint.model,
                messages=list(messages),  # type: ignore[arg-type]
                max_tokens=max_tokens,
                **options,
            )

        completion = await self._retry.run(call)
        choices = getattr(completion, "choices", None) or []
        text = reply_text(choices[0].message) if choices else None
        return ChatReply(text, self._usage(completion, messages, text))

    def _usage(
        self, completion: Any, messages: Sequence[dict[str, Any]], text: str | None
    ) -> Usage:
        """Reported token counts, or estimates from characters when the endpoint gave none."""
        reported = getattr(completion, "usage", None)
        tokens_in = getattr(reported, "prompt_tokens", None)
        tokens_out = getattr(reported, "completion_tokens", None)
        if not isinstance(tokens_in, int) or not isinstance(tokens_out, int):
            chars = sum(len(str(message.get("content") or "")) for message in messages)
            tokens_in = -(-chars // CHARS_PER_TOKEN)
            tokens_out = -(-len(text or "") // CHARS_PER_TOKEN)
        price = self.endpoint.price
        cost = price.cost(tokens_in, tokens_out) if price is not None else None
        return Usage(1, tokens_in, tokens_out, cost)


def request_options(mode: StructuredOutput, shape: ReplyShape) -> dict[str, Any]:
    """The extra chat.completions.create arguments of a mode."""
    if mode == "json_schema":
        schema = {"name": shape.name, "description": shape.description, "schema": shape.schema}
        return {"response_format": {"type": "json_schema", "json_schema": schema}}
    if mode == "json_object":
        return {"response_format": {"type": "json_object"}}
    if mode == "tools":
        function = {
            "name": shape.name,
            "description": shape.description,
            "parameters": shape.schema,
        }
        return {
            "tools": [{"type": "function", "function": function}],
            "tool_choice": {"type": "function", "function": {"name": shape.name}},
        }
    return {}


def reply_text(message: Any) -> str | None:
    """The arguments of the first tool call, or the message text (whatever the mode was)."""
    for call in getattr(message, "tool_calls", None) or ():
        arguments = getattr(getattr(call, "function", None), "arguments", None)
        if isinstance(arguments, str) and arguments.strip():
            return arguments
    content = getattr(message, "content", None)
    return content if isinstance(content, str) else None
