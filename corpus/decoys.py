"""Decoys: images in a resume that are not the candidate's photo (a company or board logo, a
school emblem, a QR code, a header banner, a signature, a company seal 직인, and a 3:4 photo with
no face in it), drawn here or cut from the public-domain scenes scikit-image ships, each seeded by
its key, so a photo extractor is measured on what it must leave alone."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import qrcode
from PIL import Image, ImageDraw, ImageEnhance, ImageFont

from corpus.photo_sources import SKIMAGE, Source, source_image
from corpus.photos import ID_SIZES, Photo, jpeg, png
from corpus.seeds import rng_for

SCENES = (
    Source(*SKIMAGE, "data/coffee.png", "CC0 (Rachel Michetti)"),
    Source(*SKIMAGE, "data/rocket.jpg", "public domain (SpaceX)"),
    Source(*SKIMAGE, "data/hubble_deep_field.jpg", "public domain (NASA)"),
    Source(*SKIMAGE, "data/brick.png", "CC0 (CC0Textures)"),
    Source(*SKIMAGE, "data/gravel.png", "CC0 (CC0Textures)"),
)
BRAND = ((23, 78, 166), (0, 122, 94), (196, 40, 60), (233, 120, 20), (90, 50, 150), (20, 20, 20),
         (0, 140, 190))  # fmt: skip
FONTS = "/usr/share/fonts/truetype/nanum/"  # fonts-nanum, installed by `make corpus-tools`
RED = (205, 30, 35)


def _font(size: int, serif: bool = False) -> ImageFont.FreeTypeFont:
    name = "NanumMyeongjoBold.ttf" if serif else "NanumGothicBold.ttf"
    return ImageFont.truetype(FONTS + name, size)


def draw_decoy(key: str, kind: str, label: str) -> Photo:
    drawers: dict[str, Callable[[random.Random, str], Photo]] = {
        "logo": _logo, "emblem": _emblem, "qr": _qr, "banner": _banner,
        "signature": _signature, "seal": _seal, "no-face": _no_face,
    }  # fmt: skip
    if kind not in drawers:
        raise ValueError(f"no decoy of kind {kind!r}")
    return drawers[kind](rng_for("decoy", kind, key), label)


def _initials(label: str, rng: random.Random) -> str:
    words = [w for w in label.replace("(주)", "").replace("㈜", "").split() if w[:1].isalnum()]
    if words and words[0][0].isascii():
        return "".join(w[0] for w in words[:2]).upper()
    if words:
        return words[0][0]
    return "".join(rng.choice("ABCDEFGHKLMNPRSTVW") for _ in range(rng.randint(1, 2)))


def _logo(rng: random.Random, label: str) -> Photo:
    """A brand mark (circle, rounded square, hexagon or diamond with a monogram), alone or with
    the name beside it; on white or transparent."""
    colour, side = rng.choice(BRAND), 240
    wordmark = bool(label) and rng.random() < 0.6
    width = side + (len(label) * 64 + 40 if wordmark else 0)
    image = Image.new("RGBA", (width, side), (255, 255, 255, rng.choice((0, 255))))
    draw = ImageDraw.Draw(image)
    shape, box = rng.choice(("circle", "square", "hexagon", "diamond")), (20, 20, 220, 220)
    if shape == "circle":
        draw.ellipse(box, fill=colour)
    elif shape == "square":
        draw.rounded_rectangle(box, radius=rng.choice((16, 40)), fill=colour)
    else:
        corners = 6 if shape == "hexagon" else 4
        draw.regular_polygon(
            (120, 120, 104), corners, rotation=rng.choice((0, 30, 45)), fill=colour
        )
    text = _initials(label, rng)
    draw.text(
        (120, 122), text, font=_font(110 if len(text) == 1 else 84), fill="white", anchor="mm"
    )
    if wordmark:
        draw.text((side + 10, 120), label, font=_font(58), fill=colour, anchor="lm")
    return png(image, "logo")


def _emblem(rng: random.Random, label: str) -> Photo:
    """A school emblem: two rings, the motto or name around them, a star or torch inside."""
    colour, size = rng.choice(BRAND[:5]), 320
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=colour)
    draw.ellipse((22, 22, size - 22, size - 22), fill="white")
    draw.ellipse((70, 70, size - 70, size - 70), fill=colour)
    text = label or rng.choice(("VERITAS LUX MEA", "SCIENTIA ET LABOR", "LUX ET VERITAS"))
    _ring_text(image, f" {text.upper()} · {rng.randint(1905, 1985)} ·", colour, size)
    centre, points = size / 2, rng.choice((5, 8))
    star = [
        (centre + r * math.sin(math.pi * i / points), centre - r * math.cos(math.pi * i / points))
        for i, r in zip(range(2 * points), [62, 26] * points, strict=True)
    ]
    draw.polygon(star, fill="white")
    return png(image, "emblem")


def _ring_text(image: Image.Image, text: str, colour: tuple[int, int, int], size: int) -> None:
    """Letters set around the emblem's ring, each turned to face outwards."""
    font, radius, step = _font(22), size / 2 - 46, 360 / max(len(text), 24)
    for index, char in enumerate(text):
        angle = index * step
        glyph = Image.new("RGBA", (34, 34), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((17, 17), char, font=font, fill=colour, anchor="mm")
        glyph = glyph.rotate(-angle, resample=Image.Resampling.BICUBIC)
        x = size / 2 + radius * math.sin(math.radians(angle)) - 17
        y = size / 2 - radius * math.cos(math.radians(angle)) - 17
        image.alpha_composite(glyph, (round(x), round(y)))


def _qr(rng: random.Random, label: str) -> Photo:
    """A QR code to a portfolio or profile page (an example.com address)."""
    code = qrcode.QRCode(border=rng.randint(1, 4), box_size=rng.randint(4, 8))
    code.add_data(label or f"https://example.com/p/{rng.getrandbits(40):010x}")
    code.make(fit=True)
    image = code.make_image().get_image().convert("L")
    return png(image, "qr")


def _banner(rng: random.Random, _: str) -> Photo:
    """A wide header image: a strip of a scene under a brand-coloured wash."""
    scene = source_image(rng.choice(SCENES))
    width, height = rng.choice(((1200, 200), (1000, 250), (1400, 180)))
    strip = round(scene.width * height / width)
    top = rng.randint(0, max(0, scene.height - strip))
    image = scene.crop((0, top, scene.width, top + strip)).resize((width, height))
    wash = Image.new("RGB", image.size, rng.choice(BRAND))
    image = Image.blend(image, wash, rng.uniform(0.25, 0.6))
    return jpeg(image, rng.randint(78, 92), "banner")


def _signature(rng: random.Random, _: str) -> Photo:
    """A handwritten signature: one looping stroke in blue or black ink, drawn large and shrunk
    so its edges are smooth."""
    scale, width, height = 3, 360, 120
    image = Image.new("RGBA", (width * scale, height * scale), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    waves = [(rng.uniform(1, 4), rng.uniform(0, 6), rng.uniform(8, 30)) for _ in range(3)]
    loops = rng.uniform(3, 7)
    points = []
    for step in range(400):
        t = step / 399
        x = 20 + t * (width - 40) + 14 * math.sin(t * loops * 2 * math.pi)
        y = height / 2 + sum(a * math.sin(f * t * 2 * math.pi + p) for f, p, a in waves)
        y += 18 * math.cos(t * loops * 2 * math.pi)
        points.append((x * scale, y * scale))
    ink = rng.choice(((20, 30, 110, 255), (25, 25, 25, 255)))
    draw.line(points, fill=ink, width=rng.randint(2, 4) * scale, joint="curve")
    return png(image.resize((width, height), Image.Resampling.LANCZOS), "signature")


def _seal(rng: random.Random, label: str) -> Photo:
    """A company seal (직인): red characters in a square or round frame, a little worn."""
    size = 240
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    for mark in ("주식회사", "(주)", "㈜"):
        label = label.replace(mark, "")
    name = "".join(ch for ch in label if "가" <= ch <= "힣")[:5] or "대표이사"
    chars = list(name + "인")
    rows = math.ceil(math.sqrt(len(chars)))
    cols = math.ceil(len(chars) / rows)
    if rng.random() < 0.5:
        draw.rectangle((8, 8, size - 8, size - 8), outline=RED, width=10)
        cell = (size - 48) / rows
    else:
        draw.ellipse((8, 8, size - 8, size - 8), outline=RED, width=10)
        cell = (size - 80) / rows
    left, top = (size - cell * cols) / 2, (size - cell * rows) / 2
    font = _font(round(cell * 0.85), serif=True)
    for index, char in enumerate(chars):  # columns from the right, read downwards
        col, row = divmod(index, rows)
        x, y = left + (cols - 1 - col + 0.5) * cell, top + (row + 0.5) * cell
        draw.text((x, y), char, font=font, fill=RED, anchor="mm")
    for _ in range(120):  # worn ink
        x, y = rng.randrange(size), rng.randrange(size)
        draw.point((x, y), fill=(255, 255, 255, 0))
    return png(image, "seal")


def _no_face(rng: random.Random, _: str) -> Photo:
    """A 3:4 photo the size of an ID photo with no person in it (a cup, a launch, a sky, a
    wall)."""
    scene = source_image(rng.choice(SCENES))
    height = rng.randint(scene.height * 2 // 3, scene.height)
    width = min(scene.width, height * 3 // 4)
    height = width * 4 // 3
    left, top = rng.randint(0, scene.width - width), rng.randint(0, scene.height - height)
    image = scene.crop((left, top, left + width, top + height)).resize(rng.choice(ID_SIZES))
    image = ImageEnhance.Color(image).enhance(rng.uniform(0.8, 1.1))
    return jpeg(image, rng.randint(75, 92), "no-face")
