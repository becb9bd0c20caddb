"""What a LaTeX CV of a persona says, whatever class typesets it: the seeded choices of one copy
(date precision, how degrees read, which extras it prints) as TeX-ready strings, and the `Shown`
that follows from them, so the gold states exactly what the page prints."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from corpus.careers import EN_BULLETS
from corpus.dates import CURRENT_EN, EN_MONTH_STYLES, en_range
from corpus.gold import Shown
from corpus.korean import english_birth_forms
from corpus.photos import Photo, recorded_in_pdf
from corpus.records import Career, Education, Persona
from corpus.seeds import rng_for
from corpus.templates.latex_tex import escape, keep

DEGREE_FORMS = ("in", "comma", "in", "major-only", "degree-only")
SKILL_LABELS = ("Technical", "Tools", "Platforms", "Core", "Stack")
LEVELS = ("Native", "Fluent", "Professional working proficiency", "Intermediate", "Basic")


@dataclass(frozen=True)
class Plan:
    """The choices one copy makes; every one comes from the persona's seeded stream."""

    rng: random.Random
    date_style: str  # one of EN_MONTH_STYLES, or "year"
    current_word: str
    degree_form: str  # DEGREE_FORMS
    birth: str | None  # the birth date as printed
    address: bool
    photo: bool
    referees: bool
    projects: bool
    certificates: bool
    spoken: bool
    handles: bool  # social handles (github, linkedin) printed bare, beside the links

    @property
    def year_only(self) -> bool:
        return self.date_style == "year"


def make_plan(
    p: Persona, template_id: str, *, photo_share: float = 0.3, address_share: float = 0.4
) -> Plan:
    rng = rng_for("latex", template_id, p.id)
    return Plan(
        rng=rng,
        date_style=rng.choice((*EN_MONTH_STYLES, "year", "year")),
        current_word=rng.choice(CURRENT_EN),
        degree_form=rng.choice(DEGREE_FORMS),
        birth=rng.choice(english_birth_forms(p.birth)) if p.birth and rng.random() < 0.3 else None,
        address=rng.random() < address_share,
        photo=rng.random() < photo_share,
        referees=bool(p.third_parties) and rng.random() < 0.3,
        projects=bool(p.projects) and rng.random() < 0.6,
        certificates=bool(p.certificates) and rng.random() < 0.7,
        spoken=rng.random() < 0.6,
        handles=rng.random() < 0.5,
    )


def shown(
    p: Persona, plan: Plan, *, links: tuple[str, ...], handles: bool, name: str | None = None
) -> Shown:
    """What the copy prints of `p` (`links` as printed; bare social handles are personal
    strings too)."""
    has_degree = any(e.degree for e in p.education)
    extra = (p.handle,) if handles and p.handle else ()
    return Shown(
        name=name or p.name,
        birth=plan.birth,
        career_dates="year" if plan.year_only else "month",
        degrees=plan.degree_form != "major-only" or not has_degree,
        majors=plan.degree_form != "degree-only",
        address=plan.address,
        links=links,
        third_parties=plan.referees,
        extra_pii=extra,
    )


def photo_record(pdf: bytes, photo: Photo | None) -> dict[str, Any] | None:
    """The manifest's record of the planted photo, as the PDF stores it (TeX copies a JPEG as it
    is); raises when the class dropped it."""
    return recorded_in_pdf(pdf, [photo])[0] if photo else None


def dates(career: Career, plan: Plan, *, dash: str = " -- ") -> str:
    """The career's dates as the copy prints them (TeX source: `--` is the en dash)."""
    if not career.start:
        return ""
    return en_range(
        career.start,
        career.end,
        career.is_current,
        "mon" if plan.year_only else plan.date_style,
        year_only=plan.year_only,
        current_word=plan.current_word,
        dash=dash,
    )


def school_years(school: Education, *, dash: str = " -- ") -> str:
    if not school.start or not school.end:
        return (school.end or "")[:4]
    return f"{school.start[:4]}{dash}{school.end[:4]}"


def degree_line(school: Education, plan: Plan) -> str:
    """`B.S. in Computer Science`, `Master of Science, Statistics`, `Computer Science` or `MBA`."""
    degree, major = school.degree or "", school.major or ""
    form = plan.degree_form
    if form == "major-only" or not degree:
        return "" if form == "degree-only" else keep(major)
    if form == "degree-only" or not major:
        return keep(degree)
    joiner = " in " if form == "in" else ", "
    return f"{keep(degree)}{joiner}{keep(major)}"


def bullets(career: Career, plan: Plan) -> list[str]:
    """One to three achievements (escaped: they carry `%`)."""
    rng = rng_for("latex-bullets", plan.rng.random(), career.company, career.position)
    chosen = rng.sample(EN_BULLETS, rng.randint(1, 3))
    values = {"n": rng.randint(10, 60), "k": rng.randint(2, 9), "m": rng.randint(3, 12)}
    return [escape(b.format(**values)) for b in chosen]


def skill_rows(p: Persona, plan: Plan) -> list[tuple[str, list[str]]]:
    """The skills in one to three labelled rows (every skill once, in the persona's order)."""
    skills = [keep(s) for s in p.skills]
    rows = plan.rng.choice((1, 2, 2, 3)) if len(skills) >= 4 else 1
    labels = plan.rng.sample(SKILL_LABELS, rows)
    cuts = [i * len(skills) // rows for i in range(rows + 1)]
    return [(labels[i], skills[cuts[i] : cuts[i + 1]]) for i in range(rows)]


def spoken(p: Persona, plan: Plan) -> list[tuple[str, str]]:
    """Spoken languages with a level: printed near skills, never skills themselves."""
    return [(escape(lang), LEVELS[min(i, len(LEVELS) - 1)]) for i, lang in enumerate(p.spoken)]


def referee_lines(p: Persona) -> list[tuple[str, str]]:
    """(name, details) of each referee: another person's name, phone and e-mail."""
    rows = []
    for person in p.third_parties:
        details = ", ".join(x for x in (person.relation, person.company) if x)
        contact = " \\textperiodcentered{} ".join(
            keep(x) for x in (person.phone, person.email) if x
        )
        rows.append((keep(person.name), f"{escape(details)}\\newline {contact}"))
    return rows


Entry = tuple[str, str]  # (label in the left column, text)
Section = tuple[str, list[Entry]]


def sections(p: Persona, plan: Plan) -> list[Section]:
    """The CV as titled lists of labelled entries, the shape curve, simplecv and currvita share
    (each writes an entry its own way: `\\entry*[label]`, `\\item[label]`)."""
    rng = plan.rng
    out: list[Section] = []
    if p.careers:
        title = rng.choice(("Employment", "Experience", "Professional Experience", "Work History"))
        out.append((title, [_career_entry(c, plan) for c in p.careers]))
    schools = [(school_years(e, dash="--"), _school_text(e, plan)) for e in p.education]
    out.append(("Education", schools))
    rows = [(label, ", ".join(row)) for label, row in skill_rows(p, plan)]
    out.append((rng.choice(("Skills", "Technical Skills", "Computer Skills")), rows))
    if plan.spoken:
        out.append(("Languages", spoken(p, plan)))
    if plan.certificates:
        out.append(("Certificates", [(when[:4], escape(name)) for name, when in p.certificates]))
    if plan.referees:
        out.append(("References", referee_lines(p)))
    return out


def _career_entry(career: Career, plan: Plan) -> Entry:
    position, company = f"\\textbf{{{keep(career.position)}}}", keep(career.company)
    shape = plan.rng.choice(("comma", "at", "company-first"))
    if shape == "company-first":
        head = f"\\textbf{{{company}}}\\newline {keep(career.position)}"
    else:
        head = f"{position}{', ' if shape == 'comma' else ' at '}{company}"
    lines = "".join(f"\\newline \\textendash{{}} {b}" for b in bullets(career, plan))
    return dates(career, plan, dash="--"), head + lines


def _school_text(school: Education, plan: Plan) -> str:
    degree = degree_line(school, plan)
    return f"{degree}, \\emph{{{keep(school.school)}}}" if degree else keep(school.school)
