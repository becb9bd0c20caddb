"""Stage 7: cut the public profile and the redacted text into typed chunks and embed them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from resume_worker.errors import ErrorCode, WorkerError
from resume_worker.models import (
    CandidateProfile,
    Chunk,
    ChunkKind,
    Chunks,
    EmbeddedChunk,
    ProtectedProfile,
)
from resume_worker.ports import Embedder
from resume_worker.text_windows import Span, fit, hangul_ratio, windows


@dataclass(frozen=True)
class ChunkSizes:
    max_structured_chars: int = 2000
    max_raw_full_chars: int = 8000
    section_size: int = 1500
    section_overlap: int = 300
    korean_threshold: float = 0.5
    korean_size: int = 2000
    korean_overlap: int = 500


def build_chunks(
    protected: ProtectedProfile, sizes: ChunkSizes, fits: Callable[[str], bool]
) -> list[Chunk]:
    """All seven chunk types, in a stable order, each within its size and the token budget.

    raw_full is the redacted text cut to max_raw_full_chars and then to what the embedder
    accepts, so with a 512-token local model it is the document's opening.
    """
    chunks: list[Chunk] = []
    for kind, body in _structured(protected.public):
        for piece in fit(body, Span(0, len(body)), sizes.max_structured_chars, fits):
            chunks.append(Chunk(kind, len(chunks), body[piece.start : piece.end]))
    text = protected.redacted_text
    korean = hangul_ratio(text) >= sizes.korean_threshold
    size = sizes.korean_size if korean else sizes.section_size
    overlap = sizes.korean_overlap if korean else sizes.section_overlap
    raw: list[tuple[ChunkKind, Span]] = [
        ("raw_full", span)
        for span in list(fit(text, Span(0, len(text)), sizes.max_raw_full_chars, fits))[:1]
    ]
    raw += [("raw_section", s) for s in windows(text, size=size, overlap=overlap, fits=fits)]
    for kind, span in raw:
        chunks.append(Chunk(kind, len(chunks), text[span.start : span.end], span.start, span.end))
    return chunks


def _structured(profile: CandidateProfile) -> list[tuple[ChunkKind, str]]:
    drafts: list[tuple[ChunkKind, str]] = []
    summary = profile.summary or _headline(profile)
    if summary:
        drafts.append(("summary", summary))
    for career in profile.careers:
        head = " · ".join(v for v in (career.company, career.department, career.position) if v)
        period = _period(career.start, career.end, career.is_current)
        body = "\n".join([f"{head} ({period})", *career.responsibilities])
        drafts.append(("career", body))
    for project in profile.projects:
        head = " · ".join(v for v in (project.name, project.role) if v)
        parts = [head, project.description or "", ", ".join(project.tech)]
        drafts.append(("project", "\n".join(p for p in parts if p)))
    if profile.skills:
        drafts.append(("skill", "Skills: " + ", ".join(profile.skills)))
    for school in profile.education:
        line = " · ".join(
            v for v in (school.school, school.degree, school.major, school.status) if v
        )
        drafts.append(("education", f"{line} ({_period(school.start, school.end, False)})"))
    return [d for d in drafts if d[1].strip()]


def _headline(profile: CandidateProfile) -> str:
    parts = []
    if profile.total_experience_months:
        years, months = divmod(profile.total_experience_months, 12)
        parts.append(f"{years}y{months}m experience")
    if profile.careers:
        latest = profile.careers[0]
        parts.append(" @ ".join(v for v in (latest.position, latest.company) if v))
    if profile.skills:
        parts.append(", ".join(profile.skills[:10]))
    return " · ".join(p for p in parts if p)


def _period(start: str | None, end: str | None, current: bool) -> str:
    return f"{start or '?'} ~ {'present' if current else end or '?'}"


async def chunk_embed(
    protected: ProtectedProfile, *, embedder: Embedder, sizes: ChunkSizes, batch_size: int
) -> Chunks:
    """Chunk, then embed in batches. A failed batch keeps its chunks without vectors and marks
    the result EMBEDDING_PARTIAL; if every batch fails the error propagates (retryable)."""
    chunks = await asyncio.to_thread(
        build_chunks,
        protected,
        sizes,
        lambda text: embedder.count_tokens(text) <= embedder.max_tokens,
    )
    items: list[EmbeddedChunk] = []
    failure: WorkerError | None = None
    for offset in range(0, len(chunks), batch_size):
        batch = chunks[offset : offset + batch_size]
        try:
            vectors: list[list[float] | None] = list(
                await embedder.embed_passages([c.text for c in batch])
            )
        except WorkerError as exc:
            failure, vectors = exc, [None] * len(batch)
        items += [
            EmbeddedChunk(c, tuple(v) if v is not None else None, embedder.model, embedder.dim)
            for c, v in zip(batch, vectors, strict=True)
        ]
    result = Chunks(tuple(items))
    if failure is not None and result.failed == len(items):
        raise failure
    if failure is not None:
        return Chunks(result.items, (ErrorCode.EMBEDDING_PARTIAL.value,))
    return result
