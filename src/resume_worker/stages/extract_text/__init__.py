"""Stage 2: turn a validated file into normalised text blocks in reading order, the same block
shape for every format (paragraphs, and tables whose rows hold the cell texts)."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

import pypdfium2 as pdfium
from lxml import etree

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import Block, ExtractedText, ValidatedFile
from resume_worker.core.ports.documents import DocConverter, OcrRunner
from resume_worker.stages.extract_text.doc import read_doc
from resume_worker.stages.extract_text.docx import read_docx
from resume_worker.stages.extract_text.hwp import read_hwp
from resume_worker.stages.extract_text.hwpx import read_hwpx
from resume_worker.stages.extract_text.markdown import read_markdown
from resume_worker.stages.extract_text.normalize import count_visible, normalize_text
from resume_worker.stages.extract_text.ocr_runner import OcrLimits
from resume_worker.stages.extract_text.pdf import PdfStrategy, PdfText, read_pdf
from resume_worker.stages.extract_text.plain import read_txt
from resume_worker.stages.extract_text.zip_parts import ZipPartTooLargeError
from resume_worker.text.safe_xml import UnsafeXmlError

__all__ = ["OcrLimits", "extract_text"]

# What a parser raises on a malformed file. Anything else is a bug and is left to propagate.
_PARSER_ERRORS = (
    pdfium.PdfiumError,
    etree.LxmlError,
    zipfile.LargeZipFile,
    KeyError,
    ValueError,
    EOFError,
    OSError,
    NotImplementedError,
    RecursionError,
    zlib.error,
)
_PARSE_ERROR = "문서를 해석하지 못했습니다 / The document could not be parsed"
_CORRUPT = "파일이 손상되었습니다 / The file is corrupt"
_UNSAFE_XML = (
    "문서의 XML이 손상되었거나 허용되지 않는 선언(DTD, 엔티티)을 포함합니다"
    " / The document's XML is corrupt or declares a DTD or entities, which are refused"
)
_TOO_SHORT = "문서에서 읽은 텍스트가 너무 짧습니다 / The document has too little text"
_NEEDS_OCR = (
    "텍스트를 읽으려면 OCR이 필요합니다 / This document needs OCR to read its text,"
    " and OCR is not available"
)


def extract_text(
    file: ValidatedFile,
    *,
    min_text_chars: int = 100,
    ocr: OcrRunner | None = None,
    ocr_limits: OcrLimits | None = None,
    convert_doc: DocConverter | None = None,
    max_uncompressed_mb: float = 200,
    pdf_strategy: PdfStrategy = "columns",
) -> ExtractedText:
    """Read the text of `file` as blocks in reading order.

    `max_uncompressed_mb` caps what an HWP body may inflate to (limits.max_uncompressed_mb);
    `pdf_strategy` picks how a PDF's text layer is read (the pdf_extractor rollout flag).

    Raises PermanentError: UNSUPPORTED_FORMAT for DOC without `convert_doc` and for HWP 3,
    INVALID_FILE for XML with a DTD, entities or broken syntax, a corrupt HWP or ZIP part,
    ENCRYPTED_FILE for a password-protected HWP, PARSE_ERROR when a parser fails otherwise,
    OCR_UNAVAILABLE when the text is on page images and no OCR runner is given (or its page
    budget, `ocr_limits.max_pages`, is spent), TEXT_TOO_SHORT under `min_text_chars` visible
    characters.
    """
    with _parser_errors():
        read = _read(
            file,
            ocr=ocr,
            ocr_limits=ocr_limits,
            convert_doc=convert_doc,
            max_uncompressed_mb=max_uncompressed_mb,
            min_text_chars=min_text_chars,
            pdf_strategy=pdf_strategy,
        )
    return _extracted(file, read, min_text_chars)


@contextmanager
def _parser_errors() -> Iterator[None]:
    """A parser's failure as our error: hostile or corrupt containers are INVALID_FILE, any
    other failure of a parser PARSE_ERROR."""
    try:
        yield
    except UnsafeXmlError as exc:  # a DTD, entities or broken XML: a hostile or corrupt container
        raise PermanentError(_UNSAFE_XML, ErrorCode.INVALID_FILE) from exc
    except (zipfile.BadZipFile, ZipPartTooLargeError) as exc:  # a part that lies about its size
        raise PermanentError(_CORRUPT, ErrorCode.INVALID_FILE) from exc
    except _PARSER_ERRORS as exc:
        raise PermanentError(_PARSE_ERROR, ErrorCode.PARSE_ERROR) from exc


def _extracted(file: ValidatedFile, read: _Read, min_text_chars: int) -> ExtractedText:
    """The normalised blocks as the document's text; too little of it is TEXT_TOO_SHORT."""
    normalised = [_normalised(block) for block in read.blocks]
    if sum(count_visible(block.text) for block in normalised) < min_text_chars:
        raise PermanentError(_TOO_SHORT, ErrorCode.TEXT_TOO_SHORT)
    return ExtractedText.from_blocks(
        normalised,
        format=file.format,
        page_count=file.page_count or read.page_count,
        ocr_pages=read.ocr_pages,
        warnings=read.warnings,
    )


class _Read(NamedTuple):
    blocks: list[Block]
    page_count: int
    ocr_pages: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()


def _read(
    file: ValidatedFile,
    *,
    ocr: OcrRunner | None,
    ocr_limits: OcrLimits | None,
    convert_doc: DocConverter | None,
    max_uncompressed_mb: float,
    min_text_chars: int,
    pdf_strategy: PdfStrategy,
) -> _Read:
    """The raw blocks of `file` by its format, with page count, OCR pages and warnings."""
    if file.format == "pdf":
        pdf = read_pdf(file.data, ocr=ocr, limits=ocr_limits, strategy=pdf_strategy)
        warnings = _ocr_warnings(pdf, min_text_chars)
        return _Read(pdf.blocks, pdf.page_count, tuple(pdf.ocr_pages), warnings)
    if file.format == "hwp":
        hwp = read_hwp(file.data, max_uncompressed_mb=max_uncompressed_mb)
        return _Read(hwp.blocks, 1, (), hwp.warnings)
    return _Read(_read_flow(file, convert_doc), 1)


def _read_flow(file: ValidatedFile, convert_doc: DocConverter | None) -> list[Block]:
    if file.format == "doc":
        return read_doc(file.data, convert=convert_doc)
    if file.format == "docx":
        return read_docx(file.data)
    if file.format == "hwpx":
        return read_hwpx(file.data)
    if file.format == "md":
        return read_markdown(file.data)
    return read_txt(file.data)


def _ocr_warnings(pdf: PdfText, min_text_chars: int) -> tuple[str, ...]:
    """Decide what pages that needed OCR mean when there was no OCR runner.

    Most of the document on page images, or too little text elsewhere: OCR_UNAVAILABLE. A few
    image pages beside a readable text layer (a scanned certificate at the end) only warn.
    """
    if not pdf.needs_ocr:
        return ()
    text_pages = len({block.page for block in pdf.blocks})
    readable = sum(count_visible(block.text) for block in pdf.blocks)
    if readable < min_text_chars or len(pdf.needs_ocr) > text_pages:
        raise PermanentError(_NEEDS_OCR, ErrorCode.OCR_UNAVAILABLE)
    pages = ", ".join(str(page) for page in pdf.needs_ocr)
    return (f"pages {pages} need OCR and were skipped",)


def _normalised(block: Block) -> Block:
    """Normalise a block's text; a table cell becomes one line, so line i of a table's text is
    row i (a cell's paragraphs, or a nested table, are joined by spaces)."""
    if block.kind == "table":
        rows = tuple(tuple(_one_line(cell) for cell in row) for row in block.rows)
        text = "\n".join(" | ".join(row) for row in rows)
        return Block("table", text, block.page, rows=rows)
    return Block(block.kind, normalize_text(block.text).strip(), block.page)


def _one_line(cell: str) -> str:
    return " ".join(line.strip() for line in normalize_text(cell).split("\n") if line.strip())
