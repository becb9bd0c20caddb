"""Tests for extraction errors: formats not read yet, and bilingual messages without PII."""

from __future__ import annotations

import re

import pytest

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import ValidatedFile
from resume_worker.stages.extract_text import extract_text


def test_doc_files_need_libreoffice() -> None:
    """A DOC file with no converter is UNSUPPORTED_FORMAT, saying to install LibreOffice."""
    with pytest.raises(PermanentError) as caught:
        extract_text(ValidatedFile(b"\xd0\xcf\x11\xe0", "doc"))
    assert caught.value.code is ErrorCode.UNSUPPORTED_FORMAT
    assert "DOC" in caught.value.message and "install LibreOffice" in caught.value.message


@pytest.mark.parametrize(
    ("file", "code"),
    [
        (
            ValidatedFile("홍길동 Jane Doe jane@example.com".encode(), "txt"),
            ErrorCode.TEXT_TOO_SHORT,
        ),
        (ValidatedFile(b"PK\x03\x04 Jane Doe jane@example.com", "docx"), ErrorCode.INVALID_FILE),
        (ValidatedFile(b"%PDF-1.4 Jane Doe jane@example.com", "pdf", 1), ErrorCode.PARSE_ERROR),
        (ValidatedFile(b"Jane Doe", "hwp"), ErrorCode.INVALID_FILE),
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
