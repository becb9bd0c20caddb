"""What a PDF's own text layer holds, read with PDFium as it stands (not through the worker's
intake, which turns icon-font characters into spaces): whether it carries icon-font characters."""

from __future__ import annotations

import re

import pypdfium2 as pdfium

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def has_private_use(pdf: bytes) -> bool:
    """Whether the PDF's text layer carries icon-font (Private Use Area) characters."""
    document = pdfium.PdfDocument(pdf)
    try:
        return any(_PRIVATE_USE.search(page.get_textpage().get_text_range()) for page in document)
    finally:
        document.close()
