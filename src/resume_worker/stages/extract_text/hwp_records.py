"""HWP 5.0 record streams: record headers, the record tree by level, PARA_TEXT with its control
characters, and the walk from a section's records to paragraph and table blocks (Hancom, "한글
문서 파일 형식 5.0", sections 4.1 and 4.3)."""

from __future__ import annotations

import re
import struct
import sys
from array import array
from dataclasses import dataclass, field
from typing import NamedTuple

from resume_worker.core.models import Block
from resume_worker.stages.extract_text.hwp_styles import TAG_PARA_CHAR_SHAPE, HwpStyles
from resume_worker.stages.extract_text.tables import Cell, table_blocks

HWPTAG_BEGIN = 0x10
TAG_DISTRIBUTE_DOC_DATA = HWPTAG_BEGIN + 12
TAG_PARA_HEADER = HWPTAG_BEGIN + 50
TAG_PARA_TEXT = HWPTAG_BEGIN + 51
TAG_CTRL_HEADER = HWPTAG_BEGIN + 55
TAG_LIST_HEADER = HWPTAG_BEGIN + 56
TAG_TABLE = HWPTAG_BEGIN + 61

# Levels nest paragraphs inside controls inside paragraphs; real documents stay far below this,
# and the walk over the tree recurses once per level.
MAX_LEVEL = 64
_HEADER = struct.Struct("<I")
_CELL_ADDRESS = struct.Struct("<HH")
_EXTENDED_SIZE = 0xFFF

# PARA_TEXT control characters (spec table 6). Inline (4-9, 19, 20) and extended (1-3, 11, 12,
# 14-18, 21-23) controls take 8 WCHARs: the code, a 12-byte payload (a control id or a pointer),
# and the code again. That is every code from 1 to 23 except line break (10) and para end (13).
_WIDE_CONTROLS = frozenset(range(1, 24)) - {10, 13}
_WIDE_LENGTH = 8
_TAB = 9
# Char controls take one WCHAR; line break, hyphen and the two kinds of fixed space are visible.
# The rest (0 unusable, 13 paragraph end, 25-29 reserved) carry no text.
_CHAR_CONTROLS = {10: "\n", 24: "-", 30: " ", 31: " "}
_CONTROL = re.compile("[\x00-\x1f]")
_UNITS_CODEC = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
_UINT32 = next(code for code in "IL" if array(code).itemsize == 4)


class HwpFormatError(ValueError):
    """A stream that breaks the HWP format (a record larger than its stream, nesting too deep,
    too many records); the caller reports it as a corrupt file."""


class Record(NamedTuple):
    """One record: tag id, nesting level and payload (a tuple: documents hold many)."""

    tag: int
    level: int
    data: bytes


@dataclass
class RecordBudget:
    """How many more records the whole document may hold, so a stream of millions of empty
    records cannot make the reader slow or large."""

    remaining: int


def parse_records(stream: bytes | bytearray, budget: RecordBudget) -> list[Record]:
    """Split a decompressed stream into records: a 32-bit header holding the tag (10 bits),
    level (10 bits) and size (12 bits), with a 32-bit size after it when the size is 0xFFF."""
    records: list[Record] = []
    append, unpack = records.append, _HEADER.unpack_from
    offset, end, limit = 0, len(stream), budget.remaining
    while offset + 4 <= end:
        (header,) = unpack(stream, offset)
        size = header >> 20
        offset += 4
        if size == _EXTENDED_SIZE:
            if offset + 4 > end:
                raise HwpFormatError("truncated record header")
            (size,) = unpack(stream, offset)
            offset += 4
        level = (header >> 10) & 0x3FF
        if size > end - offset or level > MAX_LEVEL or len(records) >= limit:
            raise HwpFormatError("record larger than its stream, nested too deep or too many")
        append(Record(header & 0x3FF, level, bytes(stream[offset : offset + size])))
        offset += size
    budget.remaining -= len(records)
    return records


def subtree_ends(records: list[Record]) -> list[int]:
    """For each record, the index just past its subtree: the next record at its level or above.
    Children of record i are then the records from i + 1, stepping from subtree to subtree."""
    ends = [len(records)] * len(records)
    open_records: list[int] = []
    for index, record in enumerate(records):
        while open_records and records[open_records[-1]].level >= record.level:
            ends[open_records.pop()] = index
        open_records.append(index)
    return ends


# Hancom's private-use glyphs that stand for Hangul: the 한 of its "한글" logo, which Hangul's own
# sample files use in running text. Any other private-use character goes with the icon fonts.
HANCOM_PUA = str.maketrans({"\uf53a": "한"})


def paragraph_text(data: bytes) -> str:
    """Decode PARA_TEXT (UTF-16LE): skip inline and extended controls with their payloads, keep
    tabs, line breaks, hyphens and fixed spaces, drop paragraph ends and other char controls."""
    units = array("H", data[: len(data) // 2 * 2])
    if sys.byteorder != "little":
        units.byteswap()
    # One character per code unit, lone surrogates allowed, so offsets count WCHARs exactly.
    text = array(_UINT32, units).tobytes().decode(_UNITS_CODEC, "surrogatepass")
    pieces: list[str] = []
    position = 0
    while (found := _CONTROL.search(text, position)) is not None:
        at = found.start()
        pieces.append(text[position:at])
        code = ord(text[at])
        if code in _WIDE_CONTROLS:
            pieces.append("\t" if code == _TAB else "")
            position = at + _WIDE_LENGTH
        else:
            pieces.append(_CHAR_CONTROLS.get(code, ""))
            position = at + 1
    pieces.append(text[position:])
    # Rejoin surrogate pairs split into two units; a lone surrogate becomes U+FFFD.
    joined = "".join(pieces).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return joined.translate(HANCOM_PUA)


def control_id(data: bytes) -> str:
    """The four-character id that opens a CTRL_HEADER ('tbl ', 'gso ', 'head', ...), stored as a
    little-endian 32-bit number whose most significant byte is the first character."""
    return data[:4][::-1].decode("latin-1") if len(data) >= 4 else ""


# --- from a section's records to blocks -----------------------------------------------------


@dataclass
class Stories:
    """Blocks of the body flow, and of the headers, footers and notes collected beside it."""

    body: list[Block] = field(default_factory=list)
    headers: list[Block] = field(default_factory=list)
    footers: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)

    def blocks(self) -> list[Block]:
        """Headers (each distinct text once), the body, notes, then footers (distinct)."""
        return _distinct(self.headers) + self.body + self.notes + _distinct(self.footers)


def read_section(records: list[Record], stories: Stories, styles: HwpStyles | None = None) -> None:
    """Append one section's paragraphs and tables to `stories`; `styles` (from DocInfo) tells
    which paragraphs are headings."""
    section = _Section(records, subtree_ends(records), stories, styles or HwpStyles())
    section.story(0, len(records), stories.body)


@dataclass
class _Section:
    records: list[Record]
    ends: list[int]
    stories: Stories
    styles: HwpStyles

    def story(self, start: int, stop: int, out: list[Block]) -> None:
        """Paragraphs and controls among the sibling records in [start, stop); other records
        (list headers, drawing components) are looked through for the paragraphs they hold."""
        index = start
        while index < stop:
            tag = self.records[index].tag
            if tag == TAG_PARA_HEADER:
                self.paragraph(index, out)
            elif tag == TAG_CTRL_HEADER:
                self.control(index, out)
            else:
                self.story(index + 1, self.ends[index], out)
            index = self.ends[index]

    def children(self, index: int) -> list[int]:
        found: list[int] = []
        child = index + 1
        while child < self.ends[index]:
            found.append(child)
            child = self.ends[child]
        return found

    def paragraph(self, index: int, out: list[Block]) -> None:
        """A paragraph's text, then what its controls hold (tables, text boxes) after it."""
        children = self.children(index)
        text = "".join(
            paragraph_text(self.records[c].data)
            for c in children
            if self.records[c].tag == TAG_PARA_TEXT
        )
        shapes = next(
            (self.records[c].data for c in children if self.records[c].tag == TAG_PARA_CHAR_SHAPE),
            None,
        )
        heading = self.styles.is_heading(self.records[index].data, shapes, text)
        out.append(Block("heading" if heading else "paragraph", text))
        for child in children:
            if self.records[child].tag == TAG_CTRL_HEADER:
                self.control(child, out)

    def control(self, index: int, out: list[Block]) -> None:
        kind = control_id(self.records[index].data)
        if kind == "tbl ":
            self.table(index, out)
        elif kind != "tcmt":  # a hidden comment is not shown in the document
            target = {
                "head": self.stories.headers,
                "foot": self.stories.footers,
                "fn  ": self.stories.notes,
                "en  ": self.stories.notes,
            }.get(kind, out)
            self.story(index + 1, self.ends[index], target)

    def table(self, index: int, out: list[Block]) -> None:
        """Captions come before the TABLE record; after it, each LIST_HEADER opens a cell that
        holds the paragraphs up to the next one. Covered cells of a merge are not stored."""
        captions: list[Block] = []
        cells: list[tuple[int, int, Cell]] = []
        in_table = False
        for child in self.children(index):
            record = self.records[child]
            if record.tag == TAG_TABLE:
                in_table = True
            elif in_table and record.tag == TAG_LIST_HEADER:
                row, col = _cell_address(record.data, cells)
                cells.append((row, col, []))
            else:
                self.story(child, self.ends[child], cells[-1][2] if cells else captions)
        out.extend(captions)
        out.extend(table_blocks(_grid(cells)))


def _cell_address(data: bytes, cells: list[tuple[int, int, Cell]]) -> tuple[int, int]:
    """A cell's (row, column) from its LIST_HEADER: after the paragraph count and list
    properties (8 bytes) come the column and row addresses, then the spans."""
    if len(data) >= _CELL_ADDRESS.size + 8:
        col, row = _CELL_ADDRESS.unpack_from(data, 8)
        return row, col
    row, col = (cells[-1][0], cells[-1][1] + 1) if cells else (0, 0)
    return row, col


def _grid(cells: list[tuple[int, int, Cell]]) -> list[list[Cell]]:
    rows: dict[int, list[tuple[int, Cell]]] = {}
    for row, col, cell in cells:
        rows.setdefault(row, []).append((col, cell))
    return [[cell for _, cell in sorted(rows[row], key=lambda c: c[0])] for row in sorted(rows)]


def _distinct(blocks: list[Block]) -> list[Block]:
    """A header or footer repeats in every section that sets it; keep each text once."""
    seen: set[str] = set()
    kept: list[Block] = []
    for block in blocks:
        if block.text not in seen:
            seen.add(block.text)
            kept.append(block)
    return kept
