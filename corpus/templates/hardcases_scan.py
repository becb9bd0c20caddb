"""Scans: other templates' PDFs as a scanner or copier gives them back, every page an image
(pypdfium2 at 180-200 dpi, turned a little, noise, greyscale or a paper tint) in an image-only PDF
written by Pillow, so the worker has to OCR them. The gold is the source document's.

OCR misreads a name or a skill now and then (an l for an I in an e-mail), and the gold must not
be weakened for it: each scan is read back with the worker's own extractor and Tesseract, and one
that lost a gold string is scanned again in black and white, then clean; a company, position,
school or skill that no scan gives back is redrawn (hardcases_legible.py) and the layout printed
again; a name or contact that none gives back moves the scan to another template."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter, ImageOps

from corpus.gold import missing_from
from corpus.records import Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Render, Rendered, Template
from corpus.templates.hardcases_legible import legible, personal, redraw
from corpus.templates.hardcases_sources import Source, layouts, pdf_of

REDRAWS = 2  # rounds of redrawn strings for one layout before the next layout


@dataclass(frozen=True)
class Scanner:
    dpi: int
    mode: str  # grey | colour | bw (black and white, stored losslessly as a fax-style image)
    angle: float = 0.0  # the page turns by up to this many degrees either way
    noise: float = 0.0  # standard deviation of the sensor noise, in grey levels
    quality: int = 95  # JPEG quality of grey and colour page images
    copier: bool = False  # a photocopy: harder contrast, a little blur
    paper: tuple[int, int, int] = (250, 250, 250)

    def retries(self) -> tuple[Scanner, ...]:
        """The scans of one source, in order: as styled, black and white, then clean."""
        return (self, Scanner(self.dpi, "bw"), Scanner(200, "grey", paper=(255, 255, 255)))


SCANNERS = {
    "scan-office": Scanner(200, "grey", angle=0.8, noise=5, quality=80),
    "scan-copier": Scanner(200, "grey", angle=1.2, noise=7, quality=75, copier=True),
    "scan-colour": Scanner(180, "colour", angle=0.5, noise=3, quality=72, paper=(250, 246, 235)),
}


def scan(pdf: bytes, scanner: Scanner, rng: random.Random) -> bytes:
    """The PDF's pages as images in a new image-only PDF (Pillow's writer: no dates, so the
    same pages give the same bytes)."""
    noise = np.random.default_rng(rng.getrandbits(32))
    document = pdfium.PdfDocument(pdf)
    try:
        pages = [
            _page(document[i].render(scale=scanner.dpi / 72).to_pil(), scanner, rng, noise)
            for i in range(len(document))
        ]
    finally:
        document.close()
    out = io.BytesIO()
    options = {} if scanner.mode == "bw" else {"quality": scanner.quality}
    pages[0].save(
        out, "PDF", resolution=scanner.dpi, save_all=True, append_images=pages[1:], **options
    )
    return out.getvalue()


def _page(
    image: Image.Image, scanner: Scanner, rng: random.Random, noise: np.random.Generator
) -> Image.Image:
    grey = image.convert("L")
    if scanner.mode == "bw":
        return grey.point(lambda v: 255 if v > 150 else 0).convert("1")
    if scanner.mode == "grey":
        image = grey.point(lambda v: round(v * scanner.paper[0] / 255))
    else:  # the paper's tint where the page is white, the print where it is not
        paper = Image.new("RGB", image.size, scanner.paper)
        image = Image.composite(image.convert("RGB"), paper, grey.point(lambda v: 255 - v))
    if scanner.angle:
        angle = rng.uniform(-scanner.angle, scanner.angle)
        fill = scanner.paper[0] if scanner.mode == "grey" else scanner.paper
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=fill)
    if scanner.copier:
        image = ImageOps.autocontrast(image, cutoff=2).filter(ImageFilter.GaussianBlur(0.6))
    if scanner.noise:
        pixels = np.asarray(image, dtype=np.float64)
        pixels = pixels + noise.normal(0, scanner.noise, pixels.shape)
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return image


def _unread(pdf: bytes, gold: dict[str, Any], context: Context) -> set[str]:
    """The gold strings the worker's extractor, with the OCR the build verifies with, does not
    find in the scan."""
    from resume_worker.adapters.local.tesseract_ocr import open_tesseract
    from resume_worker.stages.extract_text import extract_text
    from resume_worker.stages.validate_file import FileLimits, validate_file

    if "ocr" not in context.cache:
        context.cache["ocr"] = open_tesseract(languages="kor+eng", dpi=300, timeout_s=120)
    file = validate_file(pdf, extension="pdf", limits=FileLimits())
    text = extract_text(file, min_text_chars=0, ocr=context.cache["ocr"]).text
    return set(missing_from(text, gold))


def _scanned(name: str, scanner: Scanner, templates: list[Template]) -> Render:
    def render(p: Persona, context: Context) -> Rendered:
        """Layout by layout: scan as styled, in black and white, clean; when every scan lost
        the same company, position, school or skill, redraw those and try the layout again."""
        rng = rng_for(name, p.id)
        for layout in layouts(p, templates, rng):
            person, redrawn = legible(p), list[str]()
            for _ in range(REDRAWS + 1):
                source = pdf_of(layout, person, context, max_pages=2)
                if source is None:
                    break
                gold, lost = source.gold(person), []
                for attempt, style in enumerate(scanner.retries(), start=1):
                    data = scan(source.pdf, style, rng)
                    if not (unread := _unread(data, gold, context)):
                        notes = f"{name} of {source.name}, scan {attempt}"
                        if redrawn:
                            notes += "; redrawn for OCR: " + ", ".join(sorted(redrawn))
                        return _result(source, data, gold, notes)
                    lost.append(unread)
                stuck = set.intersection(*lost)
                if not stuck or stuck & personal(person):
                    break
                person, redrawn = redraw(person, stuck, rng), redrawn + sorted(stuck)
        raise RuntimeError(f"no scan of {p.id} could be read back by OCR")

    return render


def _result(source: Source, data: bytes, gold: dict[str, Any], notes: str) -> Rendered:
    """The source's Shown, and the gold of what was scanned (a redrawn company is the one
    printed); its photo and decoys are pixels of a page image now."""
    return Rendered({"pdf": data}, source.rendered.shown, notes=notes, gold=gold)


def scan_templates(sources: list[Template]) -> list[Template]:
    languages = {"scan-office": ("ko", "en"), "scan-copier": ("ko", "en"), "scan-colour": ("ko",)}
    return [
        Template(name, "scan", "recreated", languages[name], _scanned(name, scanner, sources), 3)
        for name, scanner in SCANNERS.items()
    ]
