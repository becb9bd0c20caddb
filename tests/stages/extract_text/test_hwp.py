"""Tests for HWP 5 extraction: the shared fixtures' snippets, tables as cells in the DOCX block
shape, notes/headers/footers placement, distribution and track-changes documents, PARA_TEXT."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest
import syhwp

from corpus.writers.hwp import (
    build_hwp,
    char_shape,
    control_chars,
    deflate,
    encrypt_view_section,
    paragraph,
    style,
    table,
)
from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import ExtractedText
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.extract_text.hwp import read_hwp
from resume_worker.stages.extract_text.hwp_records import HANCOM_PUA, paragraph_text
from resume_worker.stages.validate_file import FileLimits, validate_file

LIMITS = FileLimits()
FILLER = "경력 요약: 결제 플랫폼과 검색 서비스를 설계하고 운영했습니다. " * 3


def extracted(data: bytes, *, min_text_chars: int = 0) -> ExtractedText:
    validated = validate_file(data, extension=".hwp", limits=LIMITS)
    return extract_text(validated, min_text_chars=min_text_chars)


def fixtures(folder: Path) -> list[tuple[Path, dict[str, object]]]:
    found = [(p, json.loads(Path(f"{p}.expected.json").read_text())) for p in folder.glob("*.hwp")]
    assert len(found) >= 13, "the shared HWP fixtures are incomplete"
    return sorted(found)


# ------------------------------------------------------------------ shared fixtures
def test_every_fixture_snippet_is_found_and_no_placeholder(hwp_fixtures: Path) -> None:
    """Each HWP 5 fixture yields all its must_contain snippets verbatim and none of must_not."""
    failures = []
    for path, expected in fixtures(hwp_fixtures):
        if expected["kind"] == "hwp3":
            continue
        text = extracted(path.read_bytes()).text
        missing = [s for s in expected["must_contain"] if s not in text]  # type: ignore[attr-defined]
        leaked = [s for s in expected.get("must_not_contain", []) if s in text]  # type: ignore[attr-defined]
        if missing or leaked:
            failures.append((path.name, missing, leaked))
    assert failures == []


def test_hwp3_is_unsupported(hwp_fixtures: Path) -> None:
    """HWP 3.0 is UNSUPPORTED_FORMAT at validation and in the reader itself."""
    data = (hwp_fixtures / "testHWP_3.0.hwp").read_bytes()
    for call in (
        lambda: validate_file(data, extension=".hwp", limits=LIMITS),
        lambda: read_hwp(data),
    ):
        with pytest.raises(PermanentError) as caught:
            call()
        assert caught.value.code is ErrorCode.UNSUPPORTED_FORMAT


def test_distribution_document_reads_view_text_like_the_plain_copy(hwp_fixtures: Path) -> None:
    """The 배포용 copy decrypts to the same text as the ordinary copy, without the preview."""
    distribution = read_hwp((hwp_fixtures / "testHWP-v5-dist.hwp").read_bytes())
    plain = read_hwp((hwp_fixtures / "testHWP-v5b.hwp").read_bytes())
    assert distribution.warnings == () and len(distribution.blocks) > 10
    assert [b.text for b in distribution.blocks] == [b.text for b in plain.blocks]


def test_sample_tables_come_out_as_cells(hwp_fixtures: Path) -> None:
    """sample-5017's tables are table blocks; a cell with two paragraphs is one cell."""
    tables = [
        b
        for b in extracted((hwp_fixtures / "sample-5017.hwp").read_bytes()).blocks
        if b.kind == "table"
    ]
    assert [t.rows for t in tables] == [(("A0", "B0"), ("A1", "B10 B11")), (("table2",),)]
    assert tables[0].text == "A0 | B0\nA1 | B10 B11"


def test_a_table_of_empty_cells_gives_no_text(hwp_fixtures: Path) -> None:
    """table.hwp holds only empty cells: no block, and TEXT_TOO_SHORT at the default minimum."""
    data = (hwp_fixtures / "table.hwp").read_bytes()
    assert extracted(data).blocks == ()
    with pytest.raises(PermanentError) as caught:
        extracted(data, min_text_chars=100)
    assert caught.value.code is ErrorCode.TEXT_TOO_SHORT


def test_headers_first_notes_after_body_footers_last(hwp_fixtures: Path) -> None:
    """Headers open the text, footnotes and endnotes follow the body, footers close it."""
    blocks = [b.text for b in extracted((hwp_fixtures / "headerfooter.hwp").read_bytes()).blocks]
    assert blocks == ["Header 이것은 머리말입니다.", "첫 페이지", "Footer 이것은 꼬리말입니다."]
    notes = [b.text for b in extracted((hwp_fixtures / "footnote-endnote.hwp").read_bytes()).blocks]
    assert notes[:2] == ["각주참조", "미주참조"]
    assert notes[2:] == ["각주입니다.", "각주 두 번째입니다.", "미주입니다.", "미주 두 번째입니다."]


def test_text_boxes_and_captions_stay_in_place(hwp_fixtures: Path) -> None:
    """A picture caption and a text box follow their anchoring paragraph, in record order."""
    blocks = [b.text for b in extracted((hwp_fixtures / "textbox.hwp").read_bytes()).blocks]
    assert blocks == ["그림 캡션", "글상자"]


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", re.sub(r"\[[^\]\n]{1,10}\]", " ", text)))


def test_text_covers_an_independent_reader(hwp_fixtures: Path) -> None:
    """Every word syhwp (MIT) reads from a fixture, bar its picture placeholders, is in ours
    (with Hancom's private-use 한 read as 한 on both sides: syhwp passes the glyph through)."""
    for path, expected in fixtures(hwp_fixtures):
        if expected["kind"] == "hwp3":
            continue
        ours = words(extracted(path.read_bytes()).text)
        reference = words(syhwp.extract_text(str(path)).translate(HANCOM_PUA))
        assert reference - ours == set(), path.name


# ------------------------------------------------------------------ built documents
def resume_form_hwp() -> bytes:
    cells: list[tuple[int, int, int, int, list[str | bytes]]] = [
        (0, 0, 1, 1, ["성명"]), (0, 1, 1, 1, ["홍길동"]), (0, 2, 1, 1, ["생년월일"]),
        (0, 3, 1, 1, ["1990.01.01"]), (0, 4, 2, 1, ["사진"]),
        (1, 0, 1, 1, ["연락처"]), (1, 1, 1, 1, ["010-1234-5678"]), (1, 2, 1, 1, ["이메일"]),
        (1, 3, 1, 1, ["hong@example.com"]),
        (2, 0, 1, 2, ["경력사항"]), (2, 2, 1, 3, ["카카오", "2019.03 - 현재"]),
    ]  # fmt: skip
    form = paragraph(0, "이력서" + control_chars(11, "tbl "), table(1, cells))
    return build_hwp([form + paragraph(0, FILLER)])


def resume_form_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("이력서")
    grid = document.add_table(rows=3, cols=5)
    for (row, col), text in {
        (0, 0): "성명", (0, 1): "홍길동", (0, 2): "생년월일", (0, 3): "1990.01.01",
        (1, 0): "연락처", (1, 1): "010-1234-5678", (1, 2): "이메일", (1, 3): "hong@example.com",
    }.items():  # fmt: skip
        grid.cell(row, col).text = text
    grid.cell(0, 4).merge(grid.cell(1, 4)).text = "사진"
    grid.cell(2, 0).merge(grid.cell(2, 1)).text = "경력사항"
    career = grid.cell(2, 2).merge(grid.cell(2, 4))
    career.text = "카카오"
    career.add_paragraph("2019.03 - 현재")
    document.add_paragraph(FILLER)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_korean_form_has_the_same_block_shape_as_docx() -> None:
    """The same 이력서 form (merged across and down) gives identical blocks in HWP and DOCX."""
    hwp = extract_text(validate_file(resume_form_hwp(), extension=".hwp", limits=LIMITS))
    word = extract_text(validate_file(resume_form_docx(), extension=".docx", limits=LIMITS))
    assert hwp.blocks[1].rows == (
        ("성명", "홍길동", "생년월일", "1990.01.01", "사진"),
        ("연락처", "010-1234-5678", "이메일", "hong@example.com"),
        ("경력사항", "카카오 2019.03 - 현재"),
    )
    assert hwp.blocks == word.blocks


def test_nested_and_layout_tables_follow_the_shared_rule() -> None:
    """A table in a cell is flattened into that cell; a table of page regions is read as text."""
    inner = table(3, [(0, 0, 1, 1, ["2019.03"]), (0, 1, 1, 1, ["Engineer"])])
    nested = paragraph(2, "Acme Corp" + control_chars(11, "tbl "), inner)
    outer = table(1, [(0, 0, 1, 1, ["Career"]), (0, 1, 1, 1, [nested])])
    sidebar = ["Contact", "hong@example.com", "Skills", "Python", "Go", "Korean"]
    main = ["Experience", "Acme Corp", "Engineer", "2019 - Present", "Built services", "Seoul"]
    layout = table(1, [(0, 0, 1, 1, list(sidebar)), (0, 1, 1, 1, list(main))])
    data = build_hwp([paragraph(0, "", outer) + paragraph(0, "", layout) + paragraph(0, FILLER)])
    blocks = [b for b in extracted(data).blocks]
    assert blocks[0].rows == (("Career", "Acme Corp 2019.03 | Engineer"),)
    assert [b.text for b in blocks[1:13]] == sidebar + main


def test_headings_by_outline_style_or_larger_characters() -> None:
    """DocInfo's styles and character sizes mark headings: a paragraph in an outline (개요)
    style, or short and set larger than Normal; Normal text and a large sentence are not."""
    doc_info = char_shape(1000) + char_shape(1600)
    doc_info += style("바탕글", "Normal", 0) + style("개요 1", "Outline 1", 0)
    body = paragraph(0, "경력사항", style=1) + paragraph(0, "학력", char_shape=1)
    body += paragraph(0, FILLER, char_shape=0) + paragraph(0, "큰 글씨 문장입니다.", char_shape=1)
    blocks = extracted(build_hwp([body], doc_info=doc_info)).blocks
    assert [(b.kind, b.text) for b in blocks[:2]] == [("heading", "경력사항"), ("heading", "학력")]
    assert [b.kind for b in blocks[2:]] == ["paragraph", "paragraph"]
    assert [b.kind for b in extracted(build_hwp([body])).blocks] == ["paragraph"] * 4


def test_sections_are_read_in_numeric_order() -> None:
    """Section10 comes after Section9, not after Section1."""
    data = build_hwp([paragraph(0, f"section {n}") for n in range(12)])
    assert [b.text for b in extracted(data).blocks] == [f"section {n}" for n in range(12)]


def test_long_paragraphs_use_the_extended_record_size() -> None:
    """A PARA_TEXT over 4094 bytes (size field 0xFFF plus a 32-bit size) is read whole."""
    text = "가나다라마바사아자차카타파하 " * 400
    assert extracted(build_hwp([paragraph(0, text)])).blocks[0].text == text.strip()


def test_distribution_flag_reads_view_text_and_ignores_the_placeholder() -> None:
    """A 배포용 file is read from its decrypted ViewText, never from BodyText."""
    body = paragraph(0, "홍길동 이력서 배포본") + paragraph(0, FILLER)
    for compressed in (True, False):
        data = build_hwp(
            [paragraph(0, "이 문서는 상위 버전의 배포용 문서입니다.")],
            properties=0x4 | int(compressed),
            view_sections=[encrypt_view_section(body, compressed=compressed)],
        )
        result = extracted(data)
        assert result.blocks[0].text == "홍길동 이력서 배포본" and "배포용 문서" not in result.text


def test_track_changes_prefers_body_text_then_view_text() -> None:
    """With ViewText in a normal file BodyText wins; a broken BodyText falls back to ViewText."""
    view = [deflate(paragraph(0, "뷰 텍스트 본문"))]
    good = build_hwp([paragraph(0, "본문 텍스트")], view_sections=view)
    assert [b.text for b in read_hwp(good).blocks] == ["본문 텍스트"]
    broken = read_hwp(build_hwp([b"\xff" * 40], view_sections=view, raw_sections=True))
    assert [b.text for b in broken.blocks] == ["뷰 텍스트 본문"] and broken.warnings == ()


def test_the_preview_is_a_last_resort_with_a_warning() -> None:
    """Unreadable body streams fall back to PrvText, and the result says so."""
    data = build_hwp([b"\xff" * 64], raw_sections=True, preview="홍길동\r\n이력서 미리보기\r\n")
    result = extracted(data)
    assert [b.text for b in result.blocks] == ["홍길동", "이력서 미리보기"]
    assert result.warnings and "PrvText" in result.warnings[0]


@pytest.mark.parametrize("bits", [0x2, 0x10, 0x100, 0x400])
def test_password_or_drm_is_an_encrypted_file(bits: int) -> None:
    """FileHeader password or DRM bits are ENCRYPTED_FILE, with a bilingual message."""
    data = build_hwp([paragraph(0, FILLER)], properties=1 | bits)
    for call in (
        lambda: validate_file(data, extension=".hwp", limits=LIMITS),
        lambda: read_hwp(data),
    ):
        with pytest.raises(PermanentError) as caught:
            call()
        assert caught.value.code is ErrorCode.ENCRYPTED_FILE
        assert re.search("[가-힣]", caught.value.message) and "password" in caught.value.message


# ------------------------------------------------------------------ PARA_TEXT
def units(text: str) -> bytes:
    return text.encode("utf-16-le", "surrogatepass")


def test_para_text_controls() -> None:
    """Inline and extended controls vanish with their payloads; tab, breaks and spaces stay."""
    raw = (
        "이름" + control_chars(9, "\0\0\0\0") + "홍길동" + "\n" + "A" + chr(24) + "B"
        + chr(30) + "C" + chr(31) + "D " + control_chars(3, "%hlk") + "link"
        + control_chars(4, "%hlk") + control_chars(17, "fn  ") + chr(0) + "\r"
    )  # fmt: skip
    assert paragraph_text(units(raw)) == "이름\t홍길동\nA-B C D link"


def test_para_text_surrogates_and_odd_lengths() -> None:
    """A surrogate pair is one character, a lone surrogate is U+FFFD, a stray byte is dropped."""
    assert paragraph_text(units("a\U0001f600b")) == "a\U0001f600b"
    assert paragraph_text(units("a\ud800b")) == "a\ufffdb"
    assert paragraph_text(units("ab") + b"\x41") == "ab"
    assert paragraph_text(units("ab" + chr(11) + "tb")) == "ab"
