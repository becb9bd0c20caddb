"""The fake Embedder: deterministic hash-seeded unit vectors."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

from resume_worker.core.errors import ErrorCode, RetryableError


class FakeEmbedder:
    """Deterministic hash-seeded unit vectors; one token per whitespace-separated word plus two
    special tokens. Records every batch it was sent; `fail_on` makes a batch holding that text
    fail the way an exhausted embedding call does."""

    def __init__(self, dim: int = 8, max_tokens: int = 512, fail_on: str | None = None) -> None:
        self.model = "fake-embedder"
        self.dim = dim
        self.max_tokens = max_tokens
        self.fail_on = fail_on
        self.batches: list[list[str]] = []

    @property
    def calls(self) -> int:
        return len(self.batches)

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2

    def _vector(self, text: str) -> list[float]:
        digest = hashlib.sha256(text.encode()).digest()
        raw = [digest[i % len(digest)] - 127.5 for i in range(self.dim)]
        norm = math.sqrt(sum(x * x for x in raw)) or 1.0
        return [x / norm for x in raw]

    async def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        self.batches.append(list(texts))
        if self.fail_on is not None and any(self.fail_on in t for t in texts):
            raise RetryableError("embedding call timed out", ErrorCode.EMBEDDING_TIMEOUT)
        return [self._vector(t) for t in texts]

    async def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
