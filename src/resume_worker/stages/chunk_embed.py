"""Stage 7: cut the public profile and the redacted text into typed chunks and embed them, each
distinct text once."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.models import Chunk, Chunks, EmbeddedChunk, ProtectedProfile
from resume_worker.core.ports.embedder import Embedder
from resume_worker.stages.chunking import ChunkSizes, build_chunks
from resume_worker.text.text_windows import TokenBudget

__all__ = ["ChunkSizes", "build_chunks", "chunk_embed", "embedding_gap", "embedding_plan"]

Vector = tuple[float, ...]


def embedding_plan(chunks: Sequence[Chunk]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """(each distinct text once, the index of each chunk's text among them). raw_full ends where
    a raw section ends, so with a 512-token model, whose limit the first section already nearly
    fills, it is that section's text and costs nothing; summary and skill texts can repeat too."""
    texts: dict[str, int] = {}
    sources = tuple(texts.setdefault(chunk.text, len(texts)) for chunk in chunks)
    return tuple(texts), sources


async def chunk_embed(
    protected: ProtectedProfile, *, embedder: Embedder, sizes: ChunkSizes, batch_size: int
) -> Chunks:
    """Chunk, then embed in batches. A failed batch leaves its chunks without vectors (stored
    with none, for `reembed` to fill) and marks the result EMBEDDING_PARTIAL; when every batch
    fails the error propagates, so a retryable failure retries the whole job."""
    budget = TokenBudget(embedder.count_tokens, embedder.max_tokens)
    chunks = await asyncio.to_thread(build_chunks, protected, sizes, budget)
    texts, sources = embedding_plan(chunks)
    vectors, failure = await _embed(texts, embedder, batch_size)
    if failure is not None and all(v is None for v in vectors):
        raise failure
    items = tuple(
        EmbeddedChunk(chunk, vectors[source], embedder.model, embedder.dim)
        for chunk, source in zip(chunks, sources, strict=True)
    )
    result = Chunks(items)
    if result.failed:
        return Chunks(items, (ErrorCode.EMBEDDING_PARTIAL.value,))
    return result


def embedding_gap(chunks: Chunks) -> tuple[ErrorCode | None, str | None]:
    """The error code and message of a partial job (counts only, no text), or (None, None)
    when every chunk has its vector."""
    if not chunks.failed:
        return None, None
    return ErrorCode.EMBEDDING_PARTIAL, (
        f"{chunks.failed} of {len(chunks.items)} chunks have no vector (their embedding call "
        "failed); they are stored and searchable by keyword, and `resume-worker reembed` "
        "fills them"
    )


async def _embed(
    texts: Sequence[str], embedder: Embedder, batch_size: int
) -> tuple[list[Vector | None], WorkerError | None]:
    vectors: list[Vector | None] = []
    failure: WorkerError | None = None
    for offset in range(0, len(texts), batch_size):
        batch = texts[offset : offset + batch_size]
        try:
            vectors += [tuple(v) for v in await embedder.embed_passages(batch)]
        except WorkerError as exc:
            failure = exc
            vectors += [None] * len(batch)
    return vectors, failure
