"""Photos for the documents: ID photos and headshots of the fictional people, decoys (logos,
emblems, QR codes, banners, signatures, seals, a 3:4 photo of no face), and what a document
stores of each, so the manifest can name the exact bytes a photo extractor should keep.

The faces are public-domain portraits that pinned PyPI packages ship (corpus/photo_sources.py).
Every ID photo is cut out of its backdrop, put on a plain colour and cropped 3:4; every choice
(face, crop, scale, background, mirror, colour or greyscale, size, JPEG quality) is seeded by the
document's key, so the same key gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageEnhance, ImageOps

from corpus.photo_sources import FACES, Face, load, matte
from corpus.seeds import rng_for

ID_FACES = ("astronaut", "hopper")  # frontal: the camera man is in profile, a headshot only
BACKGROUNDS = ((250, 250, 250), (236, 240, 245), (214, 226, 240), (196, 216, 238),
               (224, 224, 226), (240, 236, 226), (205, 214, 222))  # fmt: skip
ID_SIZES = ((240, 320), (270, 360), (300, 400), (354, 472), (360, 480), (450, 600))


@dataclass(frozen=True)
class Photo:
    data: bytes
    format: str  # "jpeg" | "png"
    width: int
    height: int
    kind: str  # "id-photo" | "headshot" | a decoy's kind (DECOY_KINDS)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def record(self) -> dict[str, Any]:
        """Rendered.photo for a container that stores the file as given (DOCX, HWP, HWPX, and a
        JPEG in a PDF printed by Chromium or fpdf2, which embed it unchanged as DCTDecode)."""
        return {"sha256": self.sha256, "kind": self.kind, "format": self.format,
                "width": self.width, "height": self.height}  # fmt: skip

    @property
    def tag(self) -> str:
        """Rendered.decoys entry: `kind:sha256` of the stored bytes."""
        return f"{self.kind}:{self.sha256}"


def id_photo(key: str) -> Photo:
    """A 3:4 ID photo on a plain background for the document `key` (same key, same bytes)."""
    rng = rng_for("id-photo", key)
    name = rng.choice(ID_FACES)
    face, pad = FACES[name], 200
    original = load(face.source)
    canvas = Image.new(
        "RGB", (original.width + 2 * pad, original.height + pad), rng.choice(BACKGROUNDS)
    )
    canvas.paste(original, (pad, pad), matte(name))
    left, upper, right, lower = _id_crop(face, rng)
    image = canvas.crop((left + pad, upper + pad, right + pad, lower + pad))
    image = _adjusted(image.resize(rng.choice(ID_SIZES), Image.Resampling.LANCZOS), rng)
    return jpeg(image, rng.randint(72, 95), "id-photo")


def _id_crop(face: Face, rng: random.Random) -> tuple[int, int, int, int]:
    """A 3:4 box around the head, in source pixels (it may reach above and beside the source,
    where the plain background continues): the head fills half to two thirds of the height,
    with a small margin above it, and the box ends above `face.lowest`."""
    top, chin, centre = face.head
    margin = rng.uniform(0.07, 0.14)
    tallest = (face.lowest - top) / (1 - margin)
    height = round(min((chin - top) / rng.uniform(0.5, 0.68), tallest))
    width = round(height * 0.75)
    upper = top - round(height * margin)
    left = centre - width // 2 + round(width * rng.uniform(-0.03, 0.03))
    return left, upper, left + width, upper + height


def headshot(key: str) -> Photo:
    """A casual square headshot in its own surroundings; half of them cut round (a PNG with
    transparent corners), the rest a square JPEG."""
    rng = rng_for("headshot", key)
    face = FACES[rng.choice(tuple(FACES))]
    original = load(face.source)
    top, chin, centre = face.head
    side = min(round((chin - top) / rng.uniform(0.45, 0.65)), original.width, original.height)
    upper = max(0, top - round(side * rng.uniform(0.1, 0.2)))
    side = min(side, face.lowest - upper)
    left = max(0, min(centre - side // 2, original.width - side))
    image = original.crop((left, upper, left + side, upper + side))
    size = rng.choice((200, 240, 256, 300, 400))
    image = _adjusted(image.resize((size, size), Image.Resampling.LANCZOS), rng)
    if rng.random() < 0.5:
        return jpeg(image, rng.randint(75, 92), "headshot")
    ring = Image.new("L", (size * 4, size * 4), 0)
    ImageDraw.Draw(ring).ellipse((0, 0, size * 4 - 1, size * 4 - 1), fill=255)
    image.putalpha(ring.resize((size, size), Image.Resampling.LANCZOS))
    return png(image, "headshot")


def _adjusted(image: Image.Image, rng: random.Random) -> Image.Image:
    """Mirror, exposure, contrast and colour as different cameras and studios give them."""
    if rng.random() < 0.5:
        image = ImageOps.mirror(image)
    image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.94, 1.08))
    image = ImageEnhance.Contrast(image).enhance(rng.uniform(0.94, 1.1))
    image = ImageEnhance.Color(image).enhance(rng.uniform(0.85, 1.1))
    if rng.random() < 0.15:
        image = ImageOps.grayscale(image)
    return image


def jpeg(image: Image.Image, quality: int, kind: str) -> Photo:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return Photo(out.getvalue(), "jpeg", image.width, image.height, kind)


def png(image: Image.Image, kind: str) -> Photo:
    out = io.BytesIO()
    image.save(out, "PNG")
    return Photo(out.getvalue(), "png", image.width, image.height, kind)


def decoy(key: str, kind: str, *, label: str = "") -> Photo:
    """An image that is not the candidate's photo: one of DECOY_KINDS; `label` is the text a
    logo's monogram or a seal carries (a company's name), when there is one."""
    from corpus.decoys import draw_decoy

    return draw_decoy(key, kind, label)


DECOY_KINDS = ("logo", "emblem", "qr", "banner", "signature", "seal", "no-face")


@dataclass(frozen=True)
class Stored:
    """An image as a PDF holds it, and the bytes a correct extractor keeps of it: a DCTDecode
    stream's own bytes (the JPEG), otherwise a PNG (Pillow, default settings) of the decoded
    pixels; the same rule as pypdfium2's PdfImage.extract."""

    data: bytes
    format: str
    width: int
    height: int
    page: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def stored_images(pdf: bytes) -> list[Stored]:
    """Every image object of the PDF's pages, in page and content order."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    images: list[Stored] = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            for obj in document[index].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
                if obj.get_filters() == ["DCTDecode"]:
                    data, kind = bytes(obj.get_data(decode_simple=False)), "jpeg"
                    with Image.open(io.BytesIO(data)) as decoded:
                        size = decoded.size
                else:
                    decoded = obj.get_bitmap(render=False).to_pil()
                    out = io.BytesIO()
                    decoded.save(out, "PNG")
                    data, kind, size = out.getvalue(), "png", decoded.size
                images.append(Stored(data, kind, size[0], size[1], index + 1))
    finally:
        document.close()
    return images


def recorded_in_pdf(pdf: bytes, photos: list[Photo]) -> list[dict[str, Any]]:
    """What the PDF holds of each planted photo (LibreOffice re-encodes every image as a JPEG of
    its own, Chromium keeps a JPEG and decodes a PNG): the stored image whose pixels look most
    like it, as Photo.record() gives it. Raises when one is missing, since a wrong sha256 in
    the manifest would score a right extractor as wrong."""
    stored = stored_images(pdf)
    records = []
    for photo in photos:
        scores = [(_distance(photo.data, s.data), i) for i, s in enumerate(stored)]
        score, best = min(scores, default=(255.0, -1))
        if score > 18:
            raise ValueError(f"the PDF holds no image like the planted {photo.kind}")
        match = stored.pop(best)
        records.append({"sha256": match.sha256, "kind": photo.kind, "format": match.format,
                        "width": match.width, "height": match.height})  # fmt: skip
    return records


def _distance(planted: bytes, stored: bytes) -> float:
    """Mean absolute difference of two images' 24 x 32 greyscale thumbnails (0-255), or 255 when
    their shapes differ. A planted image with transparency is compared as its colours alone,
    over white and over black, since PDF writers keep the colours and drop, flatten or
    premultiply what is transparent."""
    with Image.open(io.BytesIO(stored)) as image:
        ratio, target = image.width / image.height, _thumb(image.convert("RGB"))
    with Image.open(io.BytesIO(planted)) as image:
        if abs(image.width / image.height - ratio) > 0.04 * ratio:
            return 255.0
        variants = [image.convert("RGB")]
        if image.mode in ("RGBA", "LA", "PA", "P"):
            rgba = image.convert("RGBA")
            for colour in ("white", "black"):
                variants.append(Image.alpha_composite(Image.new("RGBA", rgba.size, colour), rgba))
    return min(
        sum(abs(a - b) for a, b in zip(_thumb(v), target, strict=True)) / (24 * 32)
        for v in variants
    )


def _thumb(image: Image.Image) -> list[int]:
    return list(image.convert("L").resize((24, 32)).getdata())


def tag_of(record: dict[str, Any]) -> str:
    """Rendered.decoys entry for a record: `kind:sha256`."""
    return f"{record['kind']}:{record['sha256']}"
