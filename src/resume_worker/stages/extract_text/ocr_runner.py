"""The OCR port: one call that turns a page image into its text, and the per-document limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class OcrRunner(Protocol):
    """Recognises the text of one page rendered as a PNG (Tesseract kor+eng in production)."""

    def __call__(self, png_bytes: bytes) -> str: ...


@dataclass(frozen=True)
class OcrLimits:
    """How image pages are rendered for OCR (ocr.dpi) and how many pages of one document may
    be recognised (ocr.max_pages); image pages past the budget are left as if OCR were off."""

    dpi: int = 300
    max_pages: int = 10
