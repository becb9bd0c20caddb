"""The OCR port: one call that turns a page image into its text."""

from __future__ import annotations

from typing import Protocol


class OcrRunner(Protocol):
    """Recognises the text of one page rendered as a PNG (Tesseract kor+eng in production)."""

    def __call__(self, png_bytes: bytes) -> str: ...
