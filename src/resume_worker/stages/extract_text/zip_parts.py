"""Reads parts of a ZIP container (DOCX, HWPX) with a hard cap on the bytes actually inflated."""

from __future__ import annotations

import zipfile

# validate_file already bounded every part's declared size; this cap also holds when a header lies.
MAX_PART_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024


class ZipPartTooLargeError(ValueError):
    """A ZIP part inflated to more bytes than it declared or than the cap allows."""


def read_part(archive: zipfile.ZipFile, name: str, *, limit: int = MAX_PART_BYTES) -> bytes:
    """Return the inflated bytes of part `name`, reading in chunks and stopping at the cap.

    Raises KeyError when the part is missing and ZipPartTooLargeError when it is too large.
    """
    info = archive.getinfo(name)
    cap = min(limit, info.file_size)
    if info.file_size > limit:
        raise ZipPartTooLargeError("ZIP part exceeds the size cap")
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > cap:
                raise ZipPartTooLargeError("ZIP part inflates beyond its declared size")
            chunks.append(chunk)
    return b"".join(chunks)
