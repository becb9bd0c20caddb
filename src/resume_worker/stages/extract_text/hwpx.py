"""HWPX (OWPML) text: sections in spine order, hp:p paragraphs and hp:tbl tables as table blocks."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from resume_worker.core.models import Block
from resume_worker.stages.extract_text.tables import Cell, table_blocks
from resume_worker.stages.extract_text.zip_parts import read_part
from resume_worker.text.safe_xml import local_name, parse_xml

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")
_PACKAGE = "Contents/content.hpf"
# Inline marks inside hp:t and what they stand for.
_MARKS = {"tab": "\t", "lineBreak": "\n", "nbSpace": " ", "fwSpace": " ", "hyphen": "-"}
# Subtrees without body text: section and column settings, equations, drawing geometry.
_MAX_MERGED = 10_000
_SKIP = frozenset({"secPr", "colPr", "equation", "linesegarray", "sz", "pos", "cellSz"})
_HEADER = "Contents/header.xml"
# Paragraph styles that mark headings by name (Hangul's outline levels, Word-like names).
_HEADING_STYLE = re.compile(r"^(개요|제목|outline|heading|title)\b", re.IGNORECASE)
# Otherwise a short paragraph set at least this much larger than the Normal style is a heading.
_HEADING_SCALE = 1.2
_MAX_HEADING_CHARS = 60


def read_hwpx(data: bytes) -> list[Block]:
    """Return the blocks of every body section in reading order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        reader = _Reader(_read_styles(archive))
        for name in _section_names(archive):
            reader.story(parse_xml(read_part(archive, name)), reader.blocks)
    return reader.blocks


@dataclass(frozen=True)
class _Styles:
    """What header.xml says about headings: style ids named as headings, each character
    shape's height (1/100 pt) and the height of the Normal style's text."""

    heading_styles: frozenset[str] = frozenset()
    heights: dict[str, int] = field(default_factory=dict)
    body_height: int = 0


def _read_styles(archive: zipfile.ZipFile) -> _Styles:
    if _HEADER not in archive.namelist():
        return _Styles()
    headings: set[str] = set()
    heights: dict[str, int] = {}
    normal_shape = None
    for element in parse_xml(read_part(archive, _HEADER)).iter():
        kind, ident = local_name(element), str(element.get("id", ""))
        if kind == "charPr" and (element.get("height") or "").isdigit():
            heights[ident] = int(element.get("height") or 0)
        elif kind == "style" and element.get("type", "PARA") == "PARA":
            names = (element.get("name") or "", element.get("engName") or "")
            if any(_HEADING_STYLE.match(name.strip()) for name in names):
                headings.add(ident)
            if normal_shape is None:  # the first paragraph style is Normal (바탕글)
                normal_shape = str(element.get("charPrIDRef", ""))
    return _Styles(frozenset(headings), heights, heights.get(normal_shape or "", 0))


class _Reader:
    """Walks section XML into blocks, telling headings apart by style name or type size."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.blocks: list[Block] = []

    def story(self, container: etree._Element, out: list[Block]) -> None:
        for child in container:
            kind = local_name(child)
            if kind == "p":
                self.paragraph(child, out)
            elif kind == "tbl":
                self.append_table(child, out)
            elif kind and kind not in _SKIP:
                self.story(child, out)

    def paragraph(self, paragraph: etree._Element, out: list[Block]) -> None:
        pieces: list[str] = []
        nested: list[Block] = []
        self.inline(paragraph, pieces, nested)
        text = "".join(pieces)
        out.append(Block("heading" if self.is_heading(paragraph, text) else "paragraph", text))
        out.extend(nested)

    def inline(self, element: etree._Element, pieces: list[str], nested: list[Block]) -> None:
        """Collect a paragraph's text; its tables, text boxes and header/footer controls (each
        a hp:subList of their own paragraphs) become blocks after it."""
        for child in element:
            kind = local_name(child)
            if kind == "t":
                _text(child, pieces)
            elif kind == "tbl":
                self.append_table(child, nested)
            elif kind == "subList":
                self.story(child, nested)
            elif kind and kind not in _SKIP:
                self.inline(child, pieces, nested)

    def is_heading(self, paragraph: etree._Element, text: str) -> bool:
        """Named as a heading style, or short and set clearly larger than Normal text."""
        text = text.strip()
        if not text or not any(char.isalpha() for char in text):
            return False
        if paragraph.get("styleIDRef") in self.styles.heading_styles:
            return True
        if len(text) > _MAX_HEADING_CHARS or text[-1] in ".," or not self.styles.body_height:
            return False
        sizes = [
            self.styles.heights.get(str(run.get("charPrIDRef")), 0)
            for run in paragraph
            if local_name(run) == "run" and any(str(piece).strip() for piece in run.itertext())
        ]
        return bool(sizes) and min(sizes) >= _HEADING_SCALE * self.styles.body_height

    def append_table(self, table: etree._Element, out: list[Block]) -> None:
        rows: list[list[Cell]] = []
        merged: list[tuple[int, int, int, int]] = []
        for row in (child for child in table if local_name(child) == "tr"):
            cells: list[Cell] = []
            for cell in (child for child in row if local_name(child) == "tc"):
                if not _is_covered(cell, merged):
                    cells.append([])
                    for part in cell:
                        if local_name(part) == "subList":
                            self.story(part, cells[-1])
            rows.append(cells)
        out.extend(table_blocks(rows))


def _section_names(archive: zipfile.ZipFile) -> list[str]:
    """Sections in the package spine's order; by section number when there is no usable spine."""
    names = archive.namelist()
    numbered = sorted(
        ((int(m.group(1)), n) for n in names if (m := _SECTION.match(n))), key=lambda f: f[0]
    )
    fallback = [name for _, name in numbered]
    if _PACKAGE not in names:
        return fallback
    package = parse_xml(read_part(archive, _PACKAGE))
    hrefs: dict[str, str] = {}
    spine: list[str] = []
    for element in package.iter():
        kind = local_name(element)
        if kind == "item" and element.get("id") and element.get("href"):
            hrefs[str(element.get("id"))] = str(element.get("href"))
        elif kind == "itemref" and element.get("idref"):
            spine.append(str(element.get("idref")))
    ordered = [hrefs[i] for i in spine if i in hrefs and _SECTION.match(hrefs[i])]
    return ordered if set(ordered) == set(fallback) else fallback


def _text(element: etree._Element, pieces: list[str]) -> None:
    pieces.append(element.text or "")
    for mark in element:
        pieces.append(_MARKS.get(local_name(mark), ""))
        pieces.append(mark.tail or "")


def _is_covered(cell: etree._Element, merged: list[tuple[int, int, int, int]]) -> bool:
    """Whether a cell lies under an earlier merged cell; records the area a merged cell spans."""
    address = span = None
    for child in cell:
        kind = local_name(child)
        if kind == "cellAddr":
            address = (int(child.get("rowAddr", "0")), int(child.get("colAddr", "0")))
        elif kind == "cellSpan":
            span = (int(child.get("rowSpan", "1")), int(child.get("colSpan", "1")))
    if address is None:
        return False
    row, col = address
    if any(r0 <= row < r1 and c0 <= col < c1 for r0, c0, r1, c1 in merged):
        return True
    rows, cols = span or (1, 1)
    if (rows > 1 or cols > 1) and len(merged) < _MAX_MERGED:
        merged.append((row, col, row + rows, col + cols))
    return False
