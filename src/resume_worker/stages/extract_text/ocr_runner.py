"""The per-document limits of OCR (the runner itself is the OcrRunner port)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OcrLimits:
    """How image pages are rendered for OCR (ocr.dpi) and how many pages of one document may
    be recognised (ocr.max_pages); image pages past the budget are left as if OCR were off."""

    dpi: int = 300
    max_pages: int = 10
