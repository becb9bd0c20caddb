"""The hard cases' blocks as a DOCX (python-docx): headings in Word's own styles, tables in Table
Grid, pictures inline, the recruiter's letterhead in the section header and footer, the Korean
font set for East Asian text, and the document's dates fixed."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from corpus.templates.hardcases_doc import Beside, Doc, Figure, PageBreak, Table, Text

FIXED = datetime(2026, 11, 20, 9, 0, 0)
WIDTH_MM = 174  # A4 less the margins
SIZES = {"title": 20, "lead": 11.5, "h1": 13, "h2": 11, "p": 10, "small": 8.5, "cover": 13}


def to_docx(doc: Doc) -> bytes:
    document = Document()
    _fonts(document, "NanumMyeongjo" if doc.serif else "NanumGothic")
    properties = document.core_properties
    properties.created = properties.modified = FIXED
    properties.author = properties.last_modified_by = ""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(16)
    for line in doc.header:
        section.header.add_paragraph(line).runs[0].font.size = Pt(8.5)
    for line in doc.footer:
        section.footer.add_paragraph(line).runs[0].font.size = Pt(8)
    accent = RGBColor.from_string(doc.accent.lstrip("#").upper())
    for block in doc.blocks:
        _docx_block(document, block, accent, WIDTH_MM)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fonts(document: Any, family: str) -> None:
    style = document.styles["Normal"]
    style.font.name = family
    style.font.size = Pt(10)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), family)


def _docx_block(container: Any, block: Any, accent: RGBColor, width_mm: float) -> None:
    """One block into the body or a table cell `width_mm` wide."""
    if isinstance(block, Text):
        _docx_text(container, block, accent)
    elif isinstance(block, Table):
        _docx_table(container, block, width_mm)
    elif isinstance(block, Figure):
        paragraph = container.add_paragraph()
        paragraph.alignment = _ALIGN[block.align]
        paragraph.add_run().add_picture(io.BytesIO(block.photo.data), width=Mm(block.width_mm))
    elif isinstance(block, Beside):
        table = container.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        widths = (width_mm * block.split - 2, width_mm * (1 - block.split) - 2)
        left.width, right.width = Mm(widths[0]), Mm(widths[1])
        table.columns[0].width, table.columns[1].width = Mm(widths[0]), Mm(widths[1])
        for cell, blocks, width in ((left, block.left, widths[0]), (right, block.right, widths[1])):
            cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
            for inner in blocks:
                _docx_block(cell, inner, accent, width)
    elif isinstance(block, PageBreak):
        container.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    else:
        container.add_paragraph("_" * 60).runs[0].font.color.rgb = RGBColor(0x99, 0x99, 0x99)


_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}  # fmt: skip


def _docx_text(container: Any, block: Text, accent: RGBColor) -> None:
    heading = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2"}.get(block.style)
    lines = block.text.split("\n")
    paragraph = container.add_paragraph(style=heading) if heading else container.add_paragraph()
    paragraph.alignment = _ALIGN[block.align]
    if block.style == "cover":
        paragraph.paragraph_format.space_before = Mm(60)
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.size = Pt(SIZES.get(block.style, 10))
        if block.style in ("title", "h1"):
            run.font.color.rgb = accent
        if number < len(lines) - 1:
            run.add_break()


def _docx_table(container: Any, table: Table, width_mm: float) -> None:
    columns = len(table.rows[0])
    grid = container.add_table(rows=len(table.rows), cols=columns)
    grid.style = "Table Grid"
    grid.autofit = False
    shares = table.widths or (1,) * columns
    widths = [Mm(width_mm * share / sum(shares)) for share in shares]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice lays out by; Word reads the cells'
    for number, row in enumerate(table.rows):
        for col, text in enumerate(row):
            cell = grid.cell(number, col)
            cell.width = widths[col]
            cell.text = text
            if (table.header and number == 0) or col in table.labels:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    container.add_paragraph()
