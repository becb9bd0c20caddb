"""DOCX text with lxml on the ZIP parts: body order of paragraphs and tables, text boxes, content
controls, and headers before and footers after the body."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from resume_worker.core.models import Block
from resume_worker.stages.extract_text.tables import Cell, table_blocks
from resume_worker.stages.extract_text.zip_parts import read_part
from resume_worker.text.safe_xml import parse_xml

_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _tags(name: str) -> frozenset[str]:
    return frozenset(f"{{{namespace}}}{name}" for namespace in _NAMESPACES)


_P, _TBL, _TR, _TC = _tags("p"), _tags("tbl"), _tags("tr"), _tags("tc")
_T, _TAB, _PTAB = _tags("t"), _tags("tab"), _tags("ptab")
_BREAKS = _tags("br") | _tags("cr")
_HYPHEN = _tags("noBreakHyphen")
_TXBX = _tags("txbxContent")
_SDT_CONTENT = _tags("sdtContent")
# Wrappers whose children belong to the enclosing story, row or table.
_WRAPPERS = _tags("sdt") | _SDT_CONTENT | _tags("customXml") | _tags("smartTag")
# Subtrees with no visible text of their own: properties, deleted or moved-away revisions,
# field instructions, and references to notes that live in other parts.
_SKIP = (
    _tags("pPr") | _tags("rPr") | _tags("tblPr") | _tags("trPr") | _tags("tcPr") | _tags("sdtPr")
    | _tags("del") | _tags("moveFrom") | _tags("instrText") | _tags("delText") | _tags("sectPr")
)  # fmt: skip
_VMERGE, _HMERGE, _TC_PR = _tags("vMerge"), _tags("hMerge"), _tags("tcPr")
_BODY = _tags("body")
_VAL = [f"{{{namespace}}}val" for namespace in _NAMESPACES]
_ALTERNATE = f"{{{_MC}}}AlternateContent"
_CHOICE = f"{{{_MC}}}Choice"
_FALLBACK = f"{{{_MC}}}Fallback"
_PPR, _PSTYLE, _OUTLINE_LEVEL = _tags("pPr"), _tags("pStyle"), _tags("outlineLvl")
_HEADING_STYLE = re.compile(r"^(heading|title|subtitle|제목|부제)", re.IGNORECASE)
_PART_NUMBER = re.compile(r"^word/(header|footer)(\d*)\.xml$")


def read_docx(data: bytes) -> list[Block]:
    """Return the blocks of headers (each distinct line once), the body, then footers."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        body = parse_xml(read_part(archive, "word/document.xml"))
        headers = [parse_xml(read_part(archive, n)) for n in _parts(names, "header")]
        footers = [parse_xml(read_part(archive, n)) for n in _parts(names, "footer")]
    blocks = _distinct(headers)
    for element in body:
        if element.tag in _BODY:
            _story(element, blocks)
    return blocks + _distinct(footers)


def _parts(names: list[str], kind: str) -> list[str]:
    found = [(m.group(2), n) for n in names if (m := _PART_NUMBER.match(n)) and m.group(1) == kind]
    return [name for number, name in sorted(found, key=lambda f: int(f[0] or 0))]


def _distinct(parts: list[etree._Element]) -> list[Block]:
    """Stories of header or footer parts; a first-page and a default header often repeat."""
    seen: set[str] = set()
    blocks: list[Block] = []
    for part in parts:
        story: list[Block] = []
        _story(part, story)
        for block in story:
            if block.text not in seen:
                seen.add(block.text)
                blocks.append(block)
    return blocks


def _story(container: etree._Element, out: list[Block]) -> None:
    """Append the blocks of a body, cell, text box, header or footer in document order."""
    for child in container:
        tag = child.tag
        if tag in _P:
            _paragraph(child, out)
        elif tag in _TBL:
            out.extend(_table(child))
        elif tag in _WRAPPERS:
            _story(child, out)
        elif tag == _ALTERNATE:
            _story(_chosen(child), out)


def _chosen(alternate: etree._Element) -> etree._Element:
    """The one branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    for tag in (_CHOICE, _FALLBACK):
        branch = alternate.find(tag)
        if branch is not None:
            return branch
    return alternate


def _paragraph(paragraph: etree._Element, out: list[Block]) -> None:
    pieces: list[str] = []
    boxes: list[Block] = []
    _inline(paragraph, pieces, boxes)
    out.append(Block("heading" if _is_heading(paragraph) else "paragraph", "".join(pieces)))
    out.extend(boxes)


def _is_heading(paragraph: etree._Element) -> bool:
    """A Title/Heading style (Word's ids, also localised 제목) or an outline level."""
    properties = next((c for c in paragraph if c.tag in _PPR), None)
    if properties is None:
        return False
    for child in properties:
        if child.tag in _OUTLINE_LEVEL:
            return True
        if child.tag in _PSTYLE:
            style = next((child.get(v) for v in _VAL if child.get(v)), "") or ""
            return _HEADING_STYLE.match(style) is not None
    return False


def _inline(element: etree._Element, pieces: list[str], boxes: list[Block]) -> None:
    """Collect a paragraph's text; text boxes inside it become blocks after the paragraph."""
    for child in element:
        tag = child.tag
        if tag in _T:
            pieces.append(child.text or "")
        elif tag in _TAB or tag in _PTAB:
            pieces.append("\t")
        elif tag in _BREAKS:
            pieces.append("\n")
        elif tag in _HYPHEN:
            pieces.append("-")
        elif tag in _TXBX:
            _story(child, boxes)
        elif tag == _ALTERNATE:
            _inline(_chosen(child), pieces, boxes)
        elif tag not in _SKIP and isinstance(tag, str):
            _inline(child, pieces, boxes)


def _table(table: etree._Element) -> list[Block]:
    rows: list[list[Cell]] = []
    for row in _children(table, _TR):
        cells: list[Cell] = []
        for cell in _children(row, _TC):
            if not _continues(cell):
                cells.append([])
                _story(cell, cells[-1])
        rows.append(cells)
    return table_blocks(rows)


def _children(element: etree._Element, tags: frozenset[str]) -> list[etree._Element]:
    """Children with one of `tags`, looking through content-control and custom-XML wrappers."""
    found: list[etree._Element] = []
    for child in element:
        if child.tag in tags:
            found.append(child)
        elif child.tag in _WRAPPERS:
            found.extend(_children(child, tags))
    return found


def _continues(cell: etree._Element) -> bool:
    """Whether a cell continues a vertical (or legacy horizontal) merge and so repeats nothing."""
    for properties in cell:
        if properties.tag not in _TC_PR:
            continue
        for mark in properties:
            if mark.tag in _VMERGE or mark.tag in _HMERGE:
                value = next((mark.get(v) for v in _VAL if mark.get(v) is not None), None)
                return value in (None, "continue")
    return False
