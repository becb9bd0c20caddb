"""The Embedder: passages and queries to unit-length vectors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Embedder(Protocol):
    """Turns passages and queries into unit-length vectors of `dim` floats."""

    model: str
    dim: int
    max_tokens: int

    def count_tokens(self, text: str) -> int: ...

    async def embed_passages(self, texts: Sequence[str]) -> list[list[float]]: ...

    async def embed_query(self, text: str) -> list[float]: ...
