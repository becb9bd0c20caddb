"""The query-vector cache in front of an Embedder: a repeated query skips the model."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from resume_worker.core.ports.embedder import Embedder

# Distinct queries whose vectors a process keeps (384 floats each: about 3 MB as Python lists).
QUERY_CACHE_SIZE = 1024


class CachedQueryEmbedder:
    """The embedder with the vectors of the last QUERY_CACHE_SIZE distinct queries kept in the
    process: a repeated query (the next page, a refreshed list, the same search from several
    users) skips the model, the largest single cost of a search (4-6 ms on one core with `local`).
    A query's vector depends on its text and the model only; passages are not cached."""

    def __init__(self, embedder: Embedder, size: int = QUERY_CACHE_SIZE) -> None:
        self._embedder = embedder
        self._size = size
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self.model = embedder.model
        self.dim = embedder.dim
        self.max_tokens = embedder.max_tokens

    def count_tokens(self, text: str) -> int:
        return self._embedder.count_tokens(text)

    async def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return await self._embedder.embed_passages(texts)

    async def embed_query(self, text: str) -> list[float]:
        vector = self._vectors.get(text)
        if vector is None:
            vector = await self._embedder.embed_query(text)
            self._vectors[text] = vector
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        self._vectors.move_to_end(text)
        return vector

    def clear(self) -> None:
        """Forget every query (the benchmark measures searches with the embedding)."""
        self._vectors.clear()
