"""Encodes a rendered page (8-bit greyscale pixels) as PNG bytes for an OCR runner."""

from __future__ import annotations

import struct
import zlib

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, payload: bytes) -> bytes:
    checksum = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", checksum)


def encode_gray_png(pixels: bytes, width: int, height: int, stride: int) -> bytes:
    """Return a PNG of `height` rows of `width` grey bytes, rows starting `stride` bytes apart."""
    rows = b"".join(b"\x00" + pixels[row * stride : row * stride + width] for row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        _SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 6))
        + _chunk(b"IEND", b"")
    )
