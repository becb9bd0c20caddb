"""Tests for DOCX extraction: document order, merged and nested cells, text boxes, headers."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import docx
import pytest
from docx.oxml import parse_xml as docx_xml

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import ExtractedText
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.validate_file import FileLimits, validate_file

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_BOX = f"""
<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
    xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w="{W}">
  <mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>
    <w:p><w:r><w:t>Boxed contact line</w:t></w:r></w:p>
  </w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>Boxed contact line</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent>"""
CONTENT_CONTROL = f"""
<w:sdt xmlns:w="{W}"><w:sdtPr><w:alias w:val="Name"/></w:sdtPr><w:sdtContent>
  <w:p><w:r><w:t>Inside a content control</w:t></w:r></w:p>
</w:sdtContent></w:sdt>"""
REVISIONS = f"""
<w:p xmlns:w="{W}"><w:r><w:t xml:space="preserve">Kept </w:t></w:r>
  <w:del><w:r><w:delText>removed words</w:delText></w:r></w:del>
  <w:ins><w:r><w:t>inserted words</w:t></w:r></w:ins></w:p>"""
FILLER = "Experienced engineer building reliable services for payments and search. " * 2


def extracted(document: docx.document.Document) -> ExtractedText:
    buffer = io.BytesIO()
    document.save(buffer)
    validated = validate_file(buffer.getvalue(), extension=".docx", limits=FileLimits())
    return extract_text(validated)


def built_document() -> docx.document.Document:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Header Jane Doe"
    document.sections[0].footer.paragraphs[0].text = "Footer page marker"
    document.add_paragraph("First body paragraph")
    run = document.add_paragraph().add_run("Name")
    run.add_tab()
    run.add_text("Jane Doe")
    run.add_break()
    run.add_text("Second line")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Merged down"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Merged across"
    for row, col in ((1, 1), (1, 2), (2, 0), (2, 1), (2, 2)):
        table.cell(row, col).text = f"r{row}c{col}"
    document.add_paragraph("After the table").runs[0]._r.append(docx_xml(TEXT_BOX))
    document.add_paragraph(FILLER)
    return document


def test_body_order_with_header_first_and_footer_last() -> None:
    """Header, paragraphs, table, paragraph, text box and footer come out in document order."""
    texts = [block.text for block in extracted(built_document()).blocks]
    assert texts[0] == "Header Jane Doe"
    assert texts[1:3] == ["First body paragraph", "Name\tJane Doe\nSecond line"]
    assert texts.index("After the table") == 4
    assert texts[5] == "Boxed contact line"
    assert texts[-1] == "Footer page marker"


def test_merged_cells_appear_once() -> None:
    """A vertically merged cell is read once; a gridSpan cell is one cell."""
    table = next(b for b in extracted(built_document()).blocks if b.kind == "table")
    assert table.rows == (
        ("Merged down", "Merged across"),
        ("r1c1", "r1c2"),
        ("r2c0", "r2c1", "r2c2"),
    )
    assert table.text == "Merged down | Merged across\nr1c1 | r1c2\nr2c0 | r2c1 | r2c2"


def test_text_box_alternate_content_is_read_once() -> None:
    """A text box given as mc:Choice and mc:Fallback yields its text once."""
    assert extracted(built_document()).text.count("Boxed contact line") == 1


def test_nested_tables_are_flattened_into_the_cell() -> None:
    """A table inside a cell is flattened into that cell's one-line text."""
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Career"
    cell = outer.cell(0, 1)
    cell.text = "Acme Corp"
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "2019.03"
    inner.cell(0, 1).text = "Engineer"
    document.add_paragraph(FILLER)
    table = extracted(document).blocks[0]
    assert table.rows == (("Career", "Acme Corp 2019.03 | Engineer"),)


def test_content_controls_and_revisions() -> None:
    """Content-control text is kept, deleted revisions are dropped, insertions are kept."""
    document = docx.Document()
    body = document.element.body
    body.insert(0, docx_xml(CONTENT_CONTROL))
    body.insert(1, docx_xml(REVISIONS))
    document.add_paragraph(FILLER)
    texts = [block.text for block in extracted(document).blocks]
    assert texts[:2] == ["Inside a content control", "Kept inserted words"]
    assert "removed" not in " ".join(texts)


def test_korean_text_is_normalised_to_composed_syllables() -> None:
    """Decomposed Hangul Jamo, zero-width and repeated spaces come out as NFC with single spaces."""
    document = docx.Document()
    document.add_paragraph(
        "\u1112\u1169\u11bc\u1100\u1175\u11af\u1103\u1169\u11bc\u200b   이력서\u00a0\u00a0."
    )
    document.add_paragraph(FILLER)
    assert extracted(document).blocks[0].text == "홍길동 이력서 ."


def hostile_docx(make_zip: Callable[..., bytes], document_xml: bytes) -> bytes:
    return make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": document_xml})


def test_billion_laughs_is_rejected_without_expansion(make_zip: Callable[..., bytes]) -> None:
    """An entity bomb in document.xml is an INVALID_FILE (hostile container), raised at once."""
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE w [{entities}]><w:document xmlns:w="{W}">'
        "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    )
    validated = validate_file(
        hostile_docx(make_zip, bomb.encode()), extension=".docx", limits=FileLimits()
    )
    started = time.perf_counter()
    with pytest.raises(PermanentError) as caught:
        extract_text(validated)
    assert caught.value.code is ErrorCode.INVALID_FILE
    assert time.perf_counter() - started < 1.0


def test_external_entities_are_never_resolved(make_zip: Callable[..., bytes], tmp_path) -> None:
    """An external entity pointing at a local file is refused and its contents never read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETVALUE")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file://{secret}">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    )
    validated = validate_file(
        hostile_docx(make_zip, xxe.encode()), extension=".docx", limits=FileLimits()
    )
    with pytest.raises(PermanentError) as caught:
        extract_text(validated)
    assert caught.value.code is ErrorCode.INVALID_FILE
    assert "TOPSECRET" not in caught.value.message


def test_malformed_document_xml_is_an_invalid_file(make_zip: Callable[..., bytes]) -> None:
    """A DOCX whose document.xml is not well-formed is a corrupt container: INVALID_FILE."""
    data = hostile_docx(make_zip, b"<w:document><unclosed>")
    validated = validate_file(data, extension=".docx", limits=FileLimits())
    with pytest.raises(PermanentError) as caught:
        extract_text(validated)
    assert caught.value.code is ErrorCode.INVALID_FILE


def test_a_cell_with_several_paragraphs_is_one_line_of_its_row() -> None:
    """Line i of a table's text is row i, even when a cell holds several paragraphs."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "담당업무"
    table.cell(0, 1).text = "결제 API 개발"
    table.cell(0, 1).add_paragraph("주문 DB 샤딩")
    table.cell(1, 0).text = "회사"
    table.cell(1, 1).text = "카카오"
    document.add_paragraph(FILLER)
    block = extracted(document).blocks[0]
    assert block.rows == (("담당업무", "결제 API 개발 주문 DB 샤딩"), ("회사", "카카오"))
    assert block.text.split("\n") == [" | ".join(row) for row in block.rows]


def test_a_layout_table_is_read_as_its_cells_text() -> None:
    """A table whose cells are whole page regions yields their paragraphs, left cell first."""
    document = docx.Document()
    layout = document.add_table(rows=1, cols=2)
    sidebar, main = layout.cell(0, 0), layout.cell(0, 1)
    sidebar.text = "Contact"
    for line in ("jane@example.com", "Skills", "Python", "Go", "Languages", "Korean"):
        sidebar.add_paragraph(line)
    main.text = "Experience"
    for line in ("Acme Corp", "Engineer", "2019 - Present", "Built services", "Education"):
        main.add_paragraph(line)
    nested = main.add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "State University"
    nested.cell(0, 1).text = "B.S."
    document.add_paragraph(FILLER)
    blocks = extracted(document).blocks
    assert [b.text for b in blocks[:8]] == [
        "Contact",
        "jane@example.com",
        "Skills",
        "Python",
        "Go",
        "Languages",
        "Korean",
        "Experience",
    ]
    assert blocks[13].kind == "table" and blocks[13].rows == (("State University", "B.S."),)
