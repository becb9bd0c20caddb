"""HWPX (OWPML) text: sections in spine order, hp:p paragraphs and hp:tbl tables as table blocks."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from resume_worker.models import Block
from resume_worker.safe_xml import local_name, parse_xml
from resume_worker.stages.extract_text.tables import Cell, table_blocks
from resume_worker.stages.extract_text.zip_parts import read_part

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")
_PACKAGE = "Contents/content.hpf"
# Inline marks inside hp:t and what they stand for.
_MARKS = {"tab": "\t", "lineBreak": "\n", "nbSpace": " ", "fwSpace": " ", "hyphen": "-"}
# Subtrees without body text: section and column settings, equations, drawing geometry.
_MAX_MERGED = 10_000
_SKIP = frozenset({"secPr", "colPr", "equation", "linesegarray", "sz", "pos", "cellSz"})


def read_hwpx(data: bytes) -> list[Block]:
    """Return the blocks of every body section in reading order."""
    blocks: list[Block] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in _section_names(archive):
            _story(parse_xml(read_part(archive, name)), blocks)
    return blocks


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


def _story(container: etree._Element, out: list[Block]) -> None:
    for child in container:
        kind = local_name(child)
        if kind == "p":
            _paragraph(child, out)
        elif kind == "tbl":
            _append_table(child, out)
        elif kind and kind not in _SKIP:
            _story(child, out)


def _paragraph(paragraph: etree._Element, out: list[Block]) -> None:
    pieces: list[str] = []
    nested: list[Block] = []
    _inline(paragraph, pieces, nested)
    out.append(Block("paragraph", "".join(pieces)))
    out.extend(nested)


def _inline(element: etree._Element, pieces: list[str], nested: list[Block]) -> None:
    """Collect a paragraph's text; its tables, text boxes and header/footer controls (each a
    hp:subList of their own paragraphs) become blocks after it."""
    for child in element:
        kind = local_name(child)
        if kind == "t":
            _text(child, pieces)
        elif kind == "tbl":
            _append_table(child, nested)
        elif kind == "subList":
            _story(child, nested)
        elif kind and kind not in _SKIP:
            _inline(child, pieces, nested)


def _text(element: etree._Element, pieces: list[str]) -> None:
    pieces.append(element.text or "")
    for mark in element:
        pieces.append(_MARKS.get(local_name(mark), ""))
        pieces.append(mark.tail or "")


def _append_table(table: etree._Element, out: list[Block]) -> None:
    rows: list[list[Cell]] = []
    merged: list[tuple[int, int, int, int]] = []
    for row in (child for child in table if local_name(child) == "tr"):
        cells: list[Cell] = []
        for cell in (child for child in row if local_name(child) == "tc"):
            if not _is_covered(cell, merged):
                cells.append([])
                for part in cell:
                    if local_name(part) == "subList":
                        _story(part, cells[-1])
        rows.append(cells)
    out.extend(table_blocks(rows))


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
