"""Stage 7: cut the public profile and the redacted text into typed chunks and embed them, each
distinct text once."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Sequence
from dataclasses import dataclass

from resume_worker.errors import ErrorCode, WorkerError
from resume_worker.models import Chunk, Chunks, EmbeddedChunk, ProtectedProfile
from resume_worker.ports import Embedder
from resume_worker.stages.chunking import ChunkSizes, build_chunks
from resume_worker.text_windows import TokenBudget

__all__ = ["ChunkSizes", "build_chunks", "chunk_embed", "embedding_gap", "embedding_plan"]

Vector = tuple[float, ...]


@dataclass(frozen=True)
class EmbeddingPlan:
    """What to send to the embedder for a list of chunks: each distinct text once (`texts`);
    chunk i takes the vector of texts[sources[i]], or, when `pooled[i]` lists chunk indexes,
    the length-weighted mean of those chunks' vectors."""

    texts: tuple[str, ...]
    sources: tuple[int | None, ...]
    pooled: tuple[tuple[int, ...], ...]


def embedding_plan(chunks: Sequence[Chunk]) -> EmbeddingPlan:
    """raw_full is pooled from the raw sections it is made of (the model itself averages its
    512-token windows the same way for a long input), so the document's opening is not embedded
    twice; any text that two chunks share is embedded once."""
    sections = [i for i, c in enumerate(chunks) if c.kind == "raw_section"]
    texts: dict[str, int] = {}
    sources: list[int | None] = []
    pooled: list[tuple[int, ...]] = []
    for chunk in chunks:
        parts = _parts_of(chunk, chunks, sections) if chunk.kind == "raw_full" else ()
        pooled.append(parts)
        sources.append(None if parts else texts.setdefault(chunk.text, len(texts)))
    return EmbeddingPlan(tuple(texts), tuple(sources), tuple(pooled))


def _parts_of(full: Chunk, chunks: Sequence[Chunk], sections: list[int]) -> tuple[int, ...]:
    """The raw sections that tile raw_full exactly (first starts, last ends where it does)."""
    inside = tuple(
        i for i in sections if full.start <= chunks[i].start and chunks[i].end <= full.end
    )
    if inside and chunks[inside[0]].start == full.start and chunks[inside[-1]].end == full.end:
        return inside
    return ()


async def chunk_embed(
    protected: ProtectedProfile, *, embedder: Embedder, sizes: ChunkSizes, batch_size: int
) -> Chunks:
    """Chunk, then embed in batches. A failed batch leaves its chunks without vectors (stored
    with none, for `reembed` to fill) and marks the result EMBEDDING_PARTIAL; when every batch
    fails the error propagates, so a retryable failure retries the whole job."""
    budget = TokenBudget(embedder.count_tokens, embedder.max_tokens)
    chunks = await asyncio.to_thread(build_chunks, protected, sizes, budget)
    plan = embedding_plan(chunks)
    vectors, failure = await _embed(plan.texts, embedder, batch_size)
    if failure is not None and all(v is None for v in vectors):
        raise failure
    items = tuple(
        EmbeddedChunk(chunk, _vector_of(i, plan, chunks, vectors), embedder.model, embedder.dim)
        for i, chunk in enumerate(chunks)
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


def _vector_of(
    index: int, plan: EmbeddingPlan, chunks: Sequence[Chunk], vectors: list[Vector | None]
) -> Vector | None:
    source = plan.sources[index]
    if source is not None:
        return vectors[source]
    parts = [
        (len(chunks[i].text), _vector_of(i, plan, chunks, vectors)) for i in plan.pooled[index]
    ]
    weighted = [(weight, vector) for weight, vector in parts if vector is not None]
    return _mean(weighted) if len(weighted) == len(parts) else None


def _mean(parts: list[tuple[int, Vector]]) -> Vector:
    """Weighted mean of unit vectors, scaled back to unit length."""
    total = [sum(weight * vector[d] for weight, vector in parts) for d in range(len(parts[0][1]))]
    norm = math.sqrt(sum(x * x for x in total)) or 1.0
    return tuple(x / norm for x in total)
