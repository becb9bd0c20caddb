"""DOC extraction: the converter's DOCX is read like any DOCX; no converter is a clear refusal."""

from __future__ import annotations

import pytest

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import ValidatedFile
from resume_worker.stages.extract_text import extract_text
from tests.doc_builder import CAREER_ROWS, KOREAN_LINES, resume_docx

DOC = ValidatedFile(b"\xd0\xcf\x11\xe0 a legacy Word file", "doc")


def test_doc_is_read_from_its_docx_conversion() -> None:
    """The converter gets the DOC bytes; its DOCX comes back as paragraphs and table rows."""
    seen: list[bytes] = []

    def convert(doc_bytes: bytes) -> bytes:
        seen.append(doc_bytes)
        return resume_docx()

    extracted = extract_text(DOC, convert_doc=convert, min_text_chars=10)
    assert seen == [DOC.data]
    assert extracted.format == "doc"
    assert [b.text for b in extracted.blocks[:3]] == list(KOREAN_LINES)
    assert extracted.blocks[3].kind == "table" and extracted.blocks[3].rows == CAREER_ROWS


def test_without_a_converter_doc_is_unsupported_in_both_languages() -> None:
    """No LibreOffice: UNSUPPORTED_FORMAT whose Korean and English halves say what is missing."""
    with pytest.raises(PermanentError) as caught:
        extract_text(DOC)
    assert caught.value.code is ErrorCode.UNSUPPORTED_FORMAT
    korean, _, english = caught.value.message.partition(" / ")
    assert "LibreOffice" in korean and "설치" in korean
    assert "LibreOffice" in english and "install" in english


def test_converter_errors_pass_through() -> None:
    """A conversion failure keeps the converter's own code (PARSE_ERROR, a timeout, ...)."""

    def failing(doc_bytes: bytes) -> bytes:
        raise PermanentError("conversion failed", ErrorCode.PARSE_ERROR)

    with pytest.raises(PermanentError, match="conversion failed"):
        extract_text(DOC, convert_doc=failing)


def test_converter_output_that_is_not_docx_is_a_parse_error() -> None:
    """Bytes from the converter that are no DOCX end as the DOCX reader's error, not a crash."""
    with pytest.raises(PermanentError) as caught:
        extract_text(DOC, convert_doc=lambda _: b"not a zip at all")
    assert caught.value.code in (ErrorCode.PARSE_ERROR, ErrorCode.INVALID_FILE)
