"""Sentence-aware windows: cover the text, respect size, tokens and overlap, never cut a word."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from resume_worker.text.text_windows import Span, TokenBudget, fit, sentences, windows

WORDS = st.sampled_from(
    [
        "백엔드",
        "개발자입니다.",
        "Kafka",
        "경험",
        "Python.",
        "서비스를",
        "운영했다",
        "그리고",
        "data",
        "pipelines!",
        "Inc.",
        "B.S.",
        "e.g.",
        "\n",
        "\n\n",
    ]
)
TEXTS = st.lists(WORDS, min_size=1, max_size=200).map(" ".join)


def word_tokens(text: str) -> int:
    """A counter like an embedder's: two special tokens plus one per word."""
    return len(text.split()) + 2


def lumpy_tokens(text: str) -> int:
    """A counter that is not a sum over words (a char-based estimate), to exercise the
    whole-window check."""
    return len(text) // 3 + 4


def assert_words_whole(text: str, span: Span) -> None:
    assert span.start == 0 or text[span.start - 1].isspace()
    assert span.end == len(text) or text[span.end].isspace()


def assert_covers(text: str, spans: list[Span]) -> None:
    covered = {i for s in spans for i in range(s.start, s.end)}
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


@settings(max_examples=150, deadline=None)
@given(
    text=TEXTS,
    size=st.integers(20, 400),
    overlap_share=st.floats(0, 0.9),
    limit=st.integers(8, 120),
    counter=st.sampled_from([word_tokens, lumpy_tokens]),
)
def test_windows_cover_text_within_size_tokens_and_overlap(
    text: str, size: int, overlap_share: float, limit: int, counter: object
) -> None:
    """Every non-space character is in a window; no window exceeds size or the token limit;
    consecutive windows move forward and overlap by at most `overlap` chars; windows start and
    end at word boundaries (every word here fits a window)."""
    overlap = int(size * overlap_share)
    budget = TokenBudget(counter, limit)  # type: ignore[arg-type]
    spans = windows(text, size=size, overlap=overlap, budget=budget)
    for span in spans:
        assert span.length <= size
        assert budget.count(text[span.start : span.end]) <= limit
        assert_words_whole(text, span)
    assert_covers(text, spans)
    for first, second in pairwise(spans):
        assert second.start > first.start and second.end > first.end
        assert max(0, first.end - second.start) <= overlap


@settings(max_examples=150, deadline=None)
@given(n=st.integers(3, 60), length=st.integers(1, 8), size=st.integers(60, 300))
def test_windows_overlap_as_configured(n: int, length: int, size: int) -> None:
    """With sentences shorter than the overlap, each next window repeats the previous window's
    last sentences: the overlap is the most whole sentences that fit in `overlap` chars."""
    text = " ".join(f"S{i} " + "w " * length + "end." for i in range(n))
    units = sentences(text)
    overlap = size // 3
    spans = windows(text, size=size, overlap=overlap)
    for first, second in pairwise(spans):
        shared = [u for u in units if first.start <= u.start and u.end <= first.end]
        expected = [u for u in shared if first.end - u.start <= overlap]
        if len(shared) > len(expected) >= 1:
            assert second.start == expected[0].start
        assert first.end - second.start <= overlap


def test_token_budget_splits_long_sentences_between_words() -> None:
    """One sentence of 500 words under a 50-token budget is cut between words."""
    text = " ".join(["word"] * 500)
    spans = windows(text, size=5000, overlap=0, budget=TokenBudget(word_tokens, 50))
    assert all(word_tokens(text[s.start : s.end]) <= 50 for s in spans)
    assert len(spans) >= 10
    for span in spans:
        assert_words_whole(text, span)
    assert_covers(text, spans)


def test_a_word_longer_than_a_window_is_the_one_thing_cut_inside() -> None:
    """A 900-character URL cannot fit a 300-character window: it alone is cut, in order."""
    url = "https://example.com/" + "a" * 880
    text = f"See {url} now."
    spans = windows(text, size=300, overlap=50)
    assert all(s.length <= 300 for s in spans)
    assert_covers(text, spans)
    inside = [s for s in spans if s.start > 4 and s.end < len(text) - 5]
    assert inside and all(text[s.start - 1] != " " for s in inside)
    assert len(spans) <= 5


def test_fit_cuts_one_span_to_the_budget() -> None:
    """fit() returns consecutive pieces of one span, each within size and budget."""
    text = "  " + " ".join(f"w{i}" for i in range(100)) + "  "
    pieces = fit(text, Span(0, len(text)), 80, TokenBudget(word_tokens, 12))
    assert pieces[0].start == 2 and pieces[-1].end == len(text) - 2
    assert all(p.length <= 80 and word_tokens(text[p.start : p.end]) <= 12 for p in pieces)
    assert all(a.end < b.start for a, b in pairwise(pieces))


def test_sentences_split_korean_and_english() -> None:
    """Newlines and full stops end sentences in both languages; kiwipiepy also ends Korean
    sentences that have no punctuation; abbreviations do not end English sentences."""
    text = (
        "카프카를 운영했습니다 그리고 백엔드 개발자로 일했다. Built APIs! 다음 줄\n끝\n"
        "Worked at Acme Inc. in Seoul. Got a B.S. in CS, e.g. compilers. Mar. 2019 - now"
    )
    assert [text[s.start : s.end] for s in sentences(text)] == [
        "카프카를 운영했습니다",
        "그리고 백엔드 개발자로 일했다.",
        "Built APIs!",
        "다음 줄",
        "끝",
        "Worked at Acme Inc. in Seoul.",
        "Got a B.S. in CS, e.g. compilers.",
        "Mar. 2019 - now",
    ]


def test_empty_and_blank_text_have_no_windows() -> None:
    """Nothing to cover, nothing to embed."""
    assert windows("", size=100, overlap=10) == []
    assert windows(" \n\t ", size=100, overlap=10) == []


EXOTIC = st.lists(
    st.sampled_from(["가나", "Kafka", "\u3000", "\xa0", "ｱｲ", "(", "1)", "\n", " ", "다.", "字"]),
    min_size=1,
    max_size=400,
).map("".join)


@settings(max_examples=40, deadline=None)
@given(text=EXOTIC, limit=st.integers(12, 80))
def test_windows_hold_the_real_local_counter_around_exotic_spaces(text: str, limit: int) -> None:
    """Where summed counts fall short (ideographic and no-break spaces), the whole-window count
    still keeps every window within the local model's real token count."""
    from resume_worker.adapters.local.embedder import LocalEmbedder

    count = LocalEmbedder().count_tokens
    spans = windows(text, size=400, overlap=60, budget=TokenBudget(count, limit))
    assert all(count(text[s.start : s.end]) <= limit for s in spans)
    assert_covers(text, spans)
