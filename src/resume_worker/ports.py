"""Every external system, named by the role it plays for the pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from resume_worker.models import Analysis, ExtractedText


class Analyst(Protocol):
    """Turns document text into a candidate profile (rules offline, or an LLM)."""

    name: str

    async def analyze(self, text: ExtractedText) -> Analysis: ...


class Embedder(Protocol):
    """Turns passages and queries into unit-length vectors of `dim` floats."""

    model: str
    dim: int
    max_tokens: int

    def count_tokens(self, text: str) -> int: ...

    async def embed_passages(self, texts: Sequence[str]) -> list[list[float]]: ...

    async def embed_query(self, text: str) -> list[float]: ...


class BlobStore(Protocol):
    """Stores opaque (already encrypted) bytes under a key."""

    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...
