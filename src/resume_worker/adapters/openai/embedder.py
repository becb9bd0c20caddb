"""An Embedder for any OpenAI-compatible /v1/embeddings endpoint, on the official SDK.

The SDK's own retries are off; this adapter retries each batch within `retries` extra attempts
(exponential backoff with full jitter, capped; Retry-After honoured when it fits under the cap)
through the one retry loop, core/retry.py, per DESIGN §2. What is left after that budget is our
RetryableError (EMBEDDING_TIMEOUT) through the one whitelist, adapters/error_map.py, and
chunk_embed decides between a partial job and a retried one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import openai

from resume_worker.adapters.openai.retry import openai_retry
from resume_worker.core.errors import ErrorCode, PermanentError

# The SDK refuses to start without a key; local servers (vLLM, TEI, Ollama) need none.
NO_KEY = "no-key"
# Special tokens a server may add around an input, kept free below the model's limit.
RESERVED_TOKENS = 8


@dataclass(frozen=True)
class EmbeddingEndpoint:
    """Everything needed to call one embedding model, as plain values from settings."""

    base_url: str
    model: str
    dim: int
    api_key: str = field(default="", repr=False)
    send_dimensions: bool = False
    max_input_tokens: int = 8191
    batch_size: int = 16
    timeout: float = 60.0
    retries: int = 3
    backoff_min_s: float = 1.0
    backoff_max_s: float = 10.0


class OpenAIEmbedder:
    """Embeds through an OpenAI-compatible server; create it on the loop that will use it.

    Without the server's tokenizer, a text's tokens are counted as its UTF-8 bytes: byte-level
    BPE (OpenAI's models) never makes more tokens than bytes and SentencePiece never more than
    characters, so the count is a safe upper bound for either, generous for English. Texts over
    the limit are cut to it before sending, which only a query or an old chunk can need.
    """

    def __init__(self, endpoint: EmbeddingEndpoint) -> None:
        self.endpoint = endpoint
        self.model = endpoint.model
        self.dim = endpoint.dim
        self.max_tokens = endpoint.max_input_tokens - RESERVED_TOKENS
        self._client = openai.AsyncOpenAI(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key or NO_KEY,
            max_retries=0,
            timeout=endpoint.timeout,
        )
        self._retry = openai_retry(
            "embedding", endpoint.retries, endpoint.backoff_min_s, endpoint.backoff_max_s
        )

    async def aclose(self) -> None:
        await self._client.close()

    def count_tokens(self, text: str) -> int:
        return len(text.encode("utf-8"))

    def truncated(self, text: str) -> str:
        """`text` cut (at a character boundary) to at most max_tokens by count_tokens."""
        data = text.encode("utf-8")
        if len(data) <= self.max_tokens:
            return text
        return data[: self.max_tokens].decode("utf-8", errors="ignore")

    async def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        """One request per batch_size texts (each batch retried on its own)."""
        size = self.endpoint.batch_size
        vectors: list[list[float]] = []
        for offset in range(0, len(texts), size):
            vectors += await self._embed([self.truncated(t) for t in texts[offset : offset + size]])
        return vectors

    async def embed_query(self, text: str) -> list[float]:
        return (await self._embed([self.truncated(text)]))[0]

    async def _embed(self, texts: list[str]) -> list[list[float]]:
        options: dict[str, Any] = {"dimensions": self.dim} if self.endpoint.send_dimensions else {}

        async def call() -> Any:
            return await self._client.embeddings.create(
                model=self.model, input=texts, encoding_format="float", **options
            )

        response = await self._retry.run(call)
        return self._vectors(response, len(texts))

    def _vectors(self, response: Any, count: int) -> list[list[float]]:
        """The response's vectors in input order, at unit length; a reply of the wrong shape
        (count, dimension, non-numbers) is a misconfigured or broken server, not worth a retry."""
        rows = sorted(getattr(response, "data", None) or [], key=lambda row: row.index)
        vectors = [list(getattr(row, "embedding", None) or []) for row in rows]
        if len(vectors) != count or any(len(v) != self.dim for v in vectors):
            found = sorted({len(v) for v in vectors})
            raise PermanentError(
                f"embedding call returned {len(vectors)} vectors of {found} dimensions for "
                f"{count} inputs (expected {self.dim}; check embedding.model and embedding.dim)",
                ErrorCode.INTERNAL_ERROR,
            )
        return [_unit(vector) for vector in vectors]


def _unit(vector: list[Any]) -> list[float]:
    try:
        values = [float(x) for x in vector]
    except (TypeError, ValueError):
        values = [math.nan]
    norm = math.sqrt(sum(x * x for x in values))
    if not math.isfinite(norm) or norm == 0:
        raise PermanentError(
            "embedding call returned a zero, non-finite or non-numeric vector",
            ErrorCode.INTERNAL_ERROR,
        )
    return [x / norm for x in values]
