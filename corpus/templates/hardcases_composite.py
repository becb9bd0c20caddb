"""Composites: two people's resumes in one file, the gold MULTI_IDENTITY. PDFs printed by other
families' templates joined page after page (pypdfium2's import_pages), and the hard cases' own
layout with the second resume starting mid-page or after a page break, as PDF and DOCX, in one
language or two. Both people's personal data is planted (the second's among `others`)."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import pypdfium2 as pdfium

from corpus.gold import Shown, error_gold
from corpus.photos import id_photo, stored_images
from corpus.records import Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Render, Rendered, Template
from corpus.templates.hardcases_doc import Doc, PageBreak, Rule, rendered
from corpus.templates.hardcases_resume import pii_of, resume_blocks
from corpus.templates.hardcases_sources import pdf_sources, second_persona


def _other_language(p: Persona, mixed: bool) -> str:
    if not mixed:
        return p.language
    return "en" if p.language != "en" else "ko"


def _gold_language(first: Persona, second: Persona) -> str:
    return first.language if first.language == second.language else "mixed"


def _with_second(shown: Shown, second: Persona, second_shown: Shown) -> Shown:
    """The first person's Shown, with everything the second person's share printed added to
    the planted `others` (names, contacts, birth date, their own third parties)."""
    return replace(shown, extra_pii=(*shown.extra_pii, *pii_of(second, second_shown)))


def _pages(templates: list[Template], mixed: bool) -> Render:
    def render(p: Persona, context: Context) -> Rendered:
        """Two PDFs from other templates, the second person's pages after the first's."""
        rng = rng_for("composite-pages", p.id)
        second = second_persona(p, _other_language(p, mixed))
        first_pdf = next(pdf_sources(p, templates, context, rng, max_pages=3))
        second_pdf = next(pdf_sources(second, templates, context, rng, max_pages=3))
        joined = _join(first_pdf.pdf, second_pdf.pdf)
        held = {s.sha256 for s in stored_images(joined)}
        photo, other = first_pdf.rendered.photo, second_pdf.rendered.photo
        decoys = (*first_pdf.rendered.decoys, *second_pdf.rendered.decoys)
        if any(r["sha256"] not in held for r in (photo, other) if r):
            raise ValueError("joining the PDFs changed an image's stored bytes")
        notes = f"{first_pdf.name} ({p.name}) then {second_pdf.name} ({second.name})"
        if other:
            notes += f"; the other person's photo: {other['kind']}:{other['sha256']}"
        return Rendered(
            {"pdf": joined},
            _with_second(first_pdf.rendered.shown, second, second_pdf.rendered.shown),
            icon_font=first_pdf.rendered.icon_font or second_pdf.rendered.icon_font,
            photo=photo,
            decoys=decoys,
            notes=notes,
            gold=error_gold("MULTI_IDENTITY", _gold_language(p, second)),
        )

    return render


def _join(first: bytes, second: bytes) -> bytes:
    joined = pdfium.PdfDocument.new()
    try:
        for part in (first, second):
            document = pdfium.PdfDocument(part)
            joined.import_pages(document)
            document.close()
        out = io.BytesIO()
        joined.save(out)
        return out.getvalue()
    finally:
        joined.close()


def _flow(extension: str, page_break: bool) -> Render:
    def render(p: Persona, context: Context) -> Rendered:
        """Both resumes in one document of the hard cases' own layout: the second starts right
        under the first (mid-page, after a rule or not) or after a page break."""
        rng = rng_for("composite-flow", extension, page_break, p.id)
        second = second_persona(p, _other_language(p, rng.random() < 0.4))
        photos = rng.random() < 0.6 and p.language != "en"  # the first face is the first person's
        blocks: list[Any] = []
        shown: list[Shown] = []
        for person in (p, second):
            photo = id_photo(person.id) if photos and person.language != "en" else None
            person_blocks, person_shown = resume_blocks(person, rng, photo)
            if blocks:
                blocks.append(PageBreak() if page_break else Rule())
            blocks += person_blocks
            shown.append(person_shown)
        doc = Doc(tuple(blocks), _gold_language(p, second), serif=rng.random() < 0.3)
        gold = error_gold("MULTI_IDENTITY", _gold_language(p, second))
        notes = f"{p.name} then {second.name}, {'page break' if page_break else 'mid-page'}"
        combined = _with_second(shown[0], second, shown[1])
        return rendered(doc, extension, context, p.id, combined, gold=gold, notes=notes)

    return render


def composite_templates(sources: list[Template]) -> list[Template]:
    def template(name: str, languages: tuple[str, ...], render: Render, copies: int) -> Template:
        return Template(f"composite-{name}", "composite", "recreated", languages, render, copies,
                        "composite")  # fmt: skip

    return [
        template("pages-same", ("ko", "en"), _pages(sources, mixed=False), 5),
        template("pages-mixed", ("ko", "en"), _pages(sources, mixed=True), 4),
        template("flow-pdf", ("ko", "en", "mixed"), _flow("pdf", page_break=False), 4),
        template("flow-docx", ("ko", "en", "mixed"), _flow("docx", page_break=False), 4),
        template("break-docx", ("ko", "en", "mixed"), _flow("docx", page_break=True), 4),
    ]
