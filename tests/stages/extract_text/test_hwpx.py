"""Tests for HWPX extraction: spine order, paragraphs, merged table cells and inline marks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import ExtractedText
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.validate_file import FileLimits, validate_file

HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
HS = "http://www.hancom.co.kr/hwpml/2011/section"
OPF = "http://www.idpf.org/2007/opf/"
FILLER = (
    "<hp:p><hp:run><hp:t>"
    + "소프트웨어 개발 경력과 프로젝트 경험을 정리한 이력서입니다. " * 4
    + "</hp:t></hp:run></hp:p>"
)


def paragraph(text: str) -> str:
    return f"<hp:p><hp:run><hp:t>{text}</hp:t></hp:run></hp:p>"


def cell(row: int, col: int, text: str, rows: int = 1, cols: int = 1) -> str:
    return (
        f"<hp:tc><hp:subList>{paragraph(text)}</hp:subList>"
        f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/>'
        f'<hp:cellSpan colSpan="{cols}" rowSpan="{rows}"/></hp:tc>'
    )


def section(body: str) -> bytes:
    return f'<hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}">{body}</hs:sec>'.encode()


def package(
    make_zip: Callable[..., bytes],
    sections: dict[str, bytes],
    spine: list[str],
    extra: dict[str, bytes] | None = None,
) -> bytes:
    items = "".join(f'<opf:item id="{n}" href="Contents/{n}.xml"/>' for n in sections)
    refs = "".join(f'<opf:itemref idref="{n}"/>' for n in spine)
    hpf = (
        f'<opf:package xmlns:opf="{OPF}"><opf:manifest>{items}</opf:manifest>'
        f"<opf:spine>{refs}</opf:spine></opf:package>"
    )
    parts = {"mimetype": b"application/hwp+zip", "Contents/content.hpf": hpf.encode()}
    parts |= {f"Contents/{name}.xml": body for name, body in sections.items()}
    return make_zip(parts | (extra or {}), stored=("mimetype",))


def extracted(data: bytes) -> ExtractedText:
    return extract_text(validate_file(data, extension=".hwpx", limits=FileLimits()))


def test_sections_follow_the_package_spine(make_zip: Callable[..., bytes]) -> None:
    """Sections are read in content.hpf spine order, not by file name."""
    data = package(
        make_zip,
        {
            "section0": section(paragraph("둘째 구역") + FILLER),
            "section1": section(paragraph("첫째 구역")),
        },
        spine=["section1", "section0"],
    )
    texts = [block.text for block in extracted(data).blocks]
    assert texts[:2] == ["첫째 구역", "둘째 구역"]


def test_table_cells_come_out_once_in_the_shared_block_shape(
    make_zip: Callable[..., bytes],
) -> None:
    """A rowSpan cell is read once, a covered cell listed by a writer is skipped."""
    table = (
        "<hp:p><hp:run><hp:tbl>"
        f"<hp:tr>{cell(0, 0, '[사진]', rows=2)}{cell(0, 1, '성명')}{cell(0, 2, '홍길동')}</hp:tr>"
        f"<hp:tr>{cell(1, 0, '덮인 칸')}{cell(1, 1, '연락처')}{cell(1, 2, '010-0000-0000')}</hp:tr>"
        f"<hp:tr>{cell(2, 0, '경력', cols=2)}{cell(2, 2, '카카오')}</hp:tr>"
        "</hp:tbl></hp:run></hp:p>"
    )
    data = package(
        make_zip, {"section0": section(paragraph("이 력 서") + table + FILLER)}, ["section0"]
    )
    blocks = extracted(data).blocks
    assert blocks[0].text == "이 력 서"
    assert blocks[1].kind == "table"
    assert blocks[1].rows == (
        ("[사진]", "성명", "홍길동"),
        ("연락처", "010-0000-0000"),
        ("경력", "카카오"),
    )
    assert blocks[1].text.split("\n")[0] == "[사진] | 성명 | 홍길동"


def test_inline_marks_and_text_boxes(make_zip: Callable[..., bytes]) -> None:
    """hp:tab and hp:lineBreak become a tab and a newline; a text box follows its paragraph."""
    body = (
        "<hp:p><hp:run><hp:t>이름<hp:tab/>홍길동<hp:lineBreak/>둘째 줄</hp:t>"
        "<hp:rect><hp:drawText><hp:subList>"
        f"{paragraph('글상자 내용')}</hp:subList></hp:drawText></hp:rect>"
        "</hp:run></hp:p>" + FILLER
    )
    texts = [
        b.text
        for b in extracted(package(make_zip, {"section0": section(body)}, ["section0"])).blocks
    ]
    assert texts[:2] == ["이름\t홍길동\n둘째 줄", "글상자 내용"]


def test_hostile_section_xml_is_an_invalid_file(make_zip: Callable[..., bytes]) -> None:
    """A section with a DTD is refused as INVALID_FILE, never expanded."""
    bomb = b'<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">]><hs:sec xmlns:hs="x">&a;</hs:sec>'
    data = package(make_zip, {"section0": bomb}, ["section0"])
    with pytest.raises(PermanentError) as caught:
        extracted(data)
    assert caught.value.code is ErrorCode.INVALID_FILE


def test_shared_hwpx_form_has_its_table(dev_dir: Path) -> None:
    """The dev set's HWPX 이력서 form yields table blocks with the applicant's cells."""
    data = (dev_dir / "ko" / "ko10-hwpx-table-form.hwpx").read_bytes()
    tables = [block for block in extracted(data).blocks if block.kind == "table"]
    assert len(tables) == 5
    assert any("성명" in row for row in tables[0].rows)


def test_a_layout_table_is_read_as_its_cells_text(make_zip: Callable[..., bytes]) -> None:
    """A table whose cells are page regions yields their paragraphs instead of one table."""
    left = "".join(paragraph(f"왼쪽 {i}") for i in range(6))
    right = "".join(paragraph(f"오른쪽 {i}") for i in range(3))
    table = (
        "<hp:p><hp:run><hp:tbl><hp:tr>"
        f'<hp:tc><hp:subList>{left}</hp:subList><hp:cellAddr colAddr="0" rowAddr="0"/></hp:tc>'
        f'<hp:tc><hp:subList>{right}</hp:subList><hp:cellAddr colAddr="1" rowAddr="0"/></hp:tc>'
        "</hp:tr></hp:tbl></hp:run></hp:p>"
    )
    data = package(make_zip, {"section0": section(table + FILLER)}, ["section0"])
    blocks = extracted(data).blocks
    assert [b.text for b in blocks[:9]] == [f"왼쪽 {i}" for i in range(6)] + [
        f"오른쪽 {i}" for i in range(3)
    ]
    assert all(b.kind == "paragraph" for b in blocks)


def test_headings_by_outline_style_or_larger_type(make_zip: Callable[..., bytes]) -> None:
    """A paragraph in an outline (개요) style, or short and set larger than Normal, is a heading;
    Normal text and a large sentence ending in a full stop are paragraphs."""
    hh = "http://www.hancom.co.kr/hwpml/2011/head"
    header = (
        f'<hh:head xmlns:hh="{hh}"><hh:charProperties>'
        '<hh:charPr id="0" height="1000"/><hh:charPr id="1" height="1400"/></hh:charProperties>'
        '<hh:styles><hh:style id="0" type="PARA" name="바탕글" engName="Normal" charPrIDRef="0"/>'
        '<hh:style id="2" type="PARA" name="개요 1" engName="Outline 1" charPrIDRef="0"/>'
        "</hh:styles></hh:head>"
    )

    def styled(text: str, style: str = "0", shape: str = "0") -> str:
        return (
            f'<hp:p styleIDRef="{style}"><hp:run charPrIDRef="{shape}">'
            f"<hp:t>{text}</hp:t></hp:run></hp:p>"
        )

    body = styled("경력사항", style="2") + styled("학력", shape="1") + FILLER
    body += styled("큰 글씨로 쓴 문장입니다.", shape="1") + styled("보통 글씨 한 줄")
    sections = {"section0": section(body)}
    data = package(make_zip, sections, ["section0"], {"Contents/header.xml": header.encode()})
    blocks = extracted(data).blocks
    assert [b.text for b in blocks if b.kind == "heading"] == ["경력사항", "학력"]
    assert [b.kind for b in blocks[2:]] == ["paragraph"] * 3
