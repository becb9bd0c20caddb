"""Sentence-aware windows over text: whole sentences packed up to a size with overlap, never cut
inside a word, never more tokens than an embedder accepts.

Sentences: a newline always ends one; inside a line the English rule below ends one at a full
stop, and in a line with Hangul so does kiwipiepy, which also finds Korean sentence ends that
have no punctuation ("운영했습니다 그리고 ...").

Token counts are taken once per sentence and summed, which is exact for SentencePiece-style
counters (words are tokenised separately); every finished window is still counted whole before it
is accepted, so a counter that is not additive only costs a re-pack.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from resume_worker.document import HANGUL
from resume_worker.korean_text import sentence_ends

LINE = re.compile(r"[^\n]+")
WORD = re.compile(r"\S+")
# A full stop, ! or ? (closing quotes or brackets may follow), then space and what can open a
# sentence: not a lower-case letter, so "approx. three" and "e.g. this" stay together.
ENGLISH_END = re.compile(r"[.!?。！？…][\"'”’)\]]*(?=\s+[^\sa-z])")
# Words a full stop follows without ending the sentence: titles, company forms, months, and
# dotted forms such as "e.g.", "B.S." or "U.S." (matched by ABBREVIATED below).
ABBREVIATIONS = frozenset(
    re.findall(
        r"\w+",
        "mr mrs ms dr prof sr jr st mt inc ltd co corp dept univ approx vs no nos fig est "
        "jan feb mar apr jun jul aug sep sept oct nov dec",
    )
)
ABBREVIATED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?|[A-Z]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class TokenBudget:
    """An embedder's token counter and the most tokens it accepts in one input."""

    count: Callable[[str], int]
    limit: int


def sentences(text: str) -> list[Span]:
    """Sentence spans, trimmed of surrounding whitespace, covering every non-space character."""
    lines = [Span(m.start(), m.end()) for m in LINE.finditer(text)]
    korean = [line for line in lines if HANGUL.search(text, line.start, line.end)]
    korean_ends = dict(
        zip(korean, sentence_ends([text[s.start : s.end] for s in korean]), strict=True)
    )
    spans: list[Span] = []
    for line in lines:
        ends = set(_english_ends(text[line.start : line.end]))
        ends.update(korean_ends.get(line, ()))
        cuts = [line.start, *(line.start + end for end in sorted(ends)), line.end]
        spans += [t for a, b in pairwise(cuts) if (t := trimmed(text, Span(a, b)))]
    return spans


def _english_ends(line: str) -> list[int]:
    """Where the English rule ends a sentence inside one line (offsets after the punctuation)."""
    ends = []
    for match in ENGLISH_END.finditer(line):
        words = line[: match.start() + 1].split()
        word = words[-1].rstrip(".").lower() if words else ""
        if line[match.start()] == "." and (
            word in ABBREVIATIONS or ABBREVIATED.fullmatch(words[-1].rstrip("."))
        ):
            continue
        ends.append(match.end())
    return ends


def trimmed(text: str, span: Span) -> Span | None:
    """`span` without leading and trailing whitespace, or None when nothing else is left."""
    piece = text[span.start : span.end]
    stripped = piece.strip()
    if not stripped:
        return None
    left = span.start + len(piece) - len(piece.lstrip())
    return Span(left, left + len(stripped))


class _Costs:
    """Token costs of pieces of one text, summed: the counter's fixed overhead (special tokens,
    a prefix) is paid once per window, not once per piece."""

    def __init__(self, text: str, budget: TokenBudget | None) -> None:
        self.text, self.budget = text, budget
        self.base = budget.count("") - 1 if budget else 0

    def of(self, span: Span) -> int:
        """What `span` adds to a window (its count less the once-per-window overhead)."""
        if self.budget is None:
            return 0
        return self.budget.count(self.text[span.start : span.end]) - self.base

    def fits(self, span: Span, cost: int, size: int) -> bool:
        """Within `size` characters and, by the summed `cost`, within the token limit."""
        limit = self.budget.limit if self.budget else 0
        return span.length <= size and (self.budget is None or self.base + cost <= limit)

    def truly_fits(self, span: Span) -> bool:
        """Counted whole: the check every window passes before it is kept."""
        return self.budget is None or (
            self.budget.count(self.text[span.start : span.end]) <= self.budget.limit
        )


def windows(text: str, *, size: int, overlap: int, budget: TokenBudget | None = None) -> list[Span]:
    """Windows of whole sentences up to `size` chars (and the token budget); each next window
    starts at a sentence boundary and repeats at most `overlap` chars of the one before, as many
    whole sentences as fit in that overlap. A sentence too long on its own is cut between words."""
    costs = _Costs(text, budget)
    units = [piece for span in sentences(text) for piece in _pieces(span, size, costs)]
    return _pack(units, [costs.of(u) for u in units], size, overlap, costs)


def fit(text: str, span: Span, size: int, budget: TokenBudget | None = None) -> list[Span]:
    """`span` cut between words into consecutive pieces within `size` chars and the budget."""
    costs = _Costs(text, budget)
    return [
        piece
        for part in (trimmed(text, span),)
        if part is not None
        for piece in _pieces(part, size, costs)
    ]


def _pieces(span: Span, size: int, costs: _Costs) -> list[Span]:
    """One sentence as it is, or its words packed into pieces, when it is too long."""
    if costs.fits(span, costs.of(span), size) and costs.truly_fits(span):
        return [span]
    words = [Span(m.start(), m.end()) for m in WORD.finditer(costs.text, span.start, span.end)]
    words = [part for word in words for part in _split_word(word, size, costs)]
    return _pack(words, [costs.of(w) for w in words], size, 0, costs)


def _split_word(word: Span, size: int, costs: _Costs) -> list[Span]:
    """A single word longer than a whole window (a URL, an unspaced run of text) has to be cut
    inside: at the longest prefix that fits, found by bisection."""
    if costs.fits(word, costs.of(word), size):
        return [word]
    parts = []
    start = word.start
    while start < word.end:
        low, high = start + 1, min(word.end, start + size)
        while low < high:
            middle = (low + high + 1) // 2
            candidate = Span(start, middle)
            if costs.fits(candidate, costs.of(candidate), size):
                low = middle
            else:
                high = middle - 1
        parts.append(Span(start, low))
        start = low
    return parts


def _pack(
    units: Sequence[Span], unit_costs: Sequence[int], size: int, overlap: int, costs: _Costs
) -> list[Span]:
    """Greedy windows over consecutive units (see `windows`)."""
    packer = _Packer(units, unit_costs, size, costs)
    result: list[Span] = []
    i = 0
    while i < len(units):
        j = packer.extend(i)
        result.append(Span(units[i].start, units[j - 1].end))
        if j >= len(units):
            break
        i = packer.overlap_start(i, j, overlap)
    return result


@dataclass(frozen=True)
class _Packer:
    units: Sequence[Span]
    unit_costs: Sequence[int]
    size: int
    costs: _Costs

    def fits(self, first: int, last: int) -> bool:
        """Whether units[first..last] (inclusive) fit one window, by the summed costs."""
        span = Span(self.units[first].start, self.units[last].end)
        return self.costs.fits(span, sum(self.unit_costs[first : last + 1]), self.size)

    def extend(self, i: int) -> int:
        """The end (exclusive) of the longest run of units from `i` that fits, at least one
        unit; the run is counted whole and shortened if the summed estimate was too low."""
        units, j = self.units, i + 1
        while j < len(units) and self.fits(i, j):
            j += 1
        while j > i + 1 and not self.costs.truly_fits(Span(units[i].start, units[j - 1].end)):
            j -= 1
        return j

    def overlap_start(self, i: int, j: int, overlap: int) -> int:
        """Where the window after units[i:j] starts: the earliest of its units that lies within
        `overlap` chars of its end and still leaves room for unit j (so the next window always
        brings new text), or j itself."""
        back = j
        while (
            back - 1 > i
            and self.units[j - 1].end - self.units[back - 1].start <= overlap
            and self.fits(back - 1, j)
        ):
            back -= 1
        return back
