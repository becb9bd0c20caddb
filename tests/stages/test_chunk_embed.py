"""chunk_embed: the seven chunk types, size limits, token budget and partial embedding."""

from __future__ import annotations

import asyncio

import pytest

from resume_worker.errors import ErrorCode, WorkerError
from resume_worker.models import CandidateProfile, Career, Education, Project, ProtectedProfile
from resume_worker.stages.chunk_embed import ChunkSizes, build_chunks, chunk_embed
from tests.fakes import FakeEmbedder

ENGLISH = " ".join(f"Sentence number {i} about Kafka pipelines." for i in range(300))
KOREAN = " ".join(f"{i}번째 문장은 카프카 파이프라인 운영 경험입니다." for i in range(300))


def protected(text: str = ENGLISH) -> ProtectedProfile:
    profile = CandidateProfile(
        careers=[
            Career(
                company="Acme",
                position="Engineer",
                start="2019-03",
                is_current=True,
                responsibilities=["Built Kafka pipelines"],
            )
        ],
        education=[Education(school="Seoul National University", degree="B.S.", major="CS")],
        projects=[Project(name="Search", description="Hybrid search", tech=["Python"])],
        skills=["Python", "Kafka"],
        total_experience_months=62,
    )
    return ProtectedProfile("r1", profile, {}, (), text, {}, {})


def test_all_seven_chunk_types_in_order() -> None:
    """summary, career, project, skill, education, raw_full and raw_section all appear."""
    chunks = build_chunks(protected(), ChunkSizes(), lambda _: True)
    kinds = [c.kind for c in chunks]
    assert kinds[:5] == ["summary", "career", "project", "skill", "education"]
    assert kinds[5] == "raw_full" and set(kinds[6:]) == {"raw_section"}
    assert [c.order for c in chunks] == list(range(len(chunks)))
    assert "5y2m" in chunks[0].text


def test_sizes_follow_language() -> None:
    """Korean text (hangul ratio >= threshold) uses korean_size; English uses section_size."""
    sizes = ChunkSizes(section_size=300, section_overlap=50, korean_size=600, korean_overlap=100)
    english = [
        c
        for c in build_chunks(protected(ENGLISH), sizes, lambda _: True)
        if c.kind == "raw_section"
    ]
    korean = [
        c for c in build_chunks(protected(KOREAN), sizes, lambda _: True) if c.kind == "raw_section"
    ]
    assert max(len(c.text) for c in english) <= 300 < max(len(c.text) for c in korean) <= 600
    assert all(c.end - c.start == len(c.text) for c in english)


def test_raw_full_capped_by_chars_and_tokens() -> None:
    """raw_full holds at most max_raw_full_chars and never more tokens than the embedder takes."""
    embedder = FakeEmbedder(max_tokens=100)
    chunks = build_chunks(
        protected(),
        ChunkSizes(max_raw_full_chars=5000),
        lambda t: embedder.count_tokens(t) <= embedder.max_tokens,
    )
    assert all(embedder.count_tokens(c.text) <= 100 for c in chunks)
    full = next(c for c in chunks if c.kind == "raw_full")
    assert len(full.text) <= 5000 and ENGLISH.startswith(full.text)


def test_chunk_embed_embeds_every_chunk() -> None:
    """Every chunk gets a vector of the embedder's dimension and its model name."""
    result = asyncio.run(
        chunk_embed(protected(), embedder=FakeEmbedder(), sizes=ChunkSizes(), batch_size=4)
    )
    assert result.failed == 0 and result.warnings == ()
    assert all(len(i.vector or ()) == 8 and i.model == "fake-embedder" for i in result.items)


def test_partial_embedding_failure_keeps_the_rest() -> None:
    """A failing batch stores its chunks without vectors and marks EMBEDDING_PARTIAL."""
    embedder = FakeEmbedder(fail_on="Hybrid search")
    result = asyncio.run(
        chunk_embed(protected(), embedder=embedder, sizes=ChunkSizes(), batch_size=1)
    )
    assert result.failed == 1 and len(result.items) > 1
    assert result.warnings == (ErrorCode.EMBEDDING_PARTIAL.value,)


def test_total_embedding_failure_raises_retryable() -> None:
    """When nothing could be embedded the retryable error propagates."""
    embedder = FakeEmbedder(fail_on="")
    with pytest.raises(WorkerError) as caught:
        asyncio.run(chunk_embed(protected(), embedder=embedder, sizes=ChunkSizes(), batch_size=4))
    assert caught.value.retryable and caught.value.code is ErrorCode.EMBEDDING_TIMEOUT
