"""Tests for extraction errors: formats not read yet, and bilingual messages without PII."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resume_worker.errors import ErrorCode, PermanentError
from resume_worker.models import ValidatedFile
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.validate_file import FileLimits, validate_file


def test_hwp_files_are_recognised_but_not_read_yet(hwp_fixtures: Path) -> None:
    """A valid HWP 5 file passes validation; extraction says HWP support is coming."""
    data = (hwp_fixtures / "testHWP_5.0.hwp").read_bytes()
    validated = validate_file(data, extension=".hwp", limits=FileLimits())
    with pytest.raises(PermanentError) as caught:
        extract_text(validated)
    assert caught.value.code is ErrorCode.UNSUPPORTED_FORMAT
    assert "HWP" in caught.value.message and "coming" in caught.value.message


def test_doc_files_are_not_read_yet() -> None:
    """A DOC file is UNSUPPORTED_FORMAT at extraction, with a message that support is coming."""
    with pytest.raises(PermanentError) as caught:
        extract_text(ValidatedFile(b"\xd0\xcf\x11\xe0", "doc"))
    assert caught.value.code is ErrorCode.UNSUPPORTED_FORMAT
    assert "DOC" in caught.value.message and "coming" in caught.value.message


@pytest.mark.parametrize(
    ("file", "code"),
    [
        (
            ValidatedFile("홍길동 Jane Doe jane@example.com".encode(), "txt"),
            ErrorCode.TEXT_TOO_SHORT,
        ),
        (ValidatedFile(b"PK\x03\x04 Jane Doe jane@example.com", "docx"), ErrorCode.PARSE_ERROR),
        (ValidatedFile(b"%PDF-1.4 Jane Doe jane@example.com", "pdf", 1), ErrorCode.PARSE_ERROR),
        (ValidatedFile(b"Jane Doe", "hwp"), ErrorCode.UNSUPPORTED_FORMAT),
    ],
)
def test_extraction_messages_are_bilingual_and_quote_nothing(
    file: ValidatedFile, code: ErrorCode
) -> None:
    """Every extraction error has Korean and English halves and none of the document's text."""
    with pytest.raises(PermanentError) as caught:
        extract_text(file)
    korean, _, english = caught.value.message.partition(" / ")
    assert caught.value.code is code
    assert re.search("[가-힣]", korean) and re.search("[A-Za-z]", english)
    for secret in ("홍길동", "Jane", "jane@example.com"):
        assert secret not in caught.value.message
