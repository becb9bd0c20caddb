"""The analyst's view of a document: lines and table rows with their offsets into the text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from resume_worker.core.models import ExtractedText
from resume_worker.text.headings import heading_kind

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
    """Normalise Unicode, drop invisible marks, mark tab stops (column gaps) as ` | ` and
    collapse runs of spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_HYPHENS)
    text = re.sub(r"\s*\t\s*", " | ", text.strip())
    return _SPACES.sub(" ", text).strip()


def split_gaps(raw: str) -> list[str]:
    """Split raw text at column gaps (two or more spaces, or a tab)."""
    return [clean(part) for part in _GAP.split(raw) if clean(part)]


def lines_of(text: ExtractedText) -> list[Line]:
    """Flatten the blocks into lines (paragraphs split at newlines) and table rows.

    A paragraph line with tab stops (a PDF table or a right-aligned column) also gets cells;
    a run of such lines counts as one table, numbered after the real tables.
    """
    lines: list[Line] = []
    pseudo = len(text.blocks)
    for index, block in enumerate(text.blocks):
        if block.kind == "table" and block.rows:
            lines.extend(_rows_of(text.text, block.start, block.page, block.rows, index))
            continue
        offset = block.start
        for raw in block.text.split("\n"):
            cleaned = clean(raw)
            if cleaned:
                if "\t" in raw.strip() and not (lines and lines[-1].table == pseudo):
                    pseudo += 1
                lines.extend(_side_heading(_line(cleaned, raw, offset, block.page, pseudo)))
            offset += len(raw) + 1
    return lines


def _side_heading(line: Line) -> list[Line]:
    """`EXPERIENCE<tab>Acme, Engineer<tab>2019 – 2021`: a section title in a left margin on the
    baseline of the section's first line is a heading line of its own, then that line."""
    if len(line.cells) < 2 or heading_kind(line.cells[0].text) is None:
        return [line]
    title, rest = line.cells[0], line.cells[1:]
    text = " | ".join(cell.text for cell in rest)
    raw = "\t".join(cell.text for cell in rest)
    heading = Line(title.text, title.text, title.start, title.end, line.page)
    if len(rest) == 1:
        return [heading, Line(text, raw, rest[0].start, rest[0].end, line.page)]
    return [heading, Line(text, raw, rest[0].start, line.end, line.page, rest, line.table)]


def _line(cleaned: str, raw: str, offset: int, page: int, pseudo: int) -> Line:
    if "\t" not in raw.strip():
        return Line(cleaned, raw, offset, offset + len(raw), page)
    cells: list[Cell] = []
    at = offset
    for part in raw.split("\t"):
        if clean(part):
            cells.append(Cell(clean(part), at, at + len(part)))
        at += len(part) + 1
    return Line(cleaned, raw, offset, offset + len(raw), page, tuple(cells), pseudo)


def _rows_of(
    full: str, start: int, page: int, rows: tuple[tuple[str, ...], ...], table: int
) -> list[Line]:
    found: list[Line] = []
    cursor = start
    for row in rows:
        cells: list[Cell] = []
        for cell_text in row:
            cleaned = clean(cell_text.replace("\n", " "))
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
