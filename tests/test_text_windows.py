"""Sentence-aware windows: cover the text, respect size and overlap, never cut inside a word."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from resume_worker.text_windows import hangul_ratio, sentences, windows

WORDS = st.sampled_from(
    [
        "백엔드",
        "개발자입니다.",
        "Kafka",
        "경험",
        "Python.",
        "서비스를",
        "운영했다.",
        "data",
        "pipelines!",
        "\n",
    ]
)
TEXTS = st.lists(WORDS, min_size=1, max_size=300).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, size=st.integers(20, 400), overlap_share=st.floats(0, 0.9))
def test_windows_cover_text_within_size_and_overlap(
    text: str, size: int, overlap_share: float
) -> None:
    """Every non-space character is in some window; no window exceeds size; consecutive windows
    overlap by at most `overlap` chars; windows start and end at word boundaries."""
    overlap = int(size * overlap_share)
    spans = windows(text, size=size, overlap=overlap)
    covered = set()
    for span in spans:
        assert span.end - span.start <= size
        covered.update(range(span.start, span.end))
        assert span.start == 0 or text[span.start - 1].isspace()
        assert span.end == len(text) or text[span.end].isspace()
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered
    for first, second in pairwise(spans):
        assert second.start > first.start
        assert max(0, first.end - second.start) <= overlap


def test_token_budget_splits_windows_further() -> None:
    """A `fits` predicate (the embedder's token limit) makes windows smaller than `size`."""
    text = " ".join(["word"] * 500)
    spans = windows(text, size=5000, overlap=0, fits=lambda t: len(t.split()) <= 50)
    assert all(len(text[s.start : s.end].split()) <= 50 for s in spans)
    assert len(spans) >= 10


def test_sentences_split_korean_and_english() -> None:
    """Sentence ends at . ! ? and newlines, in both languages."""
    text = "카프카를 운영했습니다. Built APIs! 다음 줄\n끝"
    assert [text[s.start : s.end] for s in sentences(text)] == [
        "카프카를 운영했습니다.",
        "Built APIs!",
        "다음 줄",
        "끝",
    ]


def test_hangul_ratio() -> None:
    """Share of Hangul among letters."""
    assert hangul_ratio("백엔드") == 1.0
    assert hangul_ratio("abc") == 0.0
    assert 0.4 < hangul_ratio("백엔드 abc") < 0.6
    assert hangul_ratio("2019 - 2021") == 0.0
