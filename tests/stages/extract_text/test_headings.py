"""Headings come out as `heading` blocks: DOCX heading/title styles and outline levels, Markdown #."""

from __future__ import annotations

import io

import docx

from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.validate_file import FileLimits, validate_file

BODY = "Acme Corp, backend engineer, 2019 - 2021, built payment services in Python. " * 3


def extracted(data: bytes, extension: str) -> list[tuple[str, str]]:
    text = extract_text(validate_file(data, extension=extension, limits=FileLimits()))
    return [(block.kind, block.text) for block in text.blocks]


def test_docx_heading_and_title_styles() -> None:
    """Heading 1 and Title paragraphs are headings; body paragraphs stay paragraphs."""
    document = docx.Document()
    document.add_paragraph("Jane Doe", "Title")
    document.add_heading("Experience", 1)
    document.add_paragraph(BODY)
    buffer = io.BytesIO()
    document.save(buffer)
    blocks = extracted(buffer.getvalue(), "docx")
    assert blocks[:2] == [("heading", "Jane Doe"), ("heading", "Experience")]
    assert blocks[2][0] == "paragraph"


def test_markdown_hash_lines_are_headings() -> None:
    """`#` lines are headings without their markers; other lines are paragraphs."""
    blocks = extracted(f"# 홍길동\n\n## 경력 ##\n\n{BODY}\n".encode(), "md")
    assert blocks[:2] == [("heading", "홍길동"), ("heading", "경력")]
    assert blocks[2][0] == "paragraph"
