"""OCR limits in PDF extraction: pages rendered at ocr.dpi, at most ocr.max_pages per document."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import ValidatedFile
from resume_worker.stages.extract_text import OcrLimits, extract_text
from resume_worker.stages.validate_file import FileLimits, validate_file

WORDS = "recognised resume words " * 8


def image_pages(count: int, *, text_pages: int = 0) -> bytes:
    """`text_pages` pages with a text layer, then `count` pages holding only an image."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for _ in range(text_pages):
        pdf.add_page()
        for i in range(12):
            pdf.cell(
                0, 7, f"Text layer line {i} with enough characters", new_x="LMARGIN", new_y="NEXT"
            )
    for page in range(count):
        image = Image.new("L", (400, 120), 255)
        ImageDraw.Draw(image).text((10, 40), f"scanned page {page}", fill=0)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pdf.add_page()
        pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=180)
    return bytes(pdf.output())


def pdf_file(data: bytes) -> ValidatedFile:
    return validate_file(data, extension=".pdf", limits=FileLimits())


def recording_runner(seen: list[tuple[int, int]]) -> Callable[[bytes], str]:
    def runner(png_bytes: bytes) -> str:
        with Image.open(io.BytesIO(png_bytes)) as page:
            seen.append(page.size)
        return WORDS

    return runner


def test_pages_are_rendered_at_the_configured_dpi() -> None:
    """An A4 page at 150 dpi is about 1240 pixels wide; at 300 dpi about 2480."""
    for dpi, width in ((150, 1240), (300, 2480)):
        seen: list[tuple[int, int]] = []
        extract_text(
            pdf_file(image_pages(1)), ocr=recording_runner(seen), ocr_limits=OcrLimits(dpi=dpi)
        )
        assert abs(seen[0][0] - width) <= 2


def test_pages_past_the_budget_are_not_recognised_and_warn() -> None:
    """With max_pages=2 and four text pages ahead, image pages 7 and 8 are left with a warning."""
    seen: list[tuple[int, int]] = []
    extracted = extract_text(
        pdf_file(image_pages(4, text_pages=4)),
        ocr=recording_runner(seen),
        ocr_limits=OcrLimits(max_pages=2),
    )
    assert len(seen) == 2 and extracted.ocr_pages == (5, 6)
    assert extracted.warnings == ("pages 7, 8 need OCR and were skipped",)


def test_a_scan_longer_than_the_budget_is_ocr_unavailable() -> None:
    """When most of a scanned document is past the budget, the job cannot be read: rejected."""
    seen: list[tuple[int, int]] = []
    with pytest.raises(PermanentError) as caught:
        extract_text(
            pdf_file(image_pages(5)), ocr=recording_runner(seen), ocr_limits=OcrLimits(max_pages=2)
        )
    assert caught.value.code is ErrorCode.OCR_UNAVAILABLE and len(seen) == 2


def test_a_zero_budget_is_ocr_off() -> None:
    """max_pages=0 renders nothing and behaves as if there were no OCR runner."""
    seen: list[tuple[int, int]] = []
    with pytest.raises(PermanentError) as caught:
        extract_text(
            pdf_file(image_pages(1)), ocr=recording_runner(seen), ocr_limits=OcrLimits(max_pages=0)
        )
    assert caught.value.code is ErrorCode.OCR_UNAVAILABLE and seen == []
