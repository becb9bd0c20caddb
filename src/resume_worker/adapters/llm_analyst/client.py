"""One OpenAI-compatible chat endpoint: the official SDK with its retries off, and ours on.

DESIGN §2: this adapter retries its own call within `retries` extra attempts, waiting with
exponential backoff and full jitter up to a cap, or as long as Retry-After asks when that fits
under the cap. A server asking for more than the cap, or a spent budget, ends the call with the
mapped RetryableError, and the job-level retry (delayed by the scheduler) takes over; SDK and
transport failures are mapped through the one whitelist, adapters/error_map.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import openai
import structlog

from resume_worker.adapters.error_map import to_worker_error
from resume_worker.adapters.llm_analyst.structured import (
    Mode,
    ReplyShape,
    reply_text,
    request_options,
)
from resume_worker.backoff import full_jitter
from resume_worker.errors import WorkerError
from resume_worker.models import Usage

log = structlog.get_logger("resume_worker.llm")
T = TypeVar("T")
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
    structured_output: Mode = "json_schema"
    timeout: float = 120.0
    connect_timeout: float = 10.0
    retries: int = 2
    backoff_base_s: float = 1.0
    backoff_max_s: float = 30.0
    max_output_tokens: int = 4096
    price: Price | None = None


@dataclass(frozen=True)
class ChatReply:
    """The reply text (tool arguments or content) and what the call cost."""

    text: str | None = field(repr=False)
    usage: Usage


class ChatClient:
    """An AsyncOpenAI client for one endpoint; create it on the loop that will use it."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self._client = openai.AsyncOpenAI(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key or NO_KEY,
            max_retries=0,
            timeout=openai.Timeout(endpoint.timeout, connect=endpoint.connect_timeout),
        )

    @property
    def mode(self) -> Mode:
        return self.endpoint.structured_output

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

        completion = await self._retrying(call)
        choices = getattr(completion, "choices", None) or []
        text = reply_text(choices[0].message) if choices else None
        return ChatReply(text, self._usage(completion, messages, text))

    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        attempt = 0
        while True:
            attempt += 1
            try:
                return await call()
            except (openai.APIError, ValueError) as exc:  # ValueError: an unparseable body
                error = to_worker_error(exc, "llm")
                wait = self._wait(error, attempt)
                if wait is None:
                    raise error from exc
                log.warning(
                    "llm call failed, retrying",
                    code=error.code.value,
                    attempt=attempt,
                    wait_s=round(wait, 3),
                )
            await asyncio.sleep(wait)

    def _wait(self, error: WorkerError, attempt: int) -> float | None:
        """Seconds before the next attempt, or None when the call must give up now."""
        endpoint = self.endpoint
        if not error.retryable or attempt > endpoint.retries:
            return None
        wait = full_jitter(attempt, endpoint.backoff_base_s, endpoint.backoff_max_s)
        asked = error.details.get("retry_after_s")
        if isinstance(asked, int | float):
            if asked > endpoint.backoff_max_s:
                return None
            wait = max(wait, float(asked))
        return wait

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
