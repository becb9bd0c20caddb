"""Reading order for one PDF page: text runs grouped into lines, columns read one after another.

A run is a stretch of characters on one baseline with no wide gap inside it. A page is split at a
vertical gutter when runs on both sides of it flow independently (their baselines mostly do not
line up); runs that cross the gutter (a title, a full-width heading) are barriers that close the
columns above them. When the two sides line up row by row (a date column, a form table), the page
is read in rows instead, so a date stays on the line of its role, unless both sides are wide
blocks of wrapped prose (newspaper columns set in one paragraph style).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

# Fractions of a run's height (about one em).
_SAME_LINE = 0.4
_SAME_ROW = 0.2
# A side of a candidate gutter is a column only when its text is tall enough (several lines) and
# the runs crossing the gutter are short next to it (a title or a footer, not the body).
_MIN_COLUMN_LINES = 3
_MAX_CROSSING_SHARE = 0.3
_MIN_GUTTER_PT = 4.0
_EDGE_MARGIN = 0.08
# The horizontal profile has one bin per point, coarser on absurdly wide pages.
_MAX_BINS = 4000
# When at least this share of the shorter side's lines sits on a baseline of the other side, the
# sides are cells of rows (date columns, forms) and not independent columns.
_ROW_ALIGNED_SHARE = 0.6
# Newspaper-style columns: both sides wide, with most lines filled to the column's width.
_MIN_PROSE_LINES = 8
_MIN_PROSE_WIDTH = 0.3
_FULL_LINE = 0.7
_PROSE_SHARE = 0.6
_MAX_DEPTH = 3
_WIDE_GAP = 1.5
_RESIZED = 0.15
_RESIZED_GAP = 0.8
# A heading is set at least this much larger than the body text and is short.
_HEADING_SCALE = 1.2
_MAX_HEADING_CHARS = 60


@dataclass(slots=True)
class Run:
    """Characters on one baseline without a wide gap; PDF coordinates (y grows upwards)."""

    x0: float
    x1: float
    y0: float
    y1: float
    parts: list[str] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def text(self) -> str:
        return "".join(self.parts)


Line = list[Run]

# "J O R D A N  R E Y E S", "이 력 서": single letters with spaces between all of them.
_SPACED_LETTERS = re.compile(r"(?:\w ){2,}\w")
_WORD_SPACING = 1.6


def join_spaced_letters(run: Run) -> None:
    """Close up letter-spaced text, keeping a space only where the gap is wider than between
    letters (a word break), so "J O R D A N  R E Y E S" reads "JORDAN REYES"."""
    text = run.text
    if not _SPACED_LETTERS.fullmatch(text) or len(run.gaps) != len(text) // 2:
        return
    letter_gap = sorted(run.gaps)[len(run.gaps) // 2]
    parts = [text[0]]
    for letter, gap in zip(text[2::2], run.gaps, strict=True):
        if gap > _WORD_SPACING * letter_gap:
            parts.append(" ")
        parts.append(letter)
    run.parts = parts


def reading_lines(runs: list[Run]) -> list[str]:
    """Return the page's lines in reading order; wide gaps inside a line become tabs."""
    return [text for text, _ in page_lines(runs)]


def page_lines(runs: list[Run]) -> list[tuple[str, bool]]:
    """The page's lines in reading order, each with whether it is a heading: a short line set
    clearly larger than the page's body text (section titles, the name on a title line). Bold
    titles in the body size are not told apart; the analyst finds those by their words."""
    lines = _order(runs, 0)
    body = _body_height(lines)
    texts = [_line_text(line) for line in lines]
    return [(text, _is_heading(line, text, body)) for line, text in zip(lines, texts, strict=True)]


def _body_height(lines: list[Line]) -> float:
    """The run height most characters on the page are set in (a median weighted by length)."""
    sized = sorted((run.height, len(run.parts)) for line in lines for run in line)
    half = sum(count for _, count in sized) / 2
    for height, count in sized:
        half -= count
        if half <= 0:
            return height
    return 0.0


def _is_heading(line: Line, text: str, body: float) -> bool:
    return (
        0 < len(text) <= _MAX_HEADING_CHARS
        and min(run.height for run in line) >= _HEADING_SCALE * body
        and text[-1] not in ".,"
        and any(char.isalpha() for char in text)
    )


def _line_text(line: Line) -> str:
    pieces: list[str] = []
    previous: Run | None = None
    for run in line:
        if previous is not None:
            wide = _is_wide(previous, run)
            pieces.append("\t" if wide and not _is_bullet(previous.text) else " ")
        pieces.append(run.text)
        previous = run
    return "".join(pieces).strip()


def _is_wide(left: Run, right: Run) -> bool:
    """A gap between columns rather than words: 1.5 em, or 0.8 em where the type size changes
    (a section title set in a left margin beside the body text on its baseline)."""
    gap, height = right.x0 - left.x1, max(left.height, 1.0)
    resized = abs(left.height - right.height) >= _RESIZED * min(left.height, right.height)
    return gap > _WIDE_GAP * height or (resized and gap > _RESIZED_GAP * height)


def _is_bullet(text: str) -> bool:
    return len(text) == 1 and not text.isalnum()


def _order(runs: list[Run], depth: int) -> list[Line]:
    if depth < _MAX_DEPTH:
        for gutter in _gutters(runs):
            left = [r for r in runs if r.x1 <= gutter]
            right = [r for r in runs if r.x0 >= gutter]
            if not _flow_apart(_group_lines(left), _group_lines(right), runs):
                continue
            spanning = [r for r in runs if r.x0 < gutter < r.x1]
            return _read_columns(left, right, spanning, depth)
    return _group_lines(runs)


def _read_columns(left: list[Run], right: list[Run], spanning: list[Run], depth: int) -> list[Line]:
    """Read left then right column between full-width barriers, top to bottom."""
    barriers = _group_lines(spanning)
    lines: list[Line] = []
    upper = float("inf")
    for barrier in [*barriers, []]:
        top = min((r.y1 for r in barrier), default=float("-inf"))
        for side in (left, right):
            band = [r for r in side if top < r.cy <= upper]
            lines.extend(_order(band, depth + 1))
        lines.append(barrier)
        upper = top
    return [line for line in lines if line]


def _group_lines(runs: list[Run]) -> list[Line]:
    """Cluster runs into lines by vertical centre, top to bottom; each line sorted left to right."""
    lines: list[Line] = []
    centre = 0.0
    for run in sorted(runs, key=lambda r: -r.cy):
        if lines and abs(centre - run.cy) <= _SAME_LINE * max(run.height, lines[-1][0].height):
            lines[-1].append(run)
        else:
            lines.append([run])
            centre = run.cy
    for line in lines:
        line.sort(key=lambda r: r.x0)
    return lines


def _flow_apart(left: list[Line], right: list[Line], runs: list[Run]) -> bool:
    """Whether two sides of a gutter are independent columns rather than cells of rows.

    Sides whose baselines mostly differ are columns. Sides that line up are rows (a date
    column, a form) unless both are wide blocks of wrapped prose, as newspaper-style columns
    with one paragraph style are.
    """
    if not _rows_align(left, right):
        return True
    total = max(r.x1 for r in runs) - min(r.x0 for r in runs)
    return _is_prose(left, total) and _is_prose(right, total)


def _is_prose(lines: list[Line], total_width: float) -> bool:
    """Several lines, most of them filling a column that is a good share of the page."""
    if len(lines) < _MIN_PROSE_LINES:
        return False
    start = min(line[0].x0 for line in lines)
    width = max(line[-1].x1 for line in lines) - start
    if width < _MIN_PROSE_WIDTH * total_width:
        return False
    full = sum(1 for line in lines if line[-1].x1 - line[0].x0 >= _FULL_LINE * width)
    return full / len(lines) >= _PROSE_SHARE


def _rows_align(left: list[Line], right: list[Line]) -> bool:
    shorter, other = (left, right) if len(left) <= len(right) else (right, left)
    if not shorter:
        return True
    centres = [line[0].cy for line in other]
    aligned = 0
    for line in shorter:
        tolerance = _SAME_ROW * line[0].height
        if any(abs(line[0].cy - c) <= tolerance for c in centres):
            aligned += 1
    return aligned / len(shorter) >= _ROW_ALIGNED_SHARE


def _gutters(runs: list[Run]) -> list[float]:
    """Candidate x positions of a column gutter, best first (lowest crossing text, then widest)."""
    if len(runs) < 2 * _MIN_COLUMN_LINES:
        return []
    x0s = np.array([r.x0 for r in runs])
    x1s = np.array([r.x1 for r in runs])
    heights = np.array([r.height for r in runs])
    start = float(x0s.min())
    width = float(x1s.max()) - start
    if width < 20 * float(np.median(heights)):
        return []
    step = max(1.0, width / _MAX_BINS)
    size = int(width / step) + 2
    lo = np.clip(((x0s - start) / step).astype(int), 0, size - 1)
    hi = np.clip(np.ceil((x1s - start) / step).astype(int), 0, size - 1)
    crossing = np.zeros(size)
    np.add.at(crossing, lo + 1, heights)
    np.add.at(crossing, hi, -heights)
    crossing = np.cumsum(crossing)
    ended = np.cumsum(np.bincount(hi, weights=heights, minlength=size))
    begun = np.cumsum(np.bincount(lo, weights=heights, minlength=size)[::-1])[::-1]
    sides = np.minimum(ended, begun)
    margin = int(_EDGE_MARGIN * size)
    ok = (crossing <= _MAX_CROSSING_SHARE * sides) & (
        sides >= _MIN_COLUMN_LINES * float(np.median(heights))
    )
    ok[: margin + 1] = False
    ok[size - margin - 1 :] = False
    return [start + step * position for position in _bands(ok, crossing, _MIN_GUTTER_PT / step)]


def _bands(ok: np.ndarray, crossing: np.ndarray, min_width: float) -> list[float]:
    """Centres (in bins) of the runs of `ok` bins at least `min_width` wide, best first."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], ok.astype(np.int8), [0]))))
    bands: list[tuple[float, float, float]] = []
    for start, end in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        if end - start >= min_width:
            band = crossing[start:end]
            lowest = np.flatnonzero(band == band.min())
            bands.append((float(band.min()), -len(lowest), start + float(lowest.mean())))
    return [centre for _, _, centre in sorted(bands)]
