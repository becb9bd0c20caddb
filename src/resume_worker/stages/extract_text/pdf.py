"""PDF text with pypdfium2: characters and their boxes become runs, then lines in reading order."""

from __future__ import annotations

import ctypes
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from typing import Literal, NamedTuple, get_args

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from resume_worker.core.models import Block
from resume_worker.core.ports.documents import OcrRunner
from resume_worker.stages.extract_text.normalize import is_garbled, normalize_text
from resume_worker.stages.extract_text.ocr_runner import OcrLimits
from resume_worker.stages.extract_text.page_image import encode_gray_png
from resume_worker.stages.extract_text.pdf_layout import Run, join_spaced_letters, page_lines

# Fractions of the character height (its loose box: the font's ascent to descent, about 1.2 em).
_SAME_BASELINE = 0.3
_RUN_BREAK_GAP = 0.9
_WORD_GAP = 0.18
_BACKTRACK = 1.0
_WHITESPACE = frozenset(code for code in range(0x3001) if chr(code).isspace())
# PDFium marks a hyphen that ends a line as U+0002 (U+FFFE in bulk text): it is still a hyphen.
_HYPHEN_MARKS = {0x02: "-", 0xFFFE: "-"}
_SURROGATE = re.compile("[\ud800-\udfff]")
# FPDFText_GetLooseCharBox(text_page, index, rect) with untyped pointers, called once per
# character: the same C function, without pypdfium2's per-call argument conversions.
_LooseBox = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
# How a page's text layer is read: "columns" rebuilds lines and reading order from character
# boxes (the default); "plain" takes PDFium's own text order (get_text_bounded), no headings.
PdfStrategy = Literal["columns", "plain"]
PDF_STRATEGIES: tuple[PdfStrategy, ...] = get_args(PdfStrategy)


def _bind_loose_box() -> Callable[[int | None, int, int], int]:
    address = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
    if address is None:  # a loaded PDFium always exports it
        raise ImportError("PDFium has no FPDFText_GetLooseCharBox")
    return _LooseBox(address)


_GET_LOOSE_BOX = _bind_loose_box()


class _Page(NamedTuple):
    """A page as read under the lock: its usable text and which of its lines are headings, or
    the image to OCR (b"" when not rendered)."""

    text: str | None
    image: bytes | None
    headings: frozenset[int] = frozenset()


# PDFium is not thread-safe, not even across documents: every call into it holds this lock.
PDFIUM_LOCK = threading.Lock()


@dataclass
class PdfText:
    """What a PDF yields: blocks, page count, pages read by OCR and pages left for OCR."""

    blocks: list[Block] = field(default_factory=list)
    page_count: int = 0
    ocr_pages: list[int] = field(default_factory=list)
    needs_ocr: list[int] = field(default_factory=list)


def read_pdf(
    data: bytes,
    *,
    ocr: OcrRunner | None,
    limits: OcrLimits | None = None,
    strategy: PdfStrategy = "columns",
) -> PdfText:
    """Read every page's text layer; pages without usable text go to `ocr` when one is given.

    A page with no text, or only garbled text, that draws anything (a scan, text turned into
    outlines) is rendered at `limits.dpi` for `ocr`, up to `limits.max_pages` pages; it is
    recorded in `needs_ocr` when there is no OCR runner or the budget is spent. An empty page
    is skipped. PDFium work runs under PDFIUM_LOCK; OCR runs after the lock is released.
    """
    limits = limits or OcrLimits()
    with PDFIUM_LOCK:
        budget = limits.max_pages if ocr else 0
        pages = _read_pages(data, dpi=limits.dpi, budget=budget, strategy=strategy)
    result = PdfText(page_count=len(pages))
    for number, (text, image, headings) in enumerate(pages, start=1):
        if text is not None:
            result.blocks.extend(_paragraphs(text, number, headings))
        elif image is None:
            continue
        elif ocr is None or not image:
            result.needs_ocr.append(number)
        else:
            result.ocr_pages.append(number)
            result.blocks.extend(_paragraphs(normalize_text(ocr(image)), number))
    return result


def _read_pages(data: bytes, *, dpi: int, budget: int, strategy: PdfStrategy) -> list[_Page]:
    """Every page's text or image; only the first `budget` image pages are rendered."""
    document = pdfium.PdfDocument(data)
    try:
        pages: list[_Page] = []
        for index in range(len(document)):
            page = document[index]
            try:
                rendered = sum(bool(done.image) for done in pages)
                pages.append(
                    _read_page(page, dpi=dpi if rendered < budget else 0, strategy=strategy)
                )
            finally:
                page.close()
        return pages
    finally:
        document.close()


def _read_page(page: pdfium.PdfPage, *, dpi: int, strategy: PdfStrategy) -> _Page:
    """The page's usable text; else a PNG at `dpi` for OCR (b"" when `dpi` is 0), or no text
    and no image when the page is empty."""
    textpage = page.get_textpage()
    try:
        if strategy == "plain":
            lines = [(line, False) for line in textpage.get_text_bounded().splitlines()]
        else:
            lines = page_lines(_page_runs(textpage))
    finally:
        textpage.close()
    text = "\n".join(line for line, _ in lines)
    visible = bool(text.strip())  # str.strip and str.isspace agree on what whitespace is
    if visible and not is_garbled(text):
        headings = frozenset(index for index, (_, heading) in enumerate(lines) if heading)
        return _Page(text, None, headings)
    if not visible and pdfium_c.FPDFPage_CountObjects(page) == 0:
        return _Page(None, None)
    return _Page(None, _render_png(page, dpi) if dpi else b"")


def _paragraphs(text: str, page: int, headings: frozenset[int] = frozenset()) -> list[Block]:
    """One block per non-empty line; the lines at the `headings` indexes are heading blocks."""
    return [
        Block("heading" if index in headings else "paragraph", line, page)
        for index, line in enumerate(text.split("\n"))
        if line.strip()
    ]


# (character, left, right, bottom, top, whether whitespace came before it)
_Char = tuple[str, float, float, float, float, bool]


def _page_runs(textpage: pdfium.PdfTextPage) -> list[Run]:
    """Group the page's characters, in content order, into runs on one baseline, no wide gaps.

    A run keeps the centre line and height of its first character, so it cannot drift onto
    the next line through a chain of small offsets. The loop keeps the open run's right edge
    in a local (it runs once per character).
    """
    runs: list[Run] = []
    run = Run(0.0, 0.0, 0.0, 0.0)
    centre = size = x1 = 0.0
    for char, left, right, bottom, top, spaced in _page_chars(textpage):
        height = top - bottom
        scale = height if height > size else size
        gap = left - x1
        middle = (top + bottom) / 2
        if (
            runs
            and -_SAME_BASELINE * scale <= middle - centre <= _SAME_BASELINE * scale
            and -_BACKTRACK * scale <= gap <= _RUN_BREAK_GAP * scale
        ):
            if spaced or gap > _WORD_GAP * height:
                run.parts.append(" ")
            run.gaps.append(gap)
            if right > x1:
                x1 = run.x1 = right
            run.y0 = min(run.y0, bottom)
            run.y1 = max(run.y1, top)
        else:
            run = Run(left, right, bottom, top)
            runs.append(run)
            centre, size, x1 = middle, height, right
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
    spaced = False
    last_char, last_left, last_right = "a", 0.0, 0.0
    codes = _char_codes(textpage)
    boxes = _loose_boxes(textpage, len(codes))
    for code, left, top, right, bottom in zip(codes, *boxes, strict=True):
        if code in _WHITESPACE:
            spaced = True
            continue
        if code == 0 or top <= bottom:
            continue
        char = _HYPHEN_MARKS.get(code) or chr(code)
        same_box = left == last_left and right == last_right
        if same_box and not (char.isalnum() or last_char.isalnum()):
            continue
        chars.append((char, left, right, bottom, top, spaced))
        last_char, last_left, last_right = char, left, right
        spaced = False
    return chars


def _loose_boxes(textpage: pdfium.PdfTextPage, count: int) -> list[list[float]]:
    """Every character's loose box as four lists (left, top, right, bottom): one ctypes call
    per character into an array of FS_RECTF, read back in one go through NumPy."""
    boxes = (pdfium_c.FS_RECTF * count)()
    base, size = ctypes.addressof(boxes), ctypes.sizeof(pdfium_c.FS_RECTF)
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    addresses = range(base, base + size * count, size)
    deque(map(_GET_LOOSE_BOX, repeat(handle), range(count), addresses), maxlen=0)
    values: list[list[float]] = np.frombuffer(boxes, dtype=np.float32).reshape(count, 4).T.tolist()
    return values


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
