"""A document's lines as the checks before analysis read them: paragraphs split at newlines,
table rows as `cell | cell` (empty cells left out), NFKC-normalised, whitespace collapsed."""

from __future__ import annotations

import re
import unicodedata

from resume_worker.core.models import ExtractedText


def document_lines(text: ExtractedText) -> list[tuple[int, str]]:
    """(page, line) for every line that holds text, in reading order."""
    lines: list[tuple[int, str]] = []
    for block in text.blocks:
        if block.kind == "table" and block.rows:
            rows = [" | ".join(c.strip() for c in row if c.strip()) for row in block.rows]
        else:
            rows = block.text.split("\n")
        lines.extend((block.page, clean_line(row)) for row in rows if row.strip())
    return lines


def clean_line(line: str) -> str:
    """NFKC forms, one space for any run of whitespace, no spaces at the ends."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", line)).strip()
