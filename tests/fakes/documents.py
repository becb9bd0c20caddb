"""The fake OCR runner and DOC converter: scripted results for inputs that pass the checks the
real tools fail on (a whole PNG, a whole compound file)."""

from __future__ import annotations

import struct
import zlib
from collections import deque

from resume_worker.core.errors import ErrorCode, PermanentError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_BYTE_ORDER = b"\xfe\xff"


def unreadable(what: str) -> PermanentError:
    return PermanentError(f"the {what} could not be read", ErrorCode.PARSE_ERROR)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a whole PNG: the signature, IHDR first, every chunk complete with
    its CRC right, IEND last. Raises PARSE_ERROR otherwise, as Tesseract fails on it."""
    if not data.startswith(PNG_SIGNATURE):
        raise unreadable("page image")
    offset, kinds, header = len(PNG_SIGNATURE), list[bytes](), b""
    while offset + 12 <= len(data) and kinds[-1:] != [b"IEND"]:
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        body, end = data[offset + 8 : offset + 8 + length], offset + 12 + length
        (crc,) = struct.unpack(">I", data[end - 4 : end]) if end <= len(data) else (None,)
        if crc != zlib.crc32(kind + body):
            raise unreadable("page image")
        header = body if kind == b"IHDR" else header
        kinds.append(kind)
        offset = end
    if kinds[:1] != [b"IHDR"] or kinds[-1:] != [b"IEND"] or len(header) < 8:
        raise unreadable("page image")
    width, height = struct.unpack(">II", header[:8])
    return int(width), int(height)


class FakeOcr:
    """An OcrRunner that recognises the scripted page texts, one per call in order, on pages
    that are whole PNGs (recording each page's size); `installed=False` fails like a Tesseract
    removed after start-up (OCR_UNAVAILABLE)."""

    def __init__(self, *texts: str, installed: bool = True) -> None:
        self.texts = deque(texts)
        self.installed = installed
        self.pages: list[tuple[int, int]] = []

    def __call__(self, png_bytes: bytes) -> str:
        if not self.installed:
            raise PermanentError("the OCR engine could not be started", ErrorCode.OCR_UNAVAILABLE)
        self.pages.append(png_size(png_bytes))
        assert self.texts, "FakeOcr was given more pages than it was scripted for"
        return self.texts.popleft()


def check_compound_file(data: bytes) -> None:
    """A whole OLE compound file (the container of a .doc): the magic, the byte-order mark, a
    512- or 4096-byte sector size and whole sectors after the header. Raises PARSE_ERROR
    otherwise, as LibreOffice fails on it."""
    if not data.startswith(OLE_MAGIC) or data[28:30] != OLE_BYTE_ORDER:
        raise unreadable("DOC file")
    (shift,) = struct.unpack("<H", data[30:32])
    sector = 1 << shift if shift in (9, 12) else 0
    if not sector or len(data) % sector or len(data) < 2 * sector:
        raise unreadable("DOC file")


class FakeDocConverter:
    """A DocConverter that gives back `docx` for every whole compound file (recording what it
    converted); `installed=False` fails like LibreOffice that cannot be started
    (UNSUPPORTED_FORMAT, as the real converter)."""

    def __init__(self, docx: bytes, *, installed: bool = True) -> None:
        self.docx = docx
        self.installed = installed
        self.converted: list[bytes] = []

    def __call__(self, doc_bytes: bytes) -> bytes:
        if not self.installed:
            raise PermanentError("LibreOffice could not be started", ErrorCode.UNSUPPORTED_FORMAT)
        check_compound_file(doc_bytes)
        self.converted.append(doc_bytes)
        return self.docx
