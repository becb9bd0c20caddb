"""The Korean forms as Word files: a python-docx writer with the form writers' interface (grid
tables with merged, shaded and picture cells, repeated header rows, page breaks), and the DOC
that LibreOffice saves of it, as people convert a form for an old HR system."""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from corpus.templates import Context
from corpus.templates.word_office import fixed_docx, libreoffice_convert
from corpus.writers.form import Cell, Picture, Row, placed, row_heights

BODY_MM = 170  # A4 less 20 mm margins
SIZES = {"normal": (10, False), "bold": (10, True), "title": (20, True), "heading": (12, True)}
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
SHADE = "E8E8E8"
ROW_MM = 6.0


class DocxForm:
    """A Word document in `font` (an East Asian face: 맑은 고딕, 바탕, 굴림), A4."""

    def __init__(self, title: str, font: str) -> None:
        self.document = docx.Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        normal = self.document.styles["Normal"]
        normal.font.name, normal.font.size = font, Pt(10)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), font)
        normal.paragraph_format.space_after = Pt(0)
        properties = self.document.core_properties
        properties.title, properties.author, properties.last_modified_by = title, "", ""
        properties.revision = 1

    def paragraph(
        self, text: str = "", *, shape: str = "normal", align: str = "justify",
        page_break: bool = False, picture: Picture | None = None,
    ) -> None:  # fmt: skip
        para = self.document.add_paragraph()
        para.alignment = ALIGN[align]
        para.paragraph_format.page_break_before = page_break
        _write(para, text, shape)
        if picture is not None:
            width, height = picture.size_mm
            para.add_run().add_picture(io.BytesIO(picture.data), width=Mm(width), height=Mm(height))

    def table(self, rows: Sequence[Row], widths: Sequence[int], *, header_rows: int = 1) -> None:
        """A grid table; merged cells span their rows and columns, header rows repeat on the
        next page, and header rows and label cells are bold, centred and shaded."""
        grid = self.document.add_table(rows=len(rows), cols=len(widths))
        grid.style = "Table Grid"
        grid.autofit = False
        columns = [Mm(BODY_MM * w / sum(widths)) for w in widths]
        for index, column in enumerate(grid.columns):
            column.width = columns[index]
        for row, height in zip(grid.rows, row_heights(rows, ROW_MM), strict=True):
            row.height_rule, row.height = WD_ROW_HEIGHT_RULE.AT_LEAST, Mm(height)
            for index, cell in enumerate(row.cells):
                cell.width = columns[index]
        for r, c, value in placed(rows):
            target = grid.cell(r, c)
            if value.rows > 1 or value.cols > 1:
                target = target.merge(grid.cell(r + value.rows - 1, c + value.cols - 1))
            _fill(target, value, r < header_rows or value.label)
        for row in grid.rows[:header_rows]:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return fixed_docx(out.getvalue())


def _write(para: Paragraph, text: str, shape: str) -> None:
    size, bold = SIZES[shape]
    for number, line in enumerate(text.split("\n")):
        if number:
            para.runs[-1].add_break()
        run = para.add_run(line)
        run.font.size, run.bold = Pt(size), bold


def _fill(cell: _Cell, value: Cell, header: bool) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = value.text.split("\n")
    first = cell.paragraphs[0]
    if value.picture is not None:
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        width, height = value.picture.size_mm
        image = io.BytesIO(value.picture.data)
        first.add_run().add_picture(image, width=Mm(width), height=Mm(height))
        if not value.text:
            return
        first = cell.add_paragraph()
    for number, line in enumerate(lines):
        para = first if number == 0 else cell.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER if header else WD_ALIGN_PARAGRAPH.LEFT
        _write(para, line, "bold" if header else "normal")
    if header:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), SHADE)
        cell._tc.get_or_add_tcPr().append(shading)


def docx_to_doc(data: bytes, context: Context, stem: str) -> bytes:
    """The Word 97-2003 file LibreOffice saves of `data`."""
    return libreoffice_convert(data, context, stem, folder="soffice-doc", to="doc:MS Word 97")
