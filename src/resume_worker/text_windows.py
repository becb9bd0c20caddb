"""Sentence-aware windows over text: pack whole sentences up to a size, with overlap, never
splitting inside a word, and never more tokens than a counter allows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# A sentence ends at . ! ? 。 (and Korean "다." style endings) followed by space, or at a newline.
SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n+")
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
LETTER = re.compile(r"\w")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def hangul_ratio(text: str) -> float:
    """Share of Hangul among the letters of `text` (0 when it has no letters)."""
    letters = len(LETTER.findall(text))
    return len(HANGUL.findall(text)) / letters if letters else 0.0


def sentences(text: str) -> list[Span]:
    """Sentence spans (leading/trailing whitespace excluded) covering every non-space char."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        spans.extend(_trimmed(text, start, match.start()))
        start = match.end()
    spans.extend(_trimmed(text, start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    left = start + (len(piece) - len(piece.lstrip()))
    return [Span(left, left + len(stripped))]


def fit(text: str, span: Span, size: int, fits: Callable[[str], bool]) -> Iterator[Span]:
    """Split one span into pieces of at most `size` chars that `fits`, cutting at whitespace."""
    if span.end - span.start <= size and fits(text[span.start : span.end]):
        yield span
        return
    limit = min(span.end, span.start + size)
    cut = text.rfind(" ", span.start + 1, limit)
    if cut <= span.start:
        cut = limit if limit < span.end else span.start + max(1, (span.end - span.start) // 2)
    yield from fit(text, Span(span.start, cut), size, fits)
    rest = Span(cut, span.end)
    yield from (
        s for piece in _trimmed(text, rest.start, rest.end) for s in fit(text, piece, size, fits)
    )


def windows(
    text: str, *, size: int, overlap: int, fits: Callable[[str], bool] = lambda _: True
) -> list[Span]:
    """Windows of whole sentences up to `size` chars; each starts at a sentence boundary at
    most `overlap` chars before the previous window's end."""
    units = [piece for span in sentences(text) for piece in fit(text, span, size, fits)]
    result: list[Span] = []
    i = 0
    while i < len(units):
        j = i + 1
        while (
            j < len(units)
            and units[j].end - units[i].start <= size
            and fits(text[units[i].start : units[j].end])
        ):
            j += 1
        result.append(Span(units[i].start, units[j - 1].end))
        if j >= len(units):
            break
        back = j
        while back - 1 > i and units[j - 1].end - units[back - 1].start <= overlap:
            back -= 1
        i = back
    return result
