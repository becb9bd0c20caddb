"""`reembed`: give every chunk a vector of the current embedder (its model and dimension).

Chunks without a vector (a partial embedding failure) and chunks whose vector another model
made are embedded again, a batch at a time, each batch committed on its own; a pass that stops
(an embedding outage, Ctrl-C) is finished by running it again, since only chunks still lacking a
current vector are picked. With `every`, all chunks are re-embedded (a model that changed under
the same name); such a pass resumes from the chunk id it reports (`after`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from resume_worker.core.ports.embedder import Embedder
from resume_worker.core.ports.search import ChunkVectors


@dataclass
class ReembedReport:
    model: str
    dim: int
    batches: int = 0
    embedded: int = 0
    last_chunk_id: int = 0


OnBatch = Callable[[ReembedReport], None]


async def reembed(
    vectors: ChunkVectors,
    embedder: Embedder,
    *,
    batch_size: int,
    every: bool = False,
    tenant_id: str | None = None,
    after: int = 0,
    on_batch: OnBatch = lambda _report: None,
) -> ReembedReport:
    """Embed every stale chunk (id above `after`); `on_batch` is told after each commit."""
    report = ReembedReport(embedder.model, embedder.dim, last_chunk_id=after)
    while True:
        stale = await vectors.stale_chunks(
            model=embedder.model,
            dim=embedder.dim,
            every=every,
            tenant_id=tenant_id,
            after=report.last_chunk_id,
            limit=batch_size,
        )
        if not stale:
            return report
        embedded = await embedder.embed_passages([chunk.text for chunk in stale])
        report.embedded += await vectors.store_vectors(
            {chunk.chunk_id: v for chunk, v in zip(stale, embedded, strict=True)},
            model=embedder.model,
            dim=embedder.dim,
        )
        report.batches += 1
        report.last_chunk_id = stale[-1].chunk_id
        on_batch(report)
