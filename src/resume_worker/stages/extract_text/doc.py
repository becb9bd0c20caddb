"""Legacy Word (.doc) files: converted to DOCX by a DocConverter (LibreOffice), read as DOCX."""

from __future__ import annotations

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import Block
from resume_worker.core.ports.documents import DocConverter
from resume_worker.stages.extract_text.docx import read_docx

NO_CONVERTER = (
    "DOC 파일을 읽으려면 서버에 LibreOffice를 설치해야 합니다"
    " / Reading DOC files needs LibreOffice, which is not installed on this server"
    " (install LibreOffice, or save the file as DOCX or PDF)"
)


def read_doc(data: bytes, *, convert: DocConverter | None) -> list[Block]:
    """The blocks of a .doc file, read from its DOCX conversion.

    Raises PermanentError UNSUPPORTED_FORMAT when there is no converter; the converter raises
    its own errors (PARSE_ERROR when the file cannot be converted).
    """
    if convert is None:
        raise PermanentError(NO_CONVERTER, ErrorCode.UNSUPPORTED_FORMAT)
    return read_docx(convert(data))
