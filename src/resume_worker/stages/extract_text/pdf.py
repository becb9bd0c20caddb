"""PDF text with pypdfium2: characters and their boxes become runs, then lines in reading order."""

from __future__ import annotations

import ctypes
import re
import threading
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from resume_worker.models import Block
from resume_worker.stages.extract_text.normalize import count_visible, is_garbled, normalize_text
from resume_worker.stages.extract_text.ocr_runner import OcrLimits, OcrRunner
from resume_worker.stages.extract_text.page_image import encode_gray_png
from resume_worker.stages.extract_text.pdf_layout import Run, join_spaced_letters, reading_lines

# Fractions of the character height (its loose box: the font's ascent to descent, about 1.2 em).
_SAME_BASELINE = 0.3
_RUN_BREAK_GAP = 0.9
_WORD_GAP = 0.18
_BACKTRACK = 1.0
_WHITESPACE = frozenset(code for code in range(0x3001) if chr(code).isspace())
# PDFium marks a hyphen that ends a line as U+0002 (U+FFFE in bulk text): it is still a hyphen.
_HYPHEN_MARKS = {0x02: "-", 0xFFFE: "-"}
_SURROGATE = re.compile("[\ud800-\udfff]")


# A page as read under the lock: its usable text, or the image to OCR (b"" when not rendered).
_Page = tuple[str | None, bytes | None]
# PDFium is not thread-safe, not even across documents: every call into it holds this lock.
PDFIUM_LOCK = threading.Lock()


@dataclass
class PdfText:
    """What a PDF yields: blocks, page count, pages read by OCR and pages left for OCR."""

    blocks: list[Block] = field(default_factory=list)
    page_count: int = 0
    ocr_pages: list[int] = field(default_factory=list)
    needs_ocr: list[int] = field(default_factory=list)


def read_pdf(data: bytes, *, ocr: OcrRunner | None, limits: OcrLimits | None = None) -> PdfText:
    """Read every page's text layer; pages without usable text go to `ocr` when one is given.

    A page with no text, or only garbled text, that draws anything (a scan, text turned into
    outlines) is rendered at `limits.dpi` for `ocr`, up to `limits.max_pages` pages; it is
    recorded in `needs_ocr` when there is no OCR runner or the budget is spent. An empty page
    is skipped. PDFium work runs under PDFIUM_LOCK; OCR runs after the lock is released.
    """
    limits = limits or OcrLimits()
    with PDFIUM_LOCK:
        pages = _read_pages(data, dpi=limits.dpi, budget=limits.max_pages if ocr else 0)
    result = PdfText(page_count=len(pages))
    for number, (text, image) in enumerate(pages, start=1):
        if text is not None:
            result.blocks.extend(_paragraphs(text, number))
        elif image is None:
            continue
        elif ocr is None or not image:
            result.needs_ocr.append(number)
        else:
            result.ocr_pages.append(number)
            result.blocks.extend(_paragraphs(normalize_text(ocr(image)), number))
    return result


def _read_pages(data: bytes, *, dpi: int, budget: int) -> list[_Page]:
    """Every page's text or image; only the first `budget` image pages are rendered."""
    document = pdfium.PdfDocument(data)
    try:
        pages: list[_Page] = []
        for index in range(len(document)):
            page = document[index]
            try:
                rendered = sum(bool(image) for _, image in pages)
                pages.append(_read_page(page, dpi=dpi if rendered < budget else 0))
            finally:
                page.close()
        return pages
    finally:
        document.close()


def _read_page(page: pdfium.PdfPage, *, dpi: int) -> _Page:
    """The page's usable text; else a PNG at `dpi` for OCR (b"" when `dpi` is 0), or (None,
    None) when the page is empty."""
    textpage = page.get_textpage()
    try:
        lines = reading_lines(_page_runs(textpage))
    finally:
        textpage.close()
    text = "\n".join(lines)
    if count_visible(text) and not is_garbled(text):
        return text, None
    if not count_visible(text) and pdfium_c.FPDFPage_CountObjects(page) == 0:
        return None, None
    return None, _render_png(page, dpi) if dpi else b""


def _paragraphs(text: str, page: int) -> list[Block]:
    return [Block("paragraph", line, page) for line in text.split("\n") if line.strip()]


# (character, left, right, bottom, top, whether whitespace came before it)
_Char = tuple[str, float, float, float, float, bool]


def _page_runs(textpage: pdfium.PdfTextPage) -> list[Run]:
    """Group the page's characters, in content order, into runs on one baseline, no wide gaps.

    A run keeps the centre line and height of its first character, so it cannot drift onto
    the next line through a chain of small offsets.
    """
    runs: list[Run] = []
    run = Run(0.0, 0.0, 0.0, 0.0)
    centre = size = 0.0
    for char, left, right, bottom, top, spaced in _page_chars(textpage):
        height = top - bottom
        scale = height if height > size else size
        gap = left - run.x1
        if (
            runs
            and abs((top + bottom) / 2 - centre) <= _SAME_BASELINE * scale
            and -_BACKTRACK * scale <= gap <= _RUN_BREAK_GAP * scale
        ):
            if spaced or gap > _WORD_GAP * height:
                run.parts.append(" ")
            run.gaps.append(gap)
            run.x1 = max(run.x1, right)
            run.y0 = min(run.y0, bottom)
            run.y1 = max(run.y1, top)
        else:
            run = Run(left, right, bottom, top)
            runs.append(run)
            centre, size = (top + bottom) / 2, height
        run.parts.append(char)
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
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    spaced = False
    last = ("a", 0.0, 0.0)
    for index, code in enumerate(_char_codes(textpage)):
        if code in _WHITESPACE:
            spaced = True
            continue
        get_box(textpage, index, box)
        if code == 0 or box.top <= box.bottom:
            continue
        char, left, right = _HYPHEN_MARKS.get(code) or chr(code), box.left, box.right
        if left == last[1] and right == last[2] and not char.isalnum() and not last[0].isalnum():
            continue
        chars.append((char, left, right, box.bottom, box.top, spaced))
        last = (char, left, right)
        spaced = False
    return chars


def _char_codes(textpage: pdfium.PdfTextPage) -> list[int]:
    """The code point of every character index, read in one call when it lines up with the
    character list (no characters outside the BMP), else one call per character."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium_c.FPDFText_GetText(
        textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    units = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(units) == count and not _SURROGATE.search(units):
        return [ord(unit) for unit in units]
    return [pdfium_c.FPDFText_GetUnicode(textpage, index) for index in range(count)]


def _render_png(page: pdfium.PdfPage, dpi: int) -> bytes:
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        return encode_gray_png(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride)
    finally:
        bitmap.close()
