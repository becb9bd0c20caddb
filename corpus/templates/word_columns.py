"""Word layouts that put text outside the main flow: a sidebar done with a borderless two-cell
table (contact, skills, education beside the experience), and a contact block in the page
header and footer (where a naive reader of document.xml never looks)."""

from __future__ import annotations

import io
import random

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

from corpus.photos import decoy, headshot
from corpus.records import Persona
from corpus.templates.ko_markdown_parts import companies
from corpus.templates.word_docx import (
    Container,
    icon_run,
    layout_table,
    new_document,
    page_field,
    runs,
    section_heading,
    shade,
    tabbed,
)
from corpus.templates.word_parts import (
    CITIES,
    PAGE_WIDTH_CM,
    Look,
    Sheet,
    bullets,
    degree_line,
    look_for,
)

SIDEBAR_FILLS = ("F2F2F2", "DEEAF6", "E2EFD9", "FBE4D5", "EDEDED")
# Wingdings glyphs as Word stores them when typed in the symbol font: envelope, telephone, house.
ICONS = {"email": "\uf02a", "phone": "\uf028", "address": "\uf0b6"}


def two_column(p: Persona, rng: random.Random, *, photo: bool) -> Sheet:
    """Name across the top; a shaded sidebar (photo, contact, skills, education, languages)
    beside the main column (profile, experience grouped by company); with `photo`, a headshot
    on top of the sidebar and a QR code (a decoy) under it."""
    look = look_for(rng, ("mon", "month", "slash", "dot"))
    margin = 1.5
    document = new_document(look.font, look.size, margin, look.accent)
    name = p.name.upper() if rng.random() < 0.4 else p.name
    document.add_paragraph(name, style="Title")
    runs(document, (p.headline, "b"))
    side_width = rng.choice((5.6, 6.2))
    main_width = PAGE_WIDTH_CM - 2 * margin - side_width
    sidebar, main = layout_table(document, (side_width, main_width)).rows[0].cells
    shade(sidebar, rng.choice(SIDEBAR_FILLS))
    picture = headshot(f"word-two-column-{p.id}") if photo else None
    code = decoy(f"word-two-column-{p.id}", "qr") if photo else None
    if picture:
        run = sidebar.add_paragraph().add_run()
        run.add_picture(io.BytesIO(picture.data), width=Cm(3.2))
    _sidebar(sidebar, p, look)
    if code:  # a QR code to the portfolio under the sidebar: an image that is not the photo
        section_heading(sidebar, "Portfolio", look.accent, rule=False)
        sidebar.add_paragraph().add_run().add_picture(io.BytesIO(code.data), width=Cm(2.2))
    _main(main, p, rng, look, main_width - 0.4)
    for cell in (sidebar, main):
        cell._tc.remove(cell.paragraphs[0]._p)  # the empty paragraph every new cell starts with
        for paragraph in cell.paragraphs:  # kept with the next, a heading makes LibreOffice
            paragraph.paragraph_format.keep_with_next = False  # push the whole row a page down
    return Sheet(document, name, links=p.links, photo=picture, decoys=(code,) if code else ())


def _sidebar(cell: Container, p: Persona, look: Look) -> None:
    section_heading(cell, "Contact", look.accent, rule=False)
    for line in (*p.emails, *p.phones, *p.links):
        cell.add_paragraph(line)
    section_heading(cell, "Skills", look.accent, rule=False)
    for skill in p.skills:
        cell.add_paragraph(skill, style="List Bullet")
    section_heading(cell, "Education", look.accent, rule=False)
    for school in p.education:
        runs(cell, (school.school, "b"))
        if degree_line(school):
            cell.add_paragraph(degree_line(school))
        cell.add_paragraph(look.school_dates(school))
    section_heading(cell, "Languages", look.accent, rule=False)
    for language in p.spoken:
        cell.add_paragraph(language)


def _main(cell: Container, p: Persona, rng: random.Random, look: Look, width: float) -> None:
    section_heading(cell, "Profile", look.accent)
    cell.add_paragraph(p.summary)
    if not p.careers:
        return
    section_heading(cell, "Experience", look.accent)
    for company in companies(p.careers):
        runs(cell, (company.name, "b"), (f"  |  {rng.choice(CITIES)}", ""))
        for role in company.roles:
            tabbed(cell, role.position, look.dates(role), width, italic=True)
        for line in bullets(rng):
            cell.add_paragraph(line, style="List Bullet")


def header_footer(p: Persona, rng: random.Random, *, icons: bool) -> Sheet:
    """Name and contact in the page header, links and a page number in the footer; the body
    lists jobs with year-only dates."""
    look = look_for(rng, ("mon",))
    document = new_document(look.font, look.size, 2.0, look.accent)
    width = PAGE_WIDTH_CM - 4.0
    section = document.sections[0]
    section.header_distance = section.footer_distance = Cm(0.9)
    show_address = bool(p.address) and rng.random() < 0.5
    _header(section.header, p, look, icons=icons, address=show_address)
    footer = section.footer.paragraphs[0]
    footer.paragraph_format.tab_stops.add_tab_stop(Cm(width), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("  ·  ".join(p.links) + "\t\tPage ")
    page_field(footer)
    section_heading(document, "Summary", look.accent)
    document.add_paragraph(p.summary)
    if p.careers:
        section_heading(document, "Experience", look.accent)
        for career in p.careers:
            tabbed(document, career.position, look.dates(career, year_only=True), width, bold=True)
            document.add_paragraph(career.company).runs[0].italic = True
            for line in bullets(rng):
                document.add_paragraph(line, style="List Bullet")
    section_heading(document, "Technical Skills", look.accent)
    for skill in p.skills:
        document.add_paragraph(skill, style="List Bullet")
    section_heading(document, "Education", look.accent)
    for school in p.education:
        tabbed(document, school.school, (school.end or "")[:4], width, bold=True)
        if degree_line(school):
            document.add_paragraph(degree_line(school))
    return Sheet(document, p.name, links=p.links, career_dates="year", address=show_address,
                 icon_font=icons)  # fmt: skip


def _header(header: Container, p: Persona, look: Look, *, icons: bool, address: bool) -> None:
    top = header.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name = top.add_run(p.name)
    name.bold, name.font.size = True, Pt(20)
    contact = header.add_paragraph()
    contact.alignment = WD_ALIGN_PARAGRAPH.CENTER
    items = [("email", p.emails[0]), ("phone", p.phones[0])]
    items += [("address", p.address or "")] if address else []
    for index, (kind, value) in enumerate(items):
        if index:
            contact.add_run("    ")
        if icons:
            icon_run(contact, ICONS[kind])
            contact.add_run(" ")
        contact.add_run(value)
