"""The analyst's view of a document: lines and table rows with their offsets into the text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from resume_worker.models import ExtractedText

_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\ufffe\u200b\u200c\u200d\ufeff"))
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-"})
_GAP = re.compile(r"\s{2,}|\t")


@dataclass(frozen=True)
class Cell:
    """One table cell: its cleaned text and its offsets in ExtractedText.text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Line:
    """A paragraph line or a table row, in reading order.

    `text` is whitespace-normalised; `raw` keeps the original spacing (column gaps matter to
    skills); a table row also has its non-empty `cells`; `table` numbers the table it belongs to.
    """

    text: str
    raw: str
    start: int
    end: int
    page: int
    cells: tuple[Cell, ...] = ()
    table: int | None = None

    @property
    def is_row(self) -> bool:
        return self.table is not None


def clean(text: str) -> str:
    """Normalise Unicode, drop invisible marks and collapse runs of spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_HYPHENS)
    return _SPACES.sub(" ", text).strip()


def split_gaps(raw: str) -> list[str]:
    """Split raw text at column gaps (two or more spaces, or a tab)."""
    return [clean(part) for part in _GAP.split(raw) if clean(part)]


def lines_of(text: ExtractedText) -> list[Line]:
    """Flatten the blocks into lines (paragraphs split at newlines) and table rows."""
    lines: list[Line] = []
    for index, block in enumerate(text.blocks):
        if block.kind == "table" and block.rows:
            lines.extend(_rows_of(text.text, block.start, block.page, block.rows, index))
            continue
        offset = block.start
        for raw in block.text.split("\n"):
            cleaned = clean(raw)
            if cleaned:
                lines.append(Line(cleaned, raw, offset, offset + len(raw), block.page))
            offset += len(raw) + 1
    return lines


def _rows_of(
    full: str, start: int, page: int, rows: tuple[tuple[str, ...], ...], table: int
) -> list[Line]:
    found: list[Line] = []
    cursor = start
    for row in rows:
        cells: list[Cell] = []
        for cell_text in row:
            cleaned = clean(cell_text)
            if not cleaned:
                continue
            first = cell_text.strip()[:20]
            at = full.find(first, cursor) if first else -1
            at = cursor if at < 0 else at
            cells.append(Cell(cleaned, at, at + len(cell_text.strip())))
            cursor = max(cursor, at)
        if not cells:
            continue
        text = " | ".join(cell.text for cell in cells)
        raw = "  ".join(cell.text for cell in cells)
        found.append(Line(text, raw, cells[0].start, cells[-1].end, page, tuple(cells), table))
    return found
