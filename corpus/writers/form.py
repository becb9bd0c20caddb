"""What the form writers (HWP, HWPX and DOCX) share: table cells that span rows and columns or
hold a picture, and the calls a layout makes on any writer, so one layout function gives the
same form in every format."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

HWPUNIT_PER_MM = 7200 / 25.4


@dataclass(frozen=True)
class Picture:
    """An image placed in a cell: its stored bytes, their format, pixel size and printed size."""

    data: bytes
    format: str  # "jpeg" | "png"
    pixels: tuple[int, int]
    size_mm: tuple[float, float] = (30.0, 40.0)

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format

    @property
    def media_type(self) -> str:
        return f"image/{self.format}"

    @property
    def hwpunits(self) -> tuple[int, int]:
        return (round(self.size_mm[0] * HWPUNIT_PER_MM), round(self.size_mm[1] * HWPUNIT_PER_MM))


@dataclass(frozen=True)
class Cell:
    """A table cell that spans rows or columns, is a label (bold, centred and shaded like a
    header: 성명, 기간), or holds a picture above its text; a plain str is one ordinary cell."""

    text: str = ""
    rows: int = 1
    cols: int = 1
    label: bool = False
    picture: Picture | None = None


Row = Sequence["str | Cell | None"]


def placed(rows: Sequence[Row]) -> Iterator[tuple[int, int, Cell]]:
    """(row, column, cell) for every cell in storage order. None marks one grid position covered
    by a cell of an earlier row that spans down; a cell spanning columns covers the positions to
    its right in its own row by itself."""
    for r, row in enumerate(rows):
        c = 0
        for value in row:
            if value is None:
                c += 1
                continue
            cell = value if isinstance(value, Cell) else Cell(value)
            yield r, c, cell
            c += cell.cols


def row_heights(rows: Sequence[Row], base: float) -> list[float]:
    """Each row's height (mm): `base`, or more where a picture cell spanning the row needs the
    room (its height and a margin, shared among the rows it spans)."""
    heights = [base] * len(rows)
    for r, _, cell in placed(rows):
        if cell.picture is None:
            continue
        span = range(r, min(r + cell.rows, len(rows)))
        missing = cell.picture.size_mm[1] + 4 - sum(heights[i] for i in span)
        for i in span:
            heights[i] += max(0.0, missing) / len(span)
    return heights


class FormWriter(Protocol):
    """A document built paragraph by paragraph and table by table. Shapes: normal, bold, title,
    heading; alignments: justify, center, right; a paragraph may start a page, or end with a
    picture (a seal after "(인)"); widths are relative column widths."""

    def paragraph(
        self, text: str = "", *, shape: str = "normal", align: str = "justify",
        page_break: bool = False, picture: Picture | None = None,
    ) -> None: ...  # fmt: skip

    def table(
        self, rows: Sequence[Row], widths: Sequence[int], *, header_rows: int = 1
    ) -> None: ...

    def to_bytes(self) -> bytes: ...
