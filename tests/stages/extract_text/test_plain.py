"""Tests for TXT and Markdown extraction: decoding, newlines, light Markdown stripping, tables."""

from __future__ import annotations

import pytest

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import ExtractedText
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.validate_file import FileLimits, validate_file

FILLER = (
    "\n백엔드 개발자로 결제와 검색 서비스를 만들고 운영했습니다. 대용량 트래픽 경험이 있습니다.\n"
    * 3
)


def extracted(data: bytes, extension: str) -> ExtractedText:
    return extract_text(validate_file(data, extension=extension, limits=FileLimits()))


@pytest.mark.parametrize(
    "encoded",
    [
        ("홍길동\r\n경력사항" + FILLER).encode(),
        ("\ufeff홍길동\r경력사항" + FILLER).encode(),
        ("\ufeff홍길동\n경력사항" + FILLER).encode("utf-16-le"),
        ("홍길동\n경력사항" + FILLER).encode("cp949"),
        ("홍길동\n경력사항" + FILLER).encode("euc-kr"),
    ],
)
def test_text_encodings_decode_to_the_same_lines(encoded: bytes) -> None:
    """UTF-8, UTF-8 with BOM, UTF-16 with BOM and CP949/EUC-KR give the same lines."""
    blocks = extracted(encoded, ".txt").blocks
    assert [block.text for block in blocks[:2]] == ["홍길동", "경력사항"]
    assert all(block.kind == "paragraph" for block in blocks)


def test_western_legacy_text_is_not_misread_as_korean() -> None:
    """CP1252 text (not UTF-8, not Hangul) decodes as CP1252, not as CP949 Hanja."""
    text = ("José Müller, Résumé\nSenior engineer in Zürich. " * 5).encode("cp1252")
    assert extracted(text, ".txt").blocks[0].text == "José Müller, Résumé"


def test_markdown_syntax_is_stripped_lightly() -> None:
    """Headings, emphasis, code and links lose their syntax but keep words and link targets."""
    source = (
        "# **Jane** Doe\n"
        "[jane@example.com](mailto:jane@example.com) | [Portfolio](https://jane.dev)\n"
        "---\n"
        "## Experience\n"
        "- *Senior* engineer at __Acme__ using `Go` and snake_case_names\n"
        "> quoted ~~old~~ line\n"
        "![photo](me.png)\n" + FILLER
    )
    texts = [block.text for block in extracted(source.encode(), ".md").blocks]
    assert texts[:6] == [
        "Jane Doe",
        "jane@example.com | Portfolio (https://jane.dev)",
        "Experience",
        "- Senior engineer at Acme using Go and snake_case_names",
        "quoted old line",
        "photo",
    ]


def test_markdown_tables_become_table_blocks() -> None:
    """A pipe table becomes one table block whose rows hold the cell texts."""
    source = (
        "## 경력\n\n| 기간 | 회사 | 직위 |\n|:---|:---:|---:|\n"
        "| 2019.03 ~ 현재 | **카카오** | 개발자 |\n| 2017.01 ~ 2019.02 | 네이버 \\| 라인 | 사원 |\n"
        + FILLER
    )
    table = next(
        block for block in extracted(source.encode(), ".md").blocks if block.kind == "table"
    )
    assert table.rows == (
        ("기간", "회사", "직위"),
        ("2019.03 ~ 현재", "카카오", "개발자"),
        ("2017.01 ~ 2019.02", "네이버 | 라인", "사원"),
    )
    assert table.text.split("\n")[1] == "2019.03 ~ 현재 | 카카오 | 개발자"


def test_fenced_code_is_kept_verbatim() -> None:
    """Lines inside a code fence are not stripped of Markdown syntax."""
    source = "Intro line\n```\n**not emphasis** | a | b |\n```\n" + FILLER
    texts = [block.text for block in extracted(source.encode(), ".md").blocks]
    assert texts[1] == "**not emphasis** | a | b |"


def test_short_text_is_too_short() -> None:
    """A text file under min_text_chars visible characters is TEXT_TOO_SHORT."""
    with pytest.raises(PermanentError) as caught:
        extracted("홍길동 010-0000-0000".encode(), ".txt")
    assert caught.value.code is ErrorCode.TEXT_TOO_SHORT
    assert "홍길동" not in caught.value.message
