"""Single-flow Word layouts: the one-column resume (dates flush right on a tab stop) and the
classic CV (personal-details table, dates in a left column, references)."""

from __future__ import annotations

import random

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from corpus.korean import english_birth_forms
from corpus.records import Persona
from corpus.templates.word_docx import (
    Container,
    layout_table,
    new_document,
    runs,
    section_heading,
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
    printed_name,
)

DATE_COLUMN_CM = 4.2


def one_column(p: Persona, rng: random.Random) -> Sheet:
    """Name, a contact line, then Summary, Experience, Education, Skills, Certifications."""
    look = look_for(rng, ("mon", "month", "slash", "mon"))
    margin = rng.choice((1.8, 2.0, 2.54))
    width = PAGE_WIDTH_CM - 2 * margin
    document = new_document(look.font, look.size, margin, look.accent)
    name = printed_name(p, rng, 0.35)
    title = document.add_paragraph(name, style="Title")
    centered = rng.random() < 0.5
    if centered:
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = [p.headline, rng.choice((" | ", " • ", "  ·  ")).join([*p.emails, *p.phones, *p.links])]
    for line in lines:
        paragraph = document.add_paragraph(line)
        if centered:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = rng.choice(("Professional Summary", "Summary", "Profile"))
    section_heading(document, heading.upper(), look.accent)
    document.add_paragraph(p.summary)
    if p.careers:
        heading = rng.choice(("Experience", "Professional Experience", "Work History"))
        section_heading(document, heading.upper(), look.accent)
        _jobs(document, p, rng, look, width)
    section_heading(document, "EDUCATION", look.accent)
    for school in p.education:
        tabbed(document, school.school, look.school_dates(school), width, bold=True)
        if degree_line(school):
            document.add_paragraph(degree_line(school))
    section_heading(
        document, rng.choice(("SKILLS", "TECHNICAL SKILLS", "CORE SKILLS")), look.accent
    )
    _skills(document, p, rng)
    if p.certificates:
        section_heading(document, "CERTIFICATIONS", look.accent)
        for certificate, when in p.certificates:
            document.add_paragraph(f"{certificate} ({when[:4]})", style="List Bullet")
    return Sheet(document, name, links=p.links)


def _jobs(where: Container, p: Persona, rng: random.Random, look: Look, width: float) -> None:
    company_first = rng.random() < 0.5
    places = {c.company: rng.choice(CITIES) for c in p.careers}
    for career in p.careers:
        first, second = (career.company, career.position)
        if not company_first:
            first, second = second, first
        tabbed(where, first, look.dates(career), width, bold=True)
        runs(where, (second, "i"), (f", {places[career.company]}", ""))
        for line in bullets(rng):
            where.add_paragraph(line, style="List Bullet")


def _skills(document: Container, p: Persona, rng: random.Random) -> None:
    """A comma line, or a three-column grid of skills (a small borderless table)."""
    if rng.random() < 0.5 or len(p.skills) < 4:
        document.add_paragraph(", ".join(p.skills))
        return
    columns = 3
    table = layout_table(document, (5.5, 5.5, 5.5))
    for start in range(0, len(p.skills), columns):
        cells = table.rows[-1].cells if start == 0 else table.add_row().cells
        for cell, skill in zip(cells, p.skills[start : start + columns], strict=False):
            cell.paragraphs[0].text = f"• {skill}"


def classic_cv(p: Persona, rng: random.Random) -> Sheet:
    """`Curriculum Vitae`, a personal-details table (birth date, address), dates in a left
    column, then Skills, Languages and References naming the referees."""
    look = look_for(rng, ("slash", "dot", "iso", "mon"))
    document = new_document(look.font, look.size, 2.2, look.accent)
    title = document.add_paragraph("Curriculum Vitae", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    birth = rng.choice(english_birth_forms(p.birth)) if p.birth and rng.random() < 0.6 else None
    section_heading(document, "Personal Details", look.accent)
    details = [("Name", p.name), ("Date of birth", birth), ("Address", p.address),
               ("Phone", p.phones[0]), ("E-mail", p.emails[0]),
               ("Web", ", ".join(p.links))]  # fmt: skip
    table = layout_table(document, (DATE_COLUMN_CM, 17.2 - DATE_COLUMN_CM))
    for index, (label, value) in enumerate(row for row in details if row[1]):
        cells = table.rows[0].cells if index == 0 else table.add_row().cells
        cells[0].paragraphs[0].text, cells[1].paragraphs[0].text = f"{label}:", str(value)
    if p.careers:
        section_heading(document, "Employment History", look.accent)
        for career in p.careers:
            line = _left_dated(document, look.dates(career))
            line.add_run(career.position).bold = True
            line.add_run(f", {career.company}")
            for text in bullets(rng)[:2]:
                _left_dated(document, "").add_run(text)
    section_heading(document, "Education", look.accent)
    for school in p.education:
        _left_dated(document, look.school_dates(school)).add_run(school.school).bold = True
        _left_dated(document, "").add_run(degree_line(school))
    for heading, text in (("Skills", ", ".join(p.skills)), ("Languages", ", ".join(p.spoken))):
        section_heading(document, heading, look.accent)
        _left_dated(document, "").add_run(text)
    section_heading(document, "References", look.accent)
    for person in p.third_parties:
        _left_dated(document, "").add_run(person.name).bold = True
        _left_dated(document, "").add_run(f"{person.relation}, {person.company}")
        _left_dated(document, "").add_run(f"{person.phone} · {person.email}")
    return Sheet(document, p.name, links=p.links, address=bool(p.address), birth=birth,
                 third_parties=True)  # fmt: skip


def _left_dated(where: Container, dates: str) -> Paragraph:
    """`dates<TAB>text` with the text starting at a left tab: the CV's date column."""
    paragraph: Paragraph = where.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(DATE_COLUMN_CM), WD_TAB_ALIGNMENT.LEFT)
    paragraph.paragraph_format.left_indent = Cm(DATE_COLUMN_CM)
    paragraph.paragraph_format.first_line_indent = Cm(-DATE_COLUMN_CM)
    paragraph.add_run(f"{dates}\t")
    return paragraph
