"""Tests for PDF extraction: reading order across columns, OCR hand-off, garbled and short text."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import ValidatedFile
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.extract_text.pdf import PDFIUM_LOCK
from resume_worker.stages.validate_file import FileLimits, validate_file


def pdf_file(data: bytes) -> ValidatedFile:
    return validate_file(data, extension=".pdf", limits=FileLimits())


def placed_pdf(texts: list[tuple[float, float, str]], *, size: float = 10) -> bytes:
    """One A4 page with each text drawn at (x, baseline y) in millimetres."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=size)
    for x, y, text in texts:
        pdf.text(x, y, text)
    return bytes(pdf.output())


def two_columns(left_x: float, right_x: float) -> list[tuple[float, float, str]]:
    """A title across the page, then columns with different line pitches (so rows never align)."""
    texts = [(15, 15, "Full Width Title Spanning The Page From Left Margin To The Right Margin")]
    texts += [(left_x, 30 + 6 * i, f"Lefty item {i} alpha") for i in range(18)]
    texts += [(right_x, 30 + 8.5 * i, f"Righty entry {i} beta gamma") for i in range(14)]
    return texts


@pytest.mark.parametrize(("left_x", "right_x"), [(15, 80), (15, 140)])
def test_two_columns_are_read_one_after_the_other(left_x: float, right_x: float) -> None:
    """Left column lines all come before right column lines; no line mixes the two."""
    extracted = extract_text(pdf_file(placed_pdf(two_columns(left_x, right_x))))
    lines = [block.text for block in extracted.blocks]
    assert lines[0].startswith("Full Width Title")
    assert not [line for line in lines if "Lefty" in line and "Righty" in line]
    left = [i for i, line in enumerate(lines) if "Lefty" in line]
    right = [i for i, line in enumerate(lines) if "Righty" in line]
    assert len(left) == 18 and len(right) == 14
    assert max(left) < min(right)
    assert [lines[i] for i in left] == [f"Lefty item {i} alpha" for i in range(18)]


def test_a_full_width_heading_closes_the_columns_above_it() -> None:
    """Columns above a full-width line are read before it, columns below after it."""
    texts = [(15, 20 + 6 * i, f"Upper left {i}") for i in range(6)]
    texts += [(110, 20 + 7.5 * i, f"Upper right {i}") for i in range(5)]
    texts += [(15, 70, "A full width heading that crosses the gutter between both columns")]
    texts += [(15, 80 + 6 * i, f"Lower left {i}") for i in range(6)]
    texts += [(110, 80 + 7.5 * i, f"Lower right {i}") for i in range(5)]
    text = extract_text(pdf_file(placed_pdf(texts))).text
    order = [
        text.index(m) for m in ("Upper left 5", "Upper right 0", "A full width", "Lower left 0")
    ]
    assert order == sorted(order)
    assert text.index("Lower left 5") < text.index("Lower right 0")


def test_a_date_column_stays_on_the_line_of_its_role() -> None:
    """Dates in a narrow column aligned with role titles are read on the same line as the role."""
    texts: list[tuple[float, float, str]] = []
    for job in range(4):
        top = 20 + 30 * job
        texts.append((15, top, f"201{job} - 201{job + 1}"))
        texts.append((60, top, f"Engineer at Company{job}"))
        texts += [(60, top + 6 * k, f"Did important thing {job}.{k} well") for k in range(1, 4)]
    lines = [block.text for block in extract_text(pdf_file(placed_pdf(texts))).blocks]
    for job in range(4):
        assert f"201{job} - 201{job + 1}\tEngineer at Company{job}" in lines


def test_owner_password_pdf_text_is_read(
    make_pdf: Callable[..., bytes], resume_lines: list[str]
) -> None:
    """A PDF protected by an owner password only is decrypted and read."""
    extracted = extract_text(pdf_file(make_pdf(resume_lines, owner_password="owner")))
    assert "alex.morgan@example.com" in extracted.text
    assert extracted.format == "pdf" and extracted.page_count == 1


def scanned_pdf(pages_with_text: int = 0) -> bytes:
    """A page that is only an image of text, after `pages_with_text` pages with a text layer."""
    image = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(image).text((20, 80), "Scanned resume text", fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for _ in range(pages_with_text):
        pdf.add_page()
        for i in range(12):
            pdf.cell(
                0, 7, f"Text layer line {i} with enough characters", new_x="LMARGIN", new_y="NEXT"
            )
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=180)
    return bytes(pdf.output())


def test_image_only_pdf_needs_ocr() -> None:
    """Without an OCR runner, a scanned document is OCR_UNAVAILABLE with a bilingual message."""
    with pytest.raises(PermanentError) as caught:
        extract_text(pdf_file(scanned_pdf()))
    assert caught.value.code is ErrorCode.OCR_UNAVAILABLE
    assert "OCR" in caught.value.message and re.search("[가-힣]", caught.value.message)


def test_shared_scanned_pdf_needs_ocr(dev_dir: Path) -> None:
    """The dev set's image-only 이력서 is OCR_UNAVAILABLE when no OCR runner is given."""
    data = (dev_dir / "special" / "scanned-ko-image-only.pdf").read_bytes()
    with pytest.raises(PermanentError) as caught:
        extract_text(pdf_file(data))
    assert caught.value.code is ErrorCode.OCR_UNAVAILABLE


def test_ocr_runner_gets_a_png_of_the_page_and_its_text_is_used() -> None:
    """With a runner, image pages are rendered to PNG, recognised, and recorded as OCR pages."""
    seen: list[bytes] = []

    def runner(png_bytes: bytes) -> str:
        seen.append(png_bytes)
        return "Recognised Name\nrecognised@example.com\n" + "recognised words " * 10

    extracted = extract_text(pdf_file(scanned_pdf()), ocr=runner)
    assert extracted.ocr_pages == (1,)
    assert extracted.blocks[0].text == "Recognised Name"
    with Image.open(io.BytesIO(seen[0])) as page:
        assert page.mode == "L" and page.width > 2000


def test_a_few_image_pages_beside_text_only_warn() -> None:
    """A scanned page after readable text pages is skipped with a warning, not a rejection."""
    extracted = extract_text(pdf_file(scanned_pdf(pages_with_text=2)))
    assert "Text layer line 11" in extracted.text
    assert extracted.warnings == ("pages 3 need OCR and were skipped",)


def test_blank_pages_are_skipped_silently(resume_lines: list[str]) -> None:
    """An empty page neither needs OCR nor adds blocks."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    for line in resume_lines:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    extracted = extract_text(pdf_file(bytes(pdf.output())))
    assert extracted.warnings == () and {b.page for b in extracted.blocks} == {1}
    assert extracted.page_count == 2


def test_short_pdf_text_is_too_short(make_pdf: Callable[..., bytes]) -> None:
    """Fewer visible characters than min_text_chars is TEXT_TOO_SHORT."""
    with pytest.raises(PermanentError) as caught:
        extract_text(pdf_file(make_pdf(["Jane Doe"])))
    assert caught.value.code is ErrorCode.TEXT_TOO_SHORT
    assert extract_text(pdf_file(make_pdf(["Jane Doe"])), min_text_chars=5).text == "Jane Doe"


def test_a_pdf_the_parser_cannot_read_is_a_parse_error() -> None:
    """Bytes that pass as a PDF but fail in the parser raise PARSE_ERROR."""
    with pytest.raises(PermanentError) as caught:
        extract_text(ValidatedFile(b"%PDF-1.7 not really", "pdf", 1))
    assert caught.value.code is ErrorCode.PARSE_ERROR
    assert isinstance(caught.value.__cause__, Exception)


def test_ocr_runs_outside_the_pdfium_lock() -> None:
    """The OCR runner is called after PDFium work, so slow OCR never blocks other PDF jobs."""
    held: list[bool] = []

    def runner(png_bytes: bytes) -> str:
        held.append(PDFIUM_LOCK.locked())
        return "recognised words " * 10

    extract_text(pdf_file(scanned_pdf()), ocr=runner)
    assert held == [False]


def test_concurrent_extraction_from_threads_matches_sequential(
    make_pdf: Callable[..., bytes], resume_lines: list[str]
) -> None:
    """PDFs read from many threads at once give the same text as one by one (PDFium is locked)."""
    files = [pdf_file(make_pdf([*resume_lines, f"Document {i}"], pages=2)) for i in range(6)]
    expected = [extract_text(file).text for file in files]
    with ThreadPoolExecutor(max_workers=6) as pool:
        for _ in range(3):
            assert list(pool.map(lambda f: extract_text(f).text, files)) == expected


PROSE = [
    "Maintained",
    "payment",
    "services",
    "and",
    "wrote",
    "careful",
    "design",
    "documents",
    "for",
    "every",
    "change",
    "we",
    "made",
]


def prose_lines(x: float, words: int, tag: str, count: int) -> list[tuple[float, float, str]]:
    """`count` wrapped lines of about `words` words each at x, on a 6 mm line pitch."""
    return [
        (x, 30 + 6 * i, f"{tag}{i} " + " ".join(PROSE[(i + k) % len(PROSE)] for k in range(words)))
        for i in range(count)
    ]


def test_aligned_newspaper_columns_of_prose_are_still_columns() -> None:
    """Two columns of wrapped prose on the same baselines are read as columns, not rows."""
    texts = prose_lines(15, 6, "Lefty", 14) + prose_lines(110, 6, "Righty", 14)
    lines = [block.text for block in extract_text(pdf_file(placed_pdf(texts, size=9))).blocks]
    assert not [line for line in lines if "Lefty" in line and "Righty" in line]
    assert lines[0].startswith("Lefty0") and lines[14].startswith("Righty0")


def test_a_form_of_labels_and_values_is_read_in_rows() -> None:
    """A form whose label and value cells share baselines keeps each label with its value."""
    labels = ["Name", "Birth date", "Phone", "E-mail", "Address", "School", "Major", "Company"]
    labels += ["Position", "Period", "Skills", "Military"]
    texts = [(15, 30 + 8 * i, label) for i, label in enumerate(labels)]
    texts += [(60, 30 + 8 * i, f"value number {i} for this row") for i in range(len(labels))]
    lines = [block.text for block in extract_text(pdf_file(placed_pdf(texts))).blocks]
    assert lines[:3] == [
        "Name\tvalue number 0 for this row",
        "Birth date\tvalue number 1 for this row",
        "Phone\tvalue number 2 for this row",
    ]


def test_lines_set_larger_than_the_body_are_heading_blocks() -> None:
    """Short lines in a clearly larger type are headings; body lines, long large lines and large
    lines ending a sentence stay paragraphs."""
    pdf = FPDF()
    pdf.add_page()
    lines = [
        (18, "Casey Morgan"),
        (10, "Backend engineer in Seoul since 2019."),
        (14, "Experience"),
    ]
    lines += [(10, f"Body line number {i} about building payment systems") for i in range(8)]
    lines += [(14, "A large sentence that ends like prose."), (14, "Education")]
    for number, (size, text) in enumerate(lines):
        pdf.set_font("helvetica", size=size)
        pdf.text(15, 20 + 9 * number, text)
    extracted = extract_text(pdf_file(bytes(pdf.output())))
    headings = [block.text for block in extracted.blocks if block.kind == "heading"]
    assert headings == ["Casey Morgan", "Experience", "Education"]
    assert sum(block.kind == "paragraph" for block in extracted.blocks) == 10
