"""The document as the intake stages see it: a validated file and its extracted text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

FileFormat = Literal["pdf", "docx", "doc", "hwp", "hwpx", "txt", "md"]
LETTER = re.compile(r"[^\W\d_]")
# Syllables, conjoining jamo and compatibility jamo: Hangul however it was typed or extracted.
HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def hangul_ratio(text: str) -> float:
    """Share of Hangul among the letters of `text` (0 when it has none). Digits, punctuation and
    spaces are left out so dates and phone numbers do not make a Korean resume look English."""
    letters = len(LETTER.findall(text))
    return len(HANGUL.findall(text)) / letters if letters else 0.0


# --- stage 1: validate_file -------------------------------------------------------------------


@dataclass(frozen=True)
class ValidatedFile:
    """A file whose real type was sniffed and whose size and page count are within limits."""

    data: bytes = field(repr=False)
    format: FileFormat
    page_count: int | None = None


# --- stage 2: extract_text --------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One unit of document text in reading order.

    Every format produces the same shapes: a `paragraph` (one logical line or paragraph), a
    `heading` (a paragraph the source marks as a heading or title), and a `table` whose `rows`
    hold the text of each cell, `rows[r][c]` being row r, column c (a merged cell appears once,
    at its top-left position). `text` is the block as plain text (a table's cells joined by
    " | ", rows by newlines); `start` is the offset of `text` inside `ExtractedText.text`.
    """

    kind: Literal["paragraph", "heading", "table"]
    text: str
    page: int = 1
    start: int = 0
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class PageText:
    """One page's text and how it was read (the text layer, or OCR of the page image)."""

    number: int
    text: str = field(repr=False)
    method: Literal["text", "ocr"] = "text"


@dataclass(frozen=True)
class ExtractedText:
    """The document's text: blocks in reading order, their concatenation, and per-page text."""

    text: str = field(repr=False)
    blocks: tuple[Block, ...] = field(repr=False)
    format: FileFormat
    page_count: int
    ocr_pages: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    pages: tuple[PageText, ...] = field(default=(), repr=False)

    @property
    def hangul_ratio(self) -> float:
        """Share of Hangul among the letters of the whole text (see `hangul_ratio`)."""
        return hangul_ratio(self.text)

    @classmethod
    def from_blocks(
        cls,
        blocks: list[Block],
        *,
        format: FileFormat,
        page_count: int,
        ocr_pages: tuple[int, ...] = (),
        warnings: tuple[str, ...] = (),
    ) -> ExtractedText:
        """Join blocks with newlines, record each block's offset in the joined text, and group
        the blocks into per-page texts (pages in `ocr_pages` are marked as read by OCR)."""
        placed: list[Block] = []
        parts: list[str] = []
        offset = 0
        for block in blocks:
            if not block.text.strip():
                continue
            placed.append(Block(block.kind, block.text, block.page, offset, block.rows))
            parts.append(block.text)
            offset += len(block.text) + 1
        pages = tuple(
            PageText(
                number,
                "\n".join(b.text for b in placed if b.page == number),
                "ocr" if number in ocr_pages else "text",
            )
            for number in range(1, max(page_count, *(b.page for b in placed), 1) + 1)
        )
        text = "\n".join(parts)
        return cls(text, tuple(placed), format, page_count, ocr_pages, warnings, pages)
