"""Sentence-aware windows over text: whole sentences packed up to a size with overlap, never cut
inside a word, never more tokens than an embedder accepts.

Sentences: a newline always ends one; inside a line the English rule below ends one at a full
stop, and in a line with Hangul so does kiwipiepy, which also finds Korean sentence ends that
have no punctuation ("운영했습니다 그리고 ...").

Token counts are taken once per sentence and summed, which is exact for SentencePiece-style
counters on ordinary text (words are tokenised separately) but can be a token short around exotic
spaces (U+3000, NBSP); every window of several sentences is therefore counted whole before it is
kept, so a counter that is not additive only costs a re-pack.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from resume_worker.core.document import HANGUL
from resume_worker.text.korean_text import sentence_ends

LINE = re.compile(r"[^\n]+")
WORD = re.compile(r"\S+")
# A full stop, ! or ? (closing quotes or brackets may follow), then space and what can open a
# sentence: not a lower-case letter, so "approx. three" and "e.g. this" stay together.
ENGLISH_END = re.compile(r"[.!?。！？…][\"'”’)\]]*(?=\s+[^\sa-z])")
# Words a full stop follows without ending the sentence: titles, company forms, months, and
# dotted forms such as "e.g.", "B.S." or "U.S." (matched by ABBREVIATED below).
ABBREVIATIONS = frozenset(
    (  # noqa: SIM905 - a word list reads best as words
        "mr mrs ms dr prof sr jr st mt inc ltd co corp dept univ approx vs no nos fig est "
        "jan feb mar apr jun jul aug sep sept oct nov dec"
    ).split()
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
        if line[match.start()] == "." and _abbreviation(_word_before(line, match.start())):
            continue
        ends.append(match.end())
    return ends


def _word_before(line: str, end: int) -> str:
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:end].rstrip(".")


def _abbreviation(word: str) -> bool:
    return word.lower() in ABBREVIATIONS or ABBREVIATED.fullmatch(word) is not None


def trimmed(text: str, span: Span) -> Span | None:
    """`span` without leading and trailing whitespace, or None when nothing else is left."""
    piece = text[span.start : span.end]
    stripped = piece.strip()
    if not stripped:
        return None
    left = span.start + len(piece) - len(piece.lstrip())
    return Span(left, left + len(stripped))


class TextCutter:
    """Cuts one text into spans within a size and a token budget, counting each span once.

    A span's cost is what it adds to a window: its count less the counter's once-per-input
    overhead (special tokens, a prefix). `windows` keeps its sentence units and their costs so
    `longest_prefix` can reuse them.
    """

    def __init__(self, text: str, budget: TokenBudget | None) -> None:
        self.text, self.budget = text, budget
        self.base = budget.count("") - 1 if budget else 0
        self.units: list[Span] = []
        self._counts: dict[Span, int] = {}

    def count(self, span: Span) -> int:
        if span not in self._counts:
            assert self.budget is not None
            self._counts[span] = self.budget.count(self.text[span.start : span.end])
        return self._counts[span]

    def cost(self, span: Span) -> int:
        return 0 if self.budget is None else self.count(span) - self.base

    def fits(self, span: Span, cost: int, size: int) -> bool:
        """Within `size` characters and, by the summed `cost`, within the token limit (for a
        single span its own cost makes this exact)."""
        return span.length <= size and (
            self.budget is None or self.base + cost <= self.budget.limit
        )

    def truly_fits(self, span: Span) -> bool:
        """Counted whole: the check every window of several spans passes before it is kept."""
        return self.budget is None or self.count(span) <= self.budget.limit

    def windows(self, size: int, overlap: int) -> list[Span]:
        """See the module function `windows`."""
        self.units = [piece for span in sentences(self.text) for piece in self._pieces(span, size)]
        return _pack(self.units, [self.cost(u) for u in self.units], size, overlap, self)

    def fit(self, span: Span, size: int) -> list[Span]:
        """See the module function `fit`."""
        part = trimmed(self.text, span)
        return [] if part is None else self._pieces(part, size)

    def longest_prefix(self, ends: Sequence[int], max_chars: int) -> Span | None:
        """The longest span from the text's first sentence to one of `ends` (ends of units of
        the last `windows` call) within `max_chars` and the budget, judged by the summed unit
        costs and then counted whole; None when none fits."""
        if not self.units:
            return None
        unit_ends = [u.end for u in self.units]
        costs = list(accumulate((self.cost(u) for u in self.units), initial=0))
        for end in sorted(set(ends), reverse=True):
            span = Span(self.units[0].start, end)
            cost = costs[bisect_right(unit_ends, end)]
            if self.fits(span, cost, max_chars) and self.truly_fits(span):
                return span
        return None

    def _pieces(self, span: Span, size: int) -> list[Span]:
        """One sentence as it is, or its words packed into pieces, when it is too long."""
        if self.fits(span, self.cost(span), size):
            return [span]
        words = [Span(m.start(), m.end()) for m in WORD.finditer(self.text, span.start, span.end)]
        words = [part for word in words for part in self._split_word(word, size)]
        return _pack(words, [self.cost(w) for w in words], size, 0, self)

    def _split_word(self, word: Span, size: int) -> list[Span]:
        """A single word longer than a whole window (a URL, an unspaced run of text) has to be
        cut inside: at the longest prefix that fits, found by bisection."""
        if self.fits(word, self.cost(word), size):
            return [word]
        parts = []
        start = word.start
        while start < word.end:
            low, high = start + 1, min(word.end, start + size)
            while low < high:
                middle = (low + high + 1) // 2
                candidate = Span(start, middle)
                if self.fits(candidate, self.cost(candidate), size):
                    low = middle
                else:
                    high = middle - 1
            parts.append(Span(start, low))
            start = low
        return parts


def windows(text: str, *, size: int, overlap: int, budget: TokenBudget | None = None) -> list[Span]:
    """Windows of whole sentences up to `size` chars (and the token budget); each next window
    starts at a sentence boundary and repeats at most `overlap` chars of the one before, as many
    whole sentences as fit in that overlap. A sentence too long on its own is cut between words."""
    return TextCutter(text, budget).windows(size, overlap)


def fit(text: str, span: Span, size: int, budget: TokenBudget | None = None) -> list[Span]:
    """`span` cut between words into consecutive pieces within `size` chars and the budget."""
    return TextCutter(text, budget).fit(span, size)


def _pack(
    units: Sequence[Span], unit_costs: Sequence[int], size: int, overlap: int, cutter: TextCutter
) -> list[Span]:
    """Greedy windows over consecutive units (see `windows`)."""
    packer = _Packer(units, unit_costs, size, cutter)
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
    cutter: TextCutter

    def fits(self, first: int, last: int) -> bool:
        """Whether units[first..last] (inclusive) fit one window, by the summed costs."""
        span = Span(self.units[first].start, self.units[last].end)
        return self.cutter.fits(span, sum(self.unit_costs[first : last + 1]), self.size)

    def extend(self, i: int) -> int:
        """The end (exclusive) of the longest run of units from `i` that fits, at least one
        unit; the run is counted whole and shortened if the summed estimate was too low."""
        units, j = self.units, i + 1
        while j < len(units) and self.fits(i, j):
            j += 1
        while j > i + 1 and not self.cutter.truly_fits(Span(units[i].start, units[j - 1].end)):
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
            and self.cutter.truly_fits(Span(self.units[back - 1].start, self.units[j].end))
        ):
            back -= 1
        return back
