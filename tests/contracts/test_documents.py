"""The OcrRunner and DocConverter contracts: the same suites on the fakes and on Tesseract
(kor+eng) and LibreOffice; each real tool is skipped when missing (a failure under CI=true)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from resume_worker.adapters.local.libreoffice_converter import (
    LibreOfficeConverter,
    open_libreoffice,
)
from resume_worker.adapters.local.scratch import Scratch
from resume_worker.adapters.local.tesseract_ocr import TesseractOcr
from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.ports.documents import DocConverter, OcrRunner
from resume_worker.stages.extract_text.docx import read_docx
from resume_worker.stages.extract_text.page_image import encode_gray_png
from tests.adapters.local.test_tesseract_ocr import english_page, kor_eng, page_png
from tests.doc_builder import CAREER_ROWS, KOREAN_LINES, libreoffice, resume_docx, save_as_doc
from tests.fakes.documents import OLE_MAGIC, FakeDocConverter, FakeOcr

PAGE_LINES = ["Jane Doe", "Senior Backend Engineer", "jane.doe@example.com"]
PAGE_TEXT = "\n".join([*PAGE_LINES, "Skills\tPython, Kubernetes"])
BLANK = encode_gray_png(bytes([255]) * (300 * 120), 300, 120, 300)


@cache
def english_png() -> bytes:
    """A rendered page of English lines and a two-cell row."""
    return page_png(english_page())


def with_bad_crc(png: bytes) -> bytes:
    """The PNG with one byte of its image data flipped (the chunk's CRC no longer matches)."""
    at = png.index(b"IDAT") + 10
    return png[:at] + bytes([png[at] ^ 0xFF]) + png[at + 1 :]


BROKEN_PNGS: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "text": lambda: b"not an image at all",
    "truncated": lambda: BLANK[:40],
    "no-end": lambda: BLANK[:-12],
    "bad-crc": lambda: with_bad_crc(english_png()),
}


@pytest.fixture(params=["fake", "tesseract"])
def make_ocr(request: pytest.FixtureRequest) -> Callable[..., OcrRunner]:
    """Each runner; the fake recognises the texts it is given, Tesseract what it sees."""
    if request.param == "fake":
        return FakeOcr
    runner = kor_eng()
    return lambda *_texts: runner


def test_a_page_image_of_a_short_text_is_recognised(make_ocr: Callable[..., OcrRunner]) -> None:
    """A rendered page comes back as its lines, a wide gap between cells as a tab; a blank page
    as no text."""
    runner = make_ocr(PAGE_TEXT, "")
    lines = runner(english_png()).splitlines()
    assert lines[:3] == PAGE_LINES and lines[3] == "Skills\tPython, Kubernetes"
    assert runner(BLANK).strip() == ""


@pytest.mark.parametrize("broken", list(BROKEN_PNGS))
def test_what_is_not_a_whole_png_is_a_parse_error(
    make_ocr: Callable[..., OcrRunner], broken: str
) -> None:
    """Bytes that are not a whole PNG end PARSE_ERROR (permanent), not a crash or a text."""
    with pytest.raises(PermanentError) as caught:
        make_ocr("never read")(BROKEN_PNGS[broken]())
    assert caught.value.code is ErrorCode.PARSE_ERROR and not caught.value.retryable


@pytest.fixture(params=["fake", "tesseract"])
def gone_ocr(request: pytest.FixtureRequest, tmp_path: Path) -> OcrRunner:
    """Each runner with its engine gone since start-up."""
    if request.param == "fake":
        return FakeOcr("never read", installed=False)
    return TesseractOcr(str(tmp_path / "tesseract"))


def test_an_engine_that_cannot_start_is_ocr_unavailable(gone_ocr: OcrRunner) -> None:
    """When the OCR engine cannot be started the page ends OCR_UNAVAILABLE (a rejection)."""
    with pytest.raises(PermanentError) as caught:
        gone_ocr(BLANK)
    assert caught.value.code is ErrorCode.OCR_UNAVAILABLE


@pytest.fixture(scope="module")
def resume_doc() -> bytes:
    """A small Korean resume saved as Word 97-2003 by LibreOffice (built once per module)."""
    return save_as_doc(resume_docx())


@pytest.fixture(params=["fake", "libreoffice"])
def converter(request: pytest.FixtureRequest, tmp_path: Path) -> DocConverter:
    """Each converter; the fake gives back the DOCX the resume was made from."""
    if request.param == "fake":
        return FakeDocConverter(resume_docx())
    libreoffice()
    return open_libreoffice(timeout_s=120, scratch=Scratch(tmp_path / "scratch"))


@pytest.mark.slow
def test_a_doc_comes_back_as_docx(converter: DocConverter, resume_doc: bytes) -> None:
    """A real .doc becomes a DOCX that the DOCX reader reads: its lines, and its table's
    cells."""
    blocks = read_docx(converter(resume_doc))
    assert [b.text for b in blocks if b.kind != "table"][:3] == list(KOREAN_LINES)
    assert [b.rows for b in blocks if b.kind == "table"] == [CAREER_ROWS]


@pytest.mark.slow
@pytest.mark.parametrize("cut", [1200, 0, -1], ids=["truncated", "header-only", "plain-text"])
def test_a_broken_doc_is_a_parse_error(
    converter: DocConverter, resume_doc: bytes, cut: int
) -> None:
    """A .doc cut short, a compound-file header with nothing valid behind it, or bytes that are
    no compound file at all, ends PARSE_ERROR (permanent)."""
    broken = {0: OLE_MAGIC + bytes(1024 - len(OLE_MAGIC)), -1: b"Jane Doe, engineer\n" * 20}.get(
        cut, resume_doc[:cut]
    )
    with pytest.raises(PermanentError) as caught:
        converter(broken)
    assert caught.value.code is ErrorCode.PARSE_ERROR and not caught.value.retryable


@pytest.fixture(params=["fake", "libreoffice"])
def gone_converter(request: pytest.FixtureRequest, tmp_path: Path) -> DocConverter:
    """Each converter with its program gone since start-up."""
    if request.param == "fake":
        return FakeDocConverter(b"", installed=False)
    return LibreOfficeConverter(str(tmp_path / "soffice"), scratch=Scratch(tmp_path / "scratch"))


def test_a_converter_that_cannot_start_is_unsupported_format(
    gone_converter: DocConverter,
) -> None:
    """When LibreOffice cannot be started the .doc ends UNSUPPORTED_FORMAT (a rejection)."""
    with pytest.raises(PermanentError) as caught:
        gone_converter(OLE_MAGIC + bytes(1024 - len(OLE_MAGIC)))
    assert caught.value.code is ErrorCode.UNSUPPORTED_FORMAT
