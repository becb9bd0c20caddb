"""Tests for the per-character PDF reading: the untyped box call matches pypdfium2's typed one."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from fpdf import FPDF

from resume_worker.stages.extract_text.pdf import _GET_LOOSE_BOX, PDFIUM_LOCK, _page_chars


def sample_pdf() -> bytes:
    """One page with two sizes of text, spaces and punctuation."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=18)
    pdf.text(20, 20, "Jordan Reyes - Engineer")
    pdf.set_font("helvetica", size=9)
    pdf.text(20, 40, "2019.03 ~ 2023.12, Seoul (remote)")
    return bytes(pdf.output())


def test_untyped_loose_box_call_gives_the_typed_calls_boxes() -> None:
    """Every character's loose box read through the fast binding equals the typed call's box."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(sample_pdf())
        page = document[0]
        textpage = page.get_textpage()
        handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        fast, typed = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
        boxes = []
        for index in range(textpage.count_chars()):
            assert _GET_LOOSE_BOX(handle, index, ctypes.addressof(fast))
            pdfium_c.FPDFText_GetLooseCharBox(textpage, index, typed)
            boxes.append((fast.left, fast.top, fast.right, fast.bottom))
            assert boxes[-1] == (typed.left, typed.top, typed.right, typed.bottom)
        chars = _page_chars(textpage)
        textpage.close()
        page.close()
        document.close()
    assert len(set(boxes)) > 40
    assert "".join(char for char, *_ in chars).startswith("JordanReyes-Engineer2019.03")
    assert all(top > bottom for _, _, _, bottom, top, _ in chars)
