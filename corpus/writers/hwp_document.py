"""Whole HWP 5.0 documents for the corpus's forms: DocInfo (fonts, border fills, character and
paragraph shapes, the Normal style, BIN_DATA items), one section that opens with its page setup
(A4), paragraphs, tables with merged and shaded cells, page breaks, and pictures whose bytes sit
in BinData streams, deflated or stored as they are."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.writers.form import HWPUNIT_PER_MM, Cell, Picture, Row, placed, row_heights
from corpus.writers.hwp import (
    bin_data,
    build_hwp,
    char_shape,
    control,
    control_chars,
    deflate,
    paragraph,
    picture,
    record,
    style,
    table,
)

# A4 in HWPUNIT (1/7200 inch), 30 mm side margins as Hangul's default page.
PAGE_WIDTH, PAGE_HEIGHT, SIDE_MARGIN = 59528, 84188, 8504
BODY_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN
ROW_HEIGHT_MM = 1800 / HWPUNIT_PER_MM
# Character shape ids: (size in 1/100 pt, bold); paragraph shape ids by alignment.
CHAR_SHAPES = {"normal": (1000, False), "bold": (1000, True), "title": (2000, True)}
CHAR_SHAPES["heading"] = (1200, True)
CHAR_IDS = {name: number for number, name in enumerate(CHAR_SHAPES)}
ALIGN = {"justify": 0, "center": 3, "right": 2}  # PARA_SHAPE alignment codes
PARA_IDS = {name: number for number, name in enumerate(ALIGN)}
FONT = "함초롬바탕"
_FONT_TYPE = bytes.fromhex("02030600000101010101")  # a serif face's type information
DOCUMENT_PROPERTIES, ID_MAPPINGS, FACE_NAME, BORDER_FILL = 16, 17, 19, 20
TAB_DEF, PARA_SHAPE = 22, 25
PAGE_DEF, FOOTNOTE_SHAPE, PAGE_BORDER_FILL = 73, 74, 75
# Section and column definitions as Hangul writes them for a new document (column gap 1134,
# default tab 8000, page numbers from 1; one column), and its footnote/endnote shapes.
_SECTION = bytes.fromhex("000000006e0400000000401f0000010000000000000000000000000000000000")
_COLUMNS = bytes.fromhex("041000000000000000000000")
_FOOTNOTE = bytes.fromhex("000000000000000029000100ffffffff520337021b01010100000000")
_ENDNOTE = bytes.fromhex("000000000000000029000100f82fe000520337020000010100000000")
_PAGE_BORDER = bytes.fromhex("0100000089058905890589050000")
_PREVIEW_CHARS = 1024
# The summary property set (MS-OLEPS) Hangul writes: its format id, and the corpus's day as a
# FILETIME (100 ns ticks since 1601) for the creation and last-saved times.
_SUMMARY_FORMAT = bytes.fromhex("60b6a29f6110d411b4c6006097c09d8c")
_SAVED = (1795132800 + 11644473600) * 10_000_000


@dataclass(frozen=True)
class _Paragraph:
    text: str
    controls: bytes = b""
    shape: str = "normal"
    align: str = "justify"
    page_break: bool = False


class HwpDocument:
    """A one-section HWP 5 document. `picture_compression`: 0 stores pictures as the document
    stores its streams (deflated), 1 deflates them, 2 keeps their bytes as they are."""

    def __init__(self, title: str, *, picture_compression: int = 0) -> None:
        self.title = title
        self.picture_compression = picture_compression
        self.body: list[_Paragraph] = []
        self.preview: list[str] = []
        self.pictures: list[Picture] = []
        self._objects = 0

    def paragraph(
        self, text: str = "", *, shape: str = "normal", align: str = "justify",
        page_break: bool = False, picture: Picture | None = None,
    ) -> None:  # fmt: skip
        """A paragraph; a picture stands at its end, as a character."""
        self.preview.append(text)
        controls = b""
        if picture is not None:
            controls = self._picture(1, picture)
            text += control_chars(11, "gso ")
        self.body.append(_Paragraph(text, controls, shape, align, page_break))

    def table(self, rows: Sequence[Row], widths: Sequence[int], *, header_rows: int = 1) -> None:
        """A table in its own paragraph; header rows and label cells are bold, centred, shaded."""
        columns = [BODY_WIDTH * w // sum(widths) for w in widths]
        cells, fills = [], {}
        for r, c, cell in placed(rows):
            header = r < header_rows or cell.label
            cells.append((r, c, cell.rows, cell.cols, self._cell(cell, header)))
            if header:
                fills[(r, c)] = 3
            self.preview.append(f"<{cell.text}>")
        heights = [round(mm * HWPUNIT_PER_MM) for mm in row_heights(rows, ROW_HEIGHT_MM)]
        tbl = table(
            1, cells, rows=len(rows), widths=columns, heights=heights, fills=fills,
            repeat_header=header_rows > 0, instance=self._instance(),
        )  # fmt: skip
        self.body.append(_Paragraph(control_chars(11, "tbl "), tbl))

    def _cell(self, cell: Cell, header: bool) -> list[str | bytes]:
        shape, align = ("bold", "center") if header else ("normal", "justify")
        specs = [_Paragraph(line, b"", shape, align) for line in cell.text.split("\n")]
        if cell.picture is not None:
            gso = self._picture(3, cell.picture)
            specs.insert(0, _Paragraph(control_chars(11, "gso "), gso, align="center"))
            specs = [s for s in specs if s.text or s.controls]
        return [_render(2, s, last=i == len(specs) - 1) for i, s in enumerate(specs)]

    def _picture(self, level: int, item: Picture) -> bytes:
        self.pictures.append(item)
        return picture(level, len(self.pictures), item.hwpunits, item.pixels, self._instance())

    def _instance(self) -> int:
        self._objects += 1
        return 0x10000000 + self._objects

    def to_bytes(self) -> bytes:
        body = list(self.body) or [_Paragraph("")]
        first = body[0]
        setup = control_chars(2, "secd") + control_chars(2, "cold")
        body[0] = _Paragraph(
            setup + first.text, _page_setup() + first.controls, first.shape, first.align
        )
        section = b"".join(_render(0, p, last=i == len(body) - 1) for i, p in enumerate(body))
        streams = {
            f"BinData/BIN{number:04X}.{item.extension}": (
                item.data if self.picture_compression == 2 else deflate(item.data)
            )
            for number, item in enumerate(self.pictures, start=1)
        }
        streams["\x05HwpSummaryInformation"] = _summary(self.title)
        preview = "\r\n".join(self.preview)[:_PREVIEW_CHARS]
        return build_hwp([section], doc_info=self._doc_info(), preview=preview, streams=streams)

    def _doc_info(self) -> bytes:
        counts = [len(self.pictures), *[1] * 7, 3, len(CHAR_SHAPES), 1, 0, 0, len(ALIGN), 1, 0]
        out = record(DOCUMENT_PROPERTIES, 0, struct.pack("<7H3I", 1, *[1] * 6, 0, 0, 0))
        out += record(ID_MAPPINGS, 0, struct.pack(f"<{len(counts)}i", *counts))
        for number, item in enumerate(self.pictures, start=1):
            out += bin_data(number, item.extension, compression=self.picture_compression)
        name = FONT.encode("utf-16-le")
        face = struct.pack("<BH", 0x40, len(FONT)) + name + _FONT_TYPE
        out += record(FACE_NAME, 1, face) * 7
        out += _border_fill(0, None) + _border_fill(1, None) + _border_fill(1, 0xE8E8E8)
        for size, bold in CHAR_SHAPES.values():
            out += char_shape(size, bold=bold, level=1)
        out += record(TAB_DEF, 1, struct.pack("<Ii", 0, 0))
        out += b"".join(_para_shape(code) for code in ALIGN.values())
        return out + style("바탕글", "Normal", CHAR_IDS["normal"], level=1)


def _render(level: int, spec: _Paragraph, *, last: bool) -> bytes:
    return paragraph(
        level, spec.text, spec.controls, char_shape=CHAR_IDS[spec.shape],
        para_shape=PARA_IDS[spec.align], page_break=spec.page_break, last=last,
    )  # fmt: skip


def _page_setup() -> bytes:
    """The section definition (A4 page, its footnote shapes and page borders) and the columns."""
    page = struct.pack(
        "<10I", PAGE_WIDTH, PAGE_HEIGHT, SIDE_MARGIN, SIDE_MARGIN, 5668, 4252, 4252, 4252, 0, 0
    )
    children = record(PAGE_DEF, 2, page) + record(FOOTNOTE_SHAPE, 2, _FOOTNOTE)
    children += record(FOOTNOTE_SHAPE, 2, _ENDNOTE) + record(PAGE_BORDER_FILL, 2, _PAGE_BORDER) * 3
    return control(1, "secd", children, payload=_SECTION) + control(1, "cold", payload=_COLUMNS)


def _border_fill(line: int, shade: int | None) -> bytes:
    """BORDER_FILL: four sides of `line` type (0 none, 1 solid) 0.12 mm black, no diagonal,
    and a solid background of `shade` (0xBBGGRR) or none."""
    sides = struct.pack("<BBI", line, 1, 0) * 4 + struct.pack("<BBI", 0, 0, 0)
    fill = struct.pack("<I", 0) if shade is None else struct.pack("<IIIi", 1, shade, 0x999999, -1)
    return record(BORDER_FILL, 1, struct.pack("<H", 0) + sides + fill + struct.pack("<I", 0))


def _para_shape(alignment: int) -> bytes:
    """PARA_SHAPE: alignment, no margins or indent, 160 % line spacing, default tabs."""
    head = struct.pack("<I5i", 0x180 | alignment << 2, 0, 0, 0, 0, 0)
    tail = struct.pack("<iHHH4hIII", 160, 0, 0, 1, 0, 0, 0, 0, 0, 0, 160)
    return record(PARA_SHAPE, 1, head + tail)


def _summary(title: str) -> bytes:
    """The HwpSummaryInformation property set: the title, empty author and other text fields
    (Hangul would write the account name there, personal data the gold does not list), and
    the creation and last-saved times."""
    values = [(0, struct.pack("<I", 0))]  # an empty dictionary, as Hangul writes one
    # Title, subject, author, keywords, comments, last saved by: only the title is filled in.
    for pid, text in ((2, title), (3, ""), (4, ""), (5, ""), (6, ""), (8, "")):
        encoded = (text + "\0").encode("utf-16-le")
        value = struct.pack("<HHI", 0x1F, 0, len(encoded) // 2) + encoded
        values.append((pid, value + bytes(-len(value) % 4)))
    values += [
        (12, struct.pack("<HHQ", 0x40, 0, _SAVED)),
        (13, struct.pack("<HHQ", 0x40, 0, _SAVED)),
    ]
    offset, table, body = 8 + 8 * len(values), b"", b""
    for pid, value in values:
        table += struct.pack("<II", pid, offset + len(body))
        body += value
    section = struct.pack("<II", 8 + len(table) + len(body), len(values)) + table + body
    head = struct.pack("<HHI", 0xFFFE, 0, 0x00020105) + _SUMMARY_FORMAT + struct.pack("<I", 1)
    return head + _SUMMARY_FORMAT + struct.pack("<I", 48) + section
