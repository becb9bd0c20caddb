"""Rendering a hard case's people through other families' templates: the composites join their
PDFs and the scans photograph them, so both look like the layouts the corpus already has."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium

from corpus.gold import gold_file
from corpus.personas import make_persona
from corpus.records import Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Rendered, Template
from corpus.templates.hardcases_doc import Doc, render
from corpus.templates.hardcases_resume import resume_blocks

HARD_FAMILIES = frozenset({"composite", "nearmiss", "nonresume", "scan"})
TRIES = 4  # templates tried before falling back to the hard cases' own layout


@dataclass(frozen=True)
class Source:
    """One person's resume as a PDF, from another family's template or (`template` None) from
    the hard cases' own layout."""

    template: Template | None
    rendered: Rendered
    pdf: bytes
    pages: int

    @property
    def name(self) -> str:
        return self.template.id if self.template else "hardcases-own"

    def gold(self, persona: Persona) -> dict[str, Any]:
        return self.rendered.gold or gold_file(persona, self.rendered.shown, persona.language)


def resume_sources(templates: list[Template]) -> list[Template]:
    """The resume templates of the other families, in their registry order."""
    return [t for t in templates if t.kind == "resume" and t.family not in HARD_FAMILIES]


def second_persona(p: Persona, language: str) -> Persona:
    """Another person of the same split for a composite, seeded by the first one's id (which
    still ends in a copy number, as templates that alternate by copy expect)."""
    return make_persona(f"{p.id}-1", p.split, language)


def layouts(p: Persona, templates: list[Template], rng: random.Random) -> list[Template | None]:
    """Templates of the persona's language and field in a seeded order, the first few of them,
    then the hard cases' own layout (None)."""
    fitting = [
        t for t in templates
        if p.language in t.languages and t.field_of_work in ("", p.field)
    ]  # fmt: skip
    rng.shuffle(fitting)
    return [*fitting[:TRIES], None]


def pdf_of(
    layout: Template | None, p: Persona, context: Context, max_pages: int = 9
) -> Source | None:
    """The persona's resume through `layout` as a PDF, or None when that layout prints no PDF
    or a longer one."""
    if layout is None:
        blocks, shown = resume_blocks(p, rng_for("hardcases-own", p.id))
        data, _ = render(Doc(tuple(blocks), p.language), "pdf", context, f"{p.id}-own")
        return Source(None, Rendered({"pdf": data}, shown), data, page_count(data))
    rendered = layout.render(p, context)
    pdf = rendered.files.get("pdf")
    if not pdf or (pages := page_count(pdf)) > max_pages:
        return None
    return Source(layout, rendered, pdf, pages)


def pdf_sources(
    p: Persona, templates: list[Template], context: Context, rng: random.Random, max_pages: int = 9
) -> Iterator[Source]:
    """The persona's resume as PDFs, one per layout (layouts()); a generator, so a caller
    stops rendering once it has what it needs."""
    for layout in layouts(p, templates, rng):
        source = pdf_of(layout, p, context, max_pages)
        if source:
            yield source


def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()
