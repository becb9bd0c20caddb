"""The helper programs intake reads documents with: OCR for page images, DOC to DOCX conversion."""

from __future__ import annotations

from typing import Protocol


class OcrRunner(Protocol):
    """Recognises the text of one page rendered as a PNG (Tesseract kor+eng in production)."""

    def __call__(self, png_bytes: bytes) -> str: ...


class DocConverter(Protocol):
    """Turns the bytes of a legacy Word document into the bytes of the same document as DOCX."""

    def __call__(self, doc_bytes: bytes) -> bytes: ...
