"""Photos for the documents: ID photos and headshots of fictional people, and decoys (logos,
emblems, QR codes, banners, signatures, a 3:4 photo of no face).

(being written) Until then every photo is a plain grey 3:4 JPEG drawn here.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image


@dataclass(frozen=True)
class Photo:
    data: bytes
    format: str  # "jpeg" | "png"
    width: int
    height: int
    kind: str  # "id-photo" | "headshot" | a decoy's kind

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def id_photo(key: str) -> Photo:
    """A 3:4 ID photo for the document `key` (the same key gives the same bytes)."""
    image = Image.new("RGB", (300, 400), (200, 200, 205))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return Photo(out.getvalue(), "jpeg", 300, 400, "id-photo")
