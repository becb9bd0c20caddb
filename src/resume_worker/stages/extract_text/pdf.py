"""PDF text with pypdfium2: characters and their boxes become runs, then lines in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from resume_worker.models import Block
from resume_worker.stages.extract_text.normalize import count_visible, is_garbled, normalize_text
from resume_worker.stages.extract_text.ocr_runner import OcrRunner
from resume_worker.stages.extract_text.page_image import encode_gray_png
from resume_worker.stages.extract_text.pdf_layout import Run, join_spaced_letters, reading_lines

# Fractions of the character height (its loose box: the font's ascent to descent, about 1.2 em).
_SAME_BASELINE = 0.3
_RUN_BREAK_GAP = 0.9
_WORD_GAP = 0.18
_BACKTRACK = 1.0
_WHITESPACE = frozenset(code for code in range(0x3001) if chr(code).isspace())
_OCR_DPI = 300


@dataclass
class PdfText:
    """What a PDF yields: blocks, its page count, the pages read by OCR and any warnings."""

    blocks: list[Block] = field(default_factory=list)
    page_count: int = 0
    ocr_pages: list[int] = field(default_factory=list)
    needs_ocr: list[int] = field(default_factory=list)


def read_pdf(data: bytes, *, ocr: OcrRunner | None) -> PdfText:
    """Read every page's text layer; pages without usable text go to `ocr` when one is given.

    A page with no text, or only garbled text, that draws anything (a scan, text turned into
    outlines) is recorded in `needs_ocr` when there is no OCR runner; an empty page is skipped.
    """
    document = pdfium.PdfDocument(data)
    try:
        result = PdfText(page_count=len(document))
        for index in range(result.page_count):
            page = document[index]
            try:
                _read_page(page, index + 1, ocr, result)
            finally:
                page.close()
        return result
    finally:
        document.close()


def _read_page(page: pdfium.PdfPage, number: int, ocr: OcrRunner | None, result: PdfText) -> None:
    textpage = page.get_textpage()
    try:
        lines = reading_lines(_page_runs(textpage))
    finally:
        textpage.close()
    text = normalize_text("\n".join(lines))
    if count_visible(text) and not is_garbled(text):
        result.blocks.extend(_paragraphs(text, number))
        return
    if not count_visible(text) and pdfium_c.FPDFPage_CountObjects(page) == 0:
        return
    if ocr is None:
        result.needs_ocr.append(number)
        return
    recognised = normalize_text(ocr(_render_png(page)))
    result.ocr_pages.append(number)
    result.blocks.extend(_paragraphs(recognised, number))


def _paragraphs(text: str, page: int) -> list[Block]:
    return [Block("paragraph", line, page) for line in text.split("\n") if line.strip()]


# (character, left, right, bottom, top, whether whitespace came before it)
_Char = tuple[str, float, float, float, float, bool]


def _page_runs(textpage: pdfium.PdfTextPage) -> list[Run]:
    """Group the page's characters, in content order, into runs on one baseline, no wide gaps."""
    runs: list[Run] = []
    current: Run | None = None
    for char, left, right, bottom, top, spaced in _page_chars(textpage):
        height = top - bottom
        if current is not None and _continues(current, left, bottom, top, height):
            gap = left - current.x1
            if spaced or gap > _WORD_GAP * height:
                current.parts.append(" ")
            current.gaps.append(gap)
            current.x1 = max(current.x1, right)
            current.y0 = min(current.y0, bottom)
            current.y1 = max(current.y1, top)
        else:
            current = Run(left, right, bottom, top)
            runs.append(current)
        current.parts.append(char)
    for run in runs:
        join_spaced_letters(run)
    return runs


def _page_chars(textpage: pdfium.PdfTextPage) -> list[_Char]:
    """The visible characters with their loose boxes (font ascent to descent).

    When one glyph maps to several punctuation marks ("-", soft hyphen, "‐" for one hyphen),
    only the first is kept; several letters from one glyph (a ligature) are all kept.
    """
    chars: list[_Char] = []
    box = pdfium_c.FS_RECTF()
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    spaced = False
    last = ("a", 0.0, 0.0)
    for index in range(textpage.count_chars()):
        code = get_unicode(textpage, index)
        if code in _WHITESPACE:
            spaced = True
            continue
        get_box(textpage, index, box)
        if code == 0 or box.top <= box.bottom:
            continue
        char, left, right = chr(code), box.left, box.right
        if left == last[1] and right == last[2] and not char.isalnum() and not last[0].isalnum():
            continue
        chars.append((char, left, right, box.bottom, box.top, spaced))
        last = (char, left, right)
        spaced = False
    return chars


def _continues(run: Run, left: float, bottom: float, top: float, height: float) -> bool:
    scale = max(run.height, height)
    gap = left - run.x1
    return (
        abs((top + bottom) / 2 - run.cy) <= _SAME_BASELINE * scale
        and -_BACKTRACK * scale <= gap <= _RUN_BREAK_GAP * scale
    )


def _render_png(page: pdfium.PdfPage) -> bytes:
    bitmap = page.render(scale=_OCR_DPI / 72, grayscale=True)
    try:
        return encode_gray_png(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride)
    finally:
        bitmap.close()
