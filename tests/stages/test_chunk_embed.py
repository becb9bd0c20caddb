"""chunk_embed: the seven chunk types, sizes and token limits, source spans, each text embedded
once, raw_full pooled from its sections, and partial embedding."""

from __future__ import annotations

import asyncio
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.models import CandidateProfile, Career, Education, Project, ProtectedProfile
from resume_worker.stages.chunk_embed import ChunkSizes, build_chunks, chunk_embed
from resume_worker.text.text_windows import TokenBudget
from tests.fakes.embedder import FakeEmbedder

ENGLISH = " ".join(f"Sentence number {i} about Kafka pipelines." for i in range(300))
KOREAN = " ".join(f"{i}번째 문장은 카프카 파이프라인 운영 경험입니다." for i in range(300))
RESUME = (
    "Backend Engineer\nAcme Corp · Engineer\n2019.03 - present\n"
    "Built Kafka pipelines for payments.\nRan PostgreSQL clusters.\n"
    "Seoul National University, B.S. Computer Science\nSkills: Python, Kafka\n" + ENGLISH
)


def protected(text: str = RESUME) -> ProtectedProfile:
    profile = CandidateProfile(
        careers=[
            Career(
                company="Acme Corp",
                position="Engineer",
                start="2019-03",
                is_current=True,
                responsibilities=[
                    "Built Kafka pipelines for payments.",
                    "Ran PostgreSQL clusters.",
                ],
            )
        ],
        education=[
            Education(school="Seoul National University", degree="B.S.", major="Computer Science")
        ],
        projects=[Project(name="Search", description="Hybrid search", tech=["Python"])],
        skills=["Python", "Kafka"],
        total_experience_months=62,
    )
    return ProtectedProfile("rec-1", profile, {}, (), text, {}, {})


def budget(embedder: FakeEmbedder) -> TokenBudget:
    return TokenBudget(embedder.count_tokens, embedder.max_tokens)


def test_all_seven_chunk_types_in_order_with_version_and_spans() -> None:
    """summary, career, project, skill, education, raw_full and raw_section appear in a stable
    order; every chunk names its candidate version; raw spans are exact offsets and the career's
    span covers where its values are in the text."""
    chunks = build_chunks(protected(), ChunkSizes(), budget(FakeEmbedder()))
    kinds = [c.kind for c in chunks]
    assert kinds[:5] == ["summary", "career", "project", "skill", "education"]
    assert kinds[5] == "raw_full" and set(kinds[6:]) == {"raw_section"}
    assert [c.order for c in chunks] == list(range(len(chunks)))
    assert {c.record_id for c in chunks} == {"rec-1"}
    assert "5y2m" in chunks[0].text and (chunks[0].start, chunks[0].end) == (0, 0)
    for chunk in chunks[5:]:
        assert RESUME[chunk.start : chunk.end] == chunk.text
    career = chunks[1]
    assert RESUME[career.start : career.end].startswith("Acme Corp")
    assert RESUME[career.start : career.end].endswith("Ran PostgreSQL clusters.")
    education = chunks[4]
    assert RESUME[education.start : education.end] == (
        "Seoul National University, B.S. Computer Science"
    )


def test_sizes_follow_language() -> None:
    """Korean text (hangul ratio >= threshold) uses korean_size; English uses section_size."""
    sizes = ChunkSizes(section_size=300, section_overlap=50, korean_size=600, korean_overlap=100)
    english = [c for c in build_chunks(protected(ENGLISH), sizes, None) if c.kind == "raw_section"]
    korean = [c for c in build_chunks(protected(KOREAN), sizes, None) if c.kind == "raw_section"]
    assert max(len(c.text) for c in english) <= 300 < max(len(c.text) for c in korean) <= 600
    assert all(c.end - c.start == len(c.text) for c in english + korean)


def test_korean_sections_end_at_sentences_kiwipiepy_finds() -> None:
    """Korean sentences without full stops are still cut between sentences, not mid-sentence."""
    sentence = "저는 카프카 기반 결제 파이프라인을 설계하고 운영했습니다"
    text = " ".join([sentence] * 40)
    sections = [
        c
        for c in build_chunks(protected(text), ChunkSizes(korean_size=200, korean_overlap=60), None)
        if c.kind == "raw_section"
    ]
    assert len(sections) > 5
    assert all(c.text.startswith("저는") and c.text.endswith("운영했습니다") for c in sections)


def test_raw_full_capped_by_chars_and_tokens_and_made_of_sections() -> None:
    """raw_full holds at most max_raw_full_chars and never more tokens than the embedder takes;
    it starts the text and ends where a raw section ends."""
    embedder = FakeEmbedder(max_tokens=100)
    chunks = build_chunks(protected(ENGLISH), ChunkSizes(max_raw_full_chars=5000), budget(embedder))
    assert all(embedder.count_tokens(c.text) <= 100 for c in chunks)
    full = next(c for c in chunks if c.kind == "raw_full")
    assert len(full.text) <= 5000 and ENGLISH.startswith(full.text)
    assert full.end in {c.end for c in chunks if c.kind == "raw_section"}


def test_raw_full_without_a_fitting_section_is_the_cut_opening() -> None:
    """When even the first section is longer than max_raw_full_chars, raw_full is the opening
    cut between words to that many characters."""
    chunks = build_chunks(
        protected(ENGLISH), ChunkSizes(max_raw_full_chars=100, section_size=1500), None
    )
    full = next(c for c in chunks if c.kind == "raw_full")
    assert 50 < len(full.text) <= 100 and ENGLISH.startswith(full.text)
    assert ENGLISH[full.end] == " "


TEXTS = st.lists(
    st.sampled_from(
        ["백엔드", "개발자입니다.", "Kafka", "경험", "Python.", "운영했다", "data", "\n"]
    ),
    min_size=1,
    max_size=400,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    text=TEXTS,
    size=st.integers(100, 600),
    overlap_share=st.floats(0, 0.9),
    max_tokens=st.integers(10, 200),
    raw_full=st.integers(100, 3000),
)
def test_chunks_cover_the_text_within_limits(
    text: str, size: int, overlap_share: float, max_tokens: int, raw_full: int
) -> None:
    """Raw sections cover every non-space character and overlap by at most the configured
    overlap; no chunk exceeds its character limit or the embedder's token limit."""
    overlap = int(size * overlap_share)
    sizes = ChunkSizes(
        max_structured_chars=size,
        max_raw_full_chars=raw_full,
        section_size=size,
        section_overlap=overlap,
        korean_size=size,
        korean_overlap=overlap,
    )
    embedder = FakeEmbedder(max_tokens=max_tokens)
    chunks = build_chunks(protected(text), sizes, budget(embedder))
    sections = [c for c in chunks if c.kind == "raw_section"]
    covered = {i for c in sections for i in range(c.start, c.end)}
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered
    for first, second in pairwise(sections):
        assert second.start > first.start and second.end > first.end
        assert first.end - second.start <= overlap
    limits = {"raw_full": raw_full, "raw_section": size}
    for chunk in chunks:
        assert len(chunk.text) <= limits.get(chunk.kind, size)
        assert embedder.count_tokens(chunk.text) <= max_tokens


def test_each_distinct_text_is_embedded_once() -> None:
    """No text goes to the embedder twice, every chunk gets the vector of its own text, with the
    embedder's model and dimension; batches hold at most batch_size texts."""
    embedder = FakeEmbedder()
    result = asyncio.run(
        chunk_embed(protected(), embedder=embedder, sizes=ChunkSizes(), batch_size=3)
    )
    sent = [t for batch in embedder.batches for t in batch]
    assert len(sent) == len(set(sent)) and all(len(b) <= 3 for b in embedder.batches)
    assert set(sent) == {i.chunk.text for i in result.items}
    for item in result.items:
        assert item.vector == pytest.approx(embedder._vector(item.chunk.text))
        assert (item.model, item.dim) == ("fake-embedder", 8)
    assert result.failed == 0 and result.warnings == ()


def test_raw_full_is_the_first_section_when_only_one_fits() -> None:
    """With a budget the first section nearly fills (a 512-token model), raw_full is that
    section's text, so the document's opening is embedded once, not twice."""
    embedder = FakeEmbedder(max_tokens=300)
    result = asyncio.run(
        chunk_embed(protected(ENGLISH), embedder=embedder, sizes=ChunkSizes(), batch_size=16)
    )
    full = next(i for i in result.items if i.chunk.kind == "raw_full")
    first = next(i for i in result.items if i.chunk.kind == "raw_section")
    assert full.chunk.text == first.chunk.text and full.vector == first.vector
    assert sum(t == full.chunk.text for b in embedder.batches for t in b) == 1


def test_partial_embedding_failure_keeps_the_rest() -> None:
    """A failing batch stores its chunks without vectors and marks EMBEDDING_PARTIAL."""
    embedder = FakeEmbedder(fail_on="Hybrid search")
    result = asyncio.run(
        chunk_embed(protected(), embedder=embedder, sizes=ChunkSizes(), batch_size=1)
    )
    missing = [i.chunk.kind for i in result.items if i.vector is None]
    assert missing == ["project"] and len(result.items) > 5
    assert result.warnings == (ErrorCode.EMBEDDING_PARTIAL.value,)


def test_chunks_sharing_a_text_share_a_failed_batch() -> None:
    """raw_full and the first section are one text: when its batch fails both lack a vector."""
    embedder = FakeEmbedder(max_tokens=300, fail_on="Sentence number 0 ")
    result = asyncio.run(
        chunk_embed(protected(ENGLISH), embedder=embedder, sizes=ChunkSizes(), batch_size=1)
    )
    missing = [i.chunk.kind for i in result.items if i.vector is None]
    assert missing == ["raw_full", "raw_section"] and len(result.items) > 3


def test_total_embedding_failure_raises_retryable() -> None:
    """When nothing could be embedded the retryable error propagates."""
    embedder = FakeEmbedder(fail_on="")
    with pytest.raises(WorkerError) as caught:
        asyncio.run(chunk_embed(protected(), embedder=embedder, sizes=ChunkSizes(), batch_size=4))
    assert caught.value.retryable and caught.value.code is ErrorCode.EMBEDDING_TIMEOUT
