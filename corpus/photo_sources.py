"""The public-domain images the corpus's photos are made from, read out of pinned PyPI packages
(nothing is downloaded at run time), and the cut-out that lifts a person off their backdrop so an
ID photo can stand on a plain colour.

| image | package, path | licence |
|---|---|---|
| astronaut (Eileen Collins) | scikit-image 0.25.2, skimage/data/astronaut.png | PD, NASA |
| camera | scikit-image 0.25.2, skimage/data/camera.png | CC0, Lav Varshney |
| grace_hopper | matplotlib 3.11.2, mpl-data/sample_data/grace_hopper.jpg | PD, US Navy |
| coffee, rocket, hubble_deep_field, brick, gravel | scikit-image 0.25.2 | CC0 or PD |

PD: public domain. The licences are the ones scikit-image's `skimage/data/_fetchers.py` states;
matplotlib states none for its sample, an official U.S. Navy portrait (a work of the U.S. federal
government).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


@dataclass(frozen=True)
class Source:
    """An image file inside a pinned package, with what is known about it."""

    package: str  # the distribution, pinned
    version: str
    module: str  # the import name whose folder holds the file
    path: str
    licence: str


@dataclass(frozen=True)
class Face:
    source: Source
    head: tuple[int, int, int]  # top of the head (or hat), chin, centre x, in source pixels
    lowest: int  # the lowest row an ID photo may show (above name tags and mission patches)
    outline: tuple[tuple[int, int], ...]  # head and shoulders, loosely, for the cut-out
    band: int  # how far the cut-out may move the outline to follow the colours


SKIMAGE = ("scikit-image", "0.25.2", "skimage")
MATPLOTLIB = ("matplotlib", "3.11.2", "matplotlib")
# Head and shoulders, traced by hand around each portrait (source pixels, clockwise).
ASTRONAUT_OUTLINE = (
    (230, 14), (250, 15), (268, 21), (284, 33), (294, 50), (300, 70), (301, 90), (297, 110),
    (288, 122), (276, 128), (265, 140), (258, 158), (275, 168), (292, 185), (302, 205),
    (307, 232), (325, 245), (345, 262), (360, 285), (368, 320), (372, 512), (20, 512),
    (22, 330), (40, 280), (70, 255), (100, 235), (114, 215), (118, 190), (130, 172),
    (150, 160), (175, 160), (182, 145), (172, 128), (160, 118), (153, 100), (152, 80),
    (157, 58), (168, 40), (184, 26), (205, 17),
)  # fmt: skip
HOPPER_OUTLINE = (
    (265, 20), (300, 24), (335, 40), (352, 62), (356, 84), (370, 98), (373, 130), (372, 160),
    (376, 200), (372, 235), (362, 262), (352, 300), (350, 318), (380, 340), (440, 362),
    (480, 385), (500, 430), (512, 600), (15, 600), (28, 430), (58, 380), (120, 360),
    (172, 340), (168, 300), (160, 262), (152, 215), (150, 175), (146, 150), (146, 112),
    (168, 88), (178, 62), (200, 40), (230, 26),
)  # fmt: skip
FACES = {
    "astronaut": Face(
        Source(*SKIMAGE, "data/astronaut.png", "public domain (NASA), Eileen Collins"),
        (14, 172, 226), 330, ASTRONAUT_OUTLINE, 8,
    ),
    "hopper": Face(
        Source(*MATPLOTLIB, "mpl-data/sample_data/grace_hopper.jpg",
               "public domain (U.S. Navy official photograph), Grace Hopper"),
        (20, 322, 262), 475, HOPPER_OUTLINE, 6,
    ),
    "camera": Face(
        Source(*SKIMAGE, "data/camera.png", "CC0 (Lav Varshney)"), (62, 197, 210), 512, (), 0
    ),
}  # fmt: skip


def source_image(source: Source) -> Image.Image:
    """The file from the installed package; a missing or other version stops the build, since
    another version may ship other bytes."""
    return load(source).copy()


@cache
def load(source: Source) -> Image.Image:
    try:
        version = importlib.metadata.version(source.package)
    except importlib.metadata.PackageNotFoundError:
        version = None
    spec = importlib.util.find_spec(source.module)
    if version != source.version or spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            f"corpus photos need {source.package}=={source.version} (found {version}): "
            "it ships the public-domain images they are made from"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / source.path
    with Image.open(path) as image:
        return image.convert("RGB")


@cache
def matte(name: str) -> Image.Image:
    """The person's mask: the outline's core is the person, its outer band follows the colours
    (a pixel there is the person when it is far from the local backdrop and nearer the person's
    own colours), then smoothed."""
    face = FACES[name]
    image = np.asarray(load(face.source), dtype=np.float32)
    outline = Image.new("L", (image.shape[1], image.shape[0]), 0)
    ImageDraw.Draw(outline).polygon(face.outline, fill=255)
    core = np.asarray(outline.filter(ImageFilter.MinFilter(2 * face.band + 1))) > 0
    outer = np.asarray(outline.filter(ImageFilter.MaxFilter(2 * face.band + 1))) > 0
    backdrop = _local_mean(image, ~outer, 25)
    person = _local_mean(image, core, 12)
    far = np.sqrt(((image - backdrop) ** 2).sum(-1))
    near = np.sqrt(((image - person) ** 2).sum(-1))
    mask = core | (outer & (far > 30) & (far > near))
    matte = Image.fromarray((mask * 255).astype(np.uint8))
    return matte.filter(ImageFilter.MedianFilter(5)).filter(ImageFilter.GaussianBlur(1.5))


def _local_mean(image: np.ndarray, where: np.ndarray, radius: int) -> np.ndarray:
    """Each pixel's mean colour over the `where` pixels around it (a normalised box blur)."""
    weight = where.astype(np.float32)
    total = _box(weight, radius) + 1e-3
    return np.stack([_box(image[..., k] * weight, radius) / total for k in range(3)], -1)


def _box(values: np.ndarray, radius: int) -> np.ndarray:
    for axis in (0, 1):
        pad = [(radius + 1, radius) if a == axis else (0, 0) for a in (0, 1)]
        summed = np.cumsum(np.pad(values, pad, mode="edge"), axis=axis)
        size = summed.shape[axis]
        values = (
            np.take(summed, range(2 * radius + 1, size), axis=axis)
            - np.take(summed, range(size - 2 * radius - 1), axis=axis)
        ) / (2 * radius + 1)
    return values
