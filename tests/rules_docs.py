"""Builders of small synthetic documents (ExtractedText) for the analysis tests."""

from __future__ import annotations

from resume_worker.core.models import Block, ExtractedText

Row = tuple[str, ...]


def doc(*items: str | list[Row], page_breaks: tuple[int, ...] = ()) -> ExtractedText:
    """A document from items in order: a string is a paragraph (newlines allowed), a list of
    tuples is a table. `page_breaks` lists the item indexes that start a new page."""
    blocks: list[Block] = []
    page = 1
    for index, item in enumerate(items):
        if index in page_breaks:
            page += 1
        if isinstance(item, str):
            blocks.append(Block("paragraph", item, page))
        else:
            rows = tuple(tuple(row) for row in item)
            text = "\n".join(" | ".join(row) for row in rows)
            blocks.append(Block("table", text, page, rows=rows))
    return ExtractedText.from_blocks(blocks, format="docx", page_count=page)
