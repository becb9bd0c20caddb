"""HWP 5.0 headings: paragraph styles and character sizes from DocInfo (Hancom, "한글 문서 파일
형식 5.0", 4.2.6 CHAR_SHAPE, 4.2.11 STYLE, 4.3.1 PARA_HEADER, 4.3.3 PARA_CHAR_SHAPE).

A paragraph is a heading when its style is named as one (개요 N / Outline N, 제목, Heading,
Title), or when it is short and every character shape in it is clearly larger than the Normal
style's. Anything unreadable here only means no headings: the text never depends on it.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field

HWPTAG_BEGIN = 0x10
TAG_CHAR_SHAPE = HWPTAG_BEGIN + 5
TAG_STYLE = HWPTAG_BEGIN + 10
TAG_PARA_CHAR_SHAPE = HWPTAG_BEGIN + 52

_HEADING_STYLE = re.compile(r"^(개요|제목|outline|heading|title)\b", re.IGNORECASE)
_HEADING_SCALE = 1.2
_MAX_HEADING_CHARS = 60
# CHAR_SHAPE: 7 face ids (WORD), then 7 ratios, 7 spacings, 7 relative sizes and 7 offsets
# (one byte each), then the base size in 1/100 pt.
_BASE_SIZE = struct.Struct("<i")
_BASE_SIZE_OFFSET = 42
# STYLE, after its two names: type, next style (BYTE), language (INT16), para and char shape.
_STYLE_TAIL = struct.Struct("<BBhHH")
_PARA_STYLE_OFFSET = 10
_SHAPE_RUN = struct.Struct("<II")


@dataclass(frozen=True)
class HwpStyles:
    """Style ids named as headings, each character shape's size and the Normal text size."""

    heading_styles: frozenset[int] = frozenset()
    sizes: Sequence[int] = field(default_factory=tuple)
    body_size: int = 0

    def is_heading(self, para_header: bytes, char_shapes: bytes | None, text: str) -> bool:
        """Whether a paragraph (its PARA_HEADER and PARA_CHAR_SHAPE payloads) is a heading."""
        text = text.strip()
        if not text or not any(char.isalpha() for char in text):
            return False
        style = para_header[_PARA_STYLE_OFFSET] if len(para_header) > _PARA_STYLE_OFFSET else -1
        if style in self.heading_styles:
            return True
        if len(text) > _MAX_HEADING_CHARS or text[-1] in ".," or not self.body_size:
            return False
        runs = [shape for _, shape in _SHAPE_RUN.iter_unpack(_whole(char_shapes or b""))]
        sizes = [self.sizes[shape] if shape < len(self.sizes) else 0 for shape in runs]
        return bool(sizes) and min(sizes) >= _HEADING_SCALE * self.body_size


def read_styles(records: Sequence[tuple[int, bytes]]) -> HwpStyles:
    """The heading styles and character sizes of DocInfo's records, as (tag, payload) pairs."""
    sizes: list[int] = []
    headings: set[int] = set()
    normal_shape: int | None = None
    style_id = 0
    try:
        for tag, data in records:
            if tag == TAG_CHAR_SHAPE:
                sizes.append(_BASE_SIZE.unpack_from(data, _BASE_SIZE_OFFSET)[0])
            elif tag == TAG_STYLE:
                names, tail = _style_names(data)
                if any(_HEADING_STYLE.match(name.strip()) for name in names):
                    headings.add(style_id)
                if normal_shape is None:
                    normal_shape = _STYLE_TAIL.unpack_from(data, tail)[4]
                style_id += 1
    except (struct.error, UnicodeDecodeError, IndexError):
        return HwpStyles()
    body = sizes[normal_shape] if normal_shape is not None and normal_shape < len(sizes) else 0
    return HwpStyles(frozenset(headings), tuple(sizes), body)


def _style_names(data: bytes) -> tuple[tuple[str, str], int]:
    """The local and English names of a STYLE record, and where the rest of it starts."""
    names: list[str] = []
    offset = 0
    for _ in range(2):
        (length,) = struct.unpack_from("<H", data, offset)
        end = offset + 2 + 2 * length
        if end > len(data):
            raise IndexError("style name past the record")
        names.append(data[offset + 2 : end].decode("utf-16-le"))
        offset = end
    return (names[0], names[1]), offset


def _whole(data: bytes) -> bytes:
    return data[: len(data) - len(data) % _SHAPE_RUN.size]
