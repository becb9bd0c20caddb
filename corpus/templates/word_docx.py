"""python-docx building blocks of Word-style resumes: a restyled default document, section
headings with a rule under them, right-aligned dates on a tab stop, borderless layout tables,
shaded cells, and a save that fixes every date (core properties and zip times)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from corpus.templates.word_office import fixed_docx

SAVED = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
WORD_AUTHOR = "Microsoft Office User"  # Word's default account name: no persona in the metadata
Container = Any  # a Document, a table cell, a header or a footer: python-docx's block containers


def new_document(font: str, size: float, margin_cm: float, accent: str) -> DocumentObject:
    """The default template with one font everywhere (the theme's Calibri/Cambria replaced),
    narrow resume margins and headings in the accent colour."""
    document = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Header", "Footer", "List Bullet"):
        style = document.styles[name]
        style.font.name = font
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for kind in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(kind), None)
        fonts.set(qn("w:eastAsia"), font)
    document.styles["Normal"].font.size = Pt(size)
    document.styles["Normal"].paragraph_format.space_after = Pt(2)
    for name, points in (("Title", 24), ("Heading 1", 12), ("Heading 2", 11)):
        style = document.styles[name]
        style.font.size, style.font.color.rgb = Pt(points), RGBColor.from_string(accent)
        style.paragraph_format.space_before = Pt(10 if name == "Heading 1" else 4)
        style.paragraph_format.space_after = Pt(3)
    _plain_bullets(document, font)
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.59), Cm(27.94)  # US Letter
        section.left_margin = section.right_margin = Cm(margin_cm)
        section.top_margin = section.bottom_margin = Cm(margin_cm)
    return document


def _plain_bullets(document: DocumentObject, font: str) -> None:
    """Bullets as "•" in the text font instead of Word's default Symbol-font U+F0B7: printed to
    PDF, that glyph comes out as a Private Use Area character, and `Rendered.icon_font` (one
    flag for the DOCX and the PDF of a copy) could not say so for the PDF alone."""
    for level in document.part.numbering_part.element.iter(qn("w:lvl")):
        text = level.find(qn("w:lvlText"))
        if text is None or text.get(qn("w:val")) != "\uf0b7":
            continue
        text.set(qn("w:val"), "•")
        fonts = level.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        if fonts is not None:
            for kind in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(kind), font)


def rule_below(paragraph: Paragraph, color: str) -> None:
    """A bottom border on the paragraph: the line under a resume's section heading."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", color)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    properties.append(borders)


def section_heading(where: Container, text: str, color: str, *, rule: bool = True) -> Paragraph:
    paragraph: Paragraph = where.add_paragraph(text, style="Heading 1")
    if rule:
        rule_below(paragraph, color)
    return paragraph


def tabbed(where: Container, left: str, right: str, width_cm: float, **style: bool) -> Paragraph:
    """`left<TAB>right` with a right tab stop at the text width: dates flush right."""
    paragraph: Paragraph = where.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(width_cm), WD_TAB_ALIGNMENT.RIGHT)
    run = paragraph.add_run(left)
    run.bold, run.italic = style.get("bold", False), style.get("italic", False)
    paragraph.add_run("\t" + right)
    return paragraph


def runs(where: Container, *pieces: tuple[str, str], style: str | None = None) -> Paragraph:
    """A paragraph of runs, each (text, marks) with marks among b (bold), i (italic)."""
    paragraph: Paragraph = where.add_paragraph(style=style)
    for text, marks in pieces:
        run = paragraph.add_run(text)
        run.bold, run.italic = "b" in marks or None, "i" in marks or None
    return paragraph


def icon_run(paragraph: Paragraph, glyph: str, font: str = "Wingdings") -> None:
    """An icon typed in a symbol font: a Private Use Area character in the text, which is what
    extractors meet when a template's contact icons are font glyphs."""
    run = paragraph.add_run(glyph)
    run.font.name = font
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:hAnsi"), font)
    fonts.set(qn("w:cs"), font)


def layout_table(document: DocumentObject, widths_cm: tuple[float, ...]) -> Table:
    """One row of cells with no borders: the Word way to put a sidebar beside the main column."""
    table: Table = document.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        column.w = Cm(width)  # LibreOffice lays out by the grid, Word by the cells: set both
    for cell, width in zip(table.rows[0].cells, widths_cm, strict=True):
        cell.width = Cm(width)
    return table


def shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shading.set(qn(f"w:{key}"), value)
    cell._tc.get_or_add_tcPr().append(shading)


def page_field(paragraph: Paragraph) -> None:
    """A PAGE field with its cached result (1), as Word saves it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def saved(document: DocumentObject, title: str) -> bytes:
    """The DOCX bytes with fixed core properties and zip times (same persona, same bytes)."""
    core = document.core_properties
    core.author = core.last_modified_by = WORD_AUTHOR
    core.title, core.comments, core.keywords, core.subject = title, "", "", ""
    core.created = core.modified = core.last_printed = SAVED
    core.revision = 3
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_docx(buffer.getvalue())
