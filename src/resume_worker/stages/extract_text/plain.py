"""Plain-text decoding (UTF-8/16/32 with BOM, UTF-8, CP949, CP1252) and TXT files as blocks."""

from __future__ import annotations

import re

from resume_worker.core.models import Block
from resume_worker.stages.extract_text.normalize import normalize_text

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Control characters other than tab, newline, carriage return, form feed and the DOS EOF mark.
_BINARY_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01
_HANGUL = re.compile("[\uac00-\ud7a3\u3131-\u318e]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# Legacy Korean text decodes as CP949 into mostly Hangul; Western text misread as CP949 does not.
_MIN_HANGUL_SHARE = 0.5


def decode_text(data: bytes) -> str | None:
    """Decode `data` as text, or return None when it is not text (binary, or no encoding fits).

    A byte-order mark decides the encoding; without one, UTF-8 is tried, then CP949 (a superset
    of EUC-KR) when the result is mostly Hangul, then CP1252.
    """
    text = _decode_with_bom(data)
    if text is None:
        if b"\x00" in data:
            return None
        text = _decode_without_bom(data)
    if text is None:
        return None
    if len(_BINARY_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        return None
    return text


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _decode_with_bom(data: bytes) -> str | None:
    """A byte-order mark is text's own word for its encoding: a few bad code units in it (a lone
    surrogate from a broken export) become U+FFFD rather than refuse the file."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, "replace")
            return text if text.count("\ufffd") <= _MAX_CONTROL_SHARE * len(text) else None
    return None


def _decode_without_bom(data: bytes) -> str | None:
    text = _try_decode(data, "utf-8")
    if text is not None:
        return text
    text = _try_decode(data, "cp949")
    if text is not None:
        foreign = len(_NON_ASCII.findall(text))
        if len(_HANGUL.findall(text)) >= _MIN_HANGUL_SHARE * foreign:
            return text
    return _try_decode(data, "cp1252")


def read_txt(data: bytes) -> list[Block]:
    """Return one paragraph block per non-empty line of a text file."""
    text = decode_text(data)
    if text is None:
        raise ValueError("not decodable as text")
    return [Block("paragraph", line) for line in normalize_text(text).split("\n") if line.strip()]
