"""Search: the SearchIndex over the latest candidate versions, and the chunk vectors of reembed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SearchFilters:
    """What a search is limited to. The tenant always, and always the latest version of each
    candidate; optionally a minimum total experience and skills the candidate must all list
    (compared case-, space-, dot- and hyphen-insensitively)."""

    tenant_id: str
    min_experience_months: int | None = None
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class CandidateSummary:
    """The non-PII facts a result shows: from the latest version's public profile."""

    candidate_id: str
    record_id: str
    version: int
    total_experience_months: int | None
    skills: tuple[str, ...]
    headline: str


@dataclass(frozen=True)
class ChunkMatch:
    chunk_id: int
    kind: str
    score: float


@dataclass(frozen=True)
class CandidateMatch:
    """One candidate in one retriever's ranking: its best chunks, best first; `score` is the
    best chunk's (cosine similarity, or the keyword relevance where higher is better)."""

    summary: CandidateSummary
    score: float
    chunks: tuple[ChunkMatch, ...]


@dataclass(frozen=True)
class StaleChunk:
    """A chunk whose vector is missing or was made by another model."""

    chunk_id: int
    text: str


class SearchIndex(Protocol):
    """Vector and keyword retrieval over the chunks of the latest candidate versions of one
    tenant. SQLite: an exact NumPy index and FTS5 over Korean morphemes; PostgreSQL: pgvector
    (HNSW, or exact below a size threshold) and full text behind the same methods."""

    async def vector_matches(
        self,
        filters: SearchFilters,
        vector: Sequence[float],
        *,
        text: str,
        model: str,
        limit: int,
    ) -> list[CandidateMatch]:
        """The `limit` best candidates by cosine similarity to `vector` (the embedding of the
        query `text`), using only vectors that `model` made with `len(vector)` dimensions."""
        ...

    async def keyword_matches(
        self, filters: SearchFilters, text: str, *, limit: int
    ) -> list[CandidateMatch]:
        """The `limit` best candidates whose chunks share terms (Korean morphemes, English
        stems) with `text`: a chunk matches when it holds half of the query's distinct terms (of
        its first eight)."""
        ...

    async def chunk_texts(self, chunk_ids: Sequence[int]) -> dict[int, str]:
        """The (redacted) text of each chunk that still exists."""
        ...

    async def refresh(self, tenant_id: str | None) -> int:
        """Bring the keyword index up to date for one tenant (None: all); returns how many
        chunks it indexed. Searches do this themselves when the tenant's data changed."""
        ...


class ChunkVectors(Protocol):
    """Reads chunks that need a vector of the current model and stores the new vectors."""

    async def stale_chunks(
        self, *, model: str, dim: int, every: bool, tenant_id: str | None, after: int, limit: int
    ) -> list[StaleChunk]:
        """Up to `limit` chunks with an id above `after`, by id, that have no vector made by
        `model` with `dim` dimensions (`every`: all chunks)."""
        ...

    async def store_vectors(
        self, vectors: Mapping[int, Sequence[float]], *, model: str, dim: int
    ) -> int:
        """Write each chunk's vector with its model and dimension in one transaction; returns
        how many chunks still existed to take one."""
        ...
