"""English Word resumes (recreated): the layouts people build in Word itself, made with
python-docx: one column with dates on a right tab, a sidebar done with a borderless table,
contact details in the page header and footer, and a classic CV with references. Odd-numbered
copies are also printed to PDF by LibreOffice, as when a candidate uses "Save as PDF"."""

from __future__ import annotations

import random
from collections.abc import Callable

from corpus.gold import Shown
from corpus.records import Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Render, Rendered, Template
from corpus.templates.word_columns import header_footer, two_column
from corpus.templates.word_docx import saved
from corpus.templates.word_layouts import classic_cv, one_column
from corpus.templates.word_office import converted, copy_number, docx_to_pdf
from corpus.templates.word_parts import Sheet

Layout = Callable[[Persona, random.Random], Sheet]


def _renderer(template_id: str, layout: Layout) -> Render:
    def render(p: Persona, context: Context) -> Rendered:
        rng = rng_for(template_id, p.id)
        sheet = layout(p, rng)
        docx = saved(sheet.document, "Resume")
        files = {"docx": docx}
        notes = f"python-docx, {template_id}"
        # A planted photo, decoy or icon glyph is exact in the DOCX only: LibreOffice re-encodes
        # images and substitutes the missing symbol font.
        if sheet.photo is None and not sheet.icon_font and converted(p.id):
            files["pdf"] = docx_to_pdf(docx, context, f"{template_id}-{p.id}")
            notes += "; LibreOffice -> PDF"
        shown = Shown(
            name=sheet.name,
            careers=bool(p.careers),
            career_dates=sheet.career_dates,
            links=sheet.links,
            address=sheet.address,
            birth=sheet.birth,
            third_parties=sheet.third_parties,
        )
        return Rendered(
            files,
            shown,
            icon_font=sheet.icon_font,
            photo=sheet.photo.record() if sheet.photo else None,
            decoys=tuple(image.tag for image in sheet.decoys),
            notes=notes,
        )

    return render


def _every_third(layout: Callable[..., Sheet], flag: str) -> Layout:
    """The layout with its optional feature (photo, icons) on for copies 0, 3, 6."""

    def chosen(p: Persona, rng: random.Random) -> Sheet:
        return layout(p, rng, **{flag: copy_number(p.id) % 3 == 0})

    return chosen


def _template(template_id: str, layout: Layout, copies: int) -> Template:
    return Template(template_id, "word", "recreated", ("en",), _renderer(template_id, layout),
                    copies=copies)  # fmt: skip


TEMPLATES = [
    _template("word-one-column", one_column, 8),
    _template("word-two-column-table", _every_third(two_column, "photo"), 7),
    _template("word-header-footer", _every_third(header_footer, "icons"), 7),
    _template("word-classic-cv", classic_cv, 6),
]
