"""LinkedIn's "Save to PDF" profile (recreated): the export recruiters receive most from
candidates and sourcing tools, in the English and the Korean interface.

Its quirks are the point: roles at one company grouped under the company with the group's
duration, every role's duration counted with both its first and last month, year-only education,
contact details in a sidebar, and only three "Top Skills" (so the gold lists those three).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from itertools import groupby

from corpus.careers import EN_BULLETS
from corpus.dates import MONTHS
from corpus.gold import Shown, gold_file
from corpus.records import Career, Education, Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Render, Rendered, Template
from corpus.templates.export_pages import (
    en_tenure,
    ko_tenure,
    months_held,
    months_spanned,
    print_page,
)
from corpus.templates.linkedin_html import Company, Profile, Role, School, page

TOP_SKILLS = 3  # LinkedIn prints its three top skills, never the whole list


@dataclass(frozen=True)
class Interface:
    """The words of one interface language."""

    lang: str
    headings: dict[str, str]
    page_label: tuple[str, str]
    present: str
    mobile: str
    portfolio: str
    proficiency: tuple[str, ...]  # native first, then the levels a second language gets
    country: str
    cities: dict[str, str]  # the address's first word -> the city as the profile names it


EN = Interface(
    lang="en",
    headings={"contact": "Contact", "skills": "Top Skills", "languages": "Languages",
              "certifications": "Certifications", "summary": "Summary",
              "experience": "Experience", "education": "Education"},
    page_label=("Page ", " of "),
    present="Present",
    mobile="(Mobile)",
    portfolio="(Portfolio)",
    proficiency=("Native or Bilingual", "Professional Working", "Limited Working",
                 "Full Professional", "Elementary"),
    country="United States",
    cities={"Springfield": "Springfield, Illinois", "Riverton": "Riverton, Wyoming",
            "Fairview": "Fairview, Oregon"},
)  # fmt: skip
KO = Interface(
    lang="ko",
    headings={"contact": "연락처", "skills": "주요 기술", "languages": "언어",
              "certifications": "자격증", "summary": "요약", "experience": "경력",
              "education": "학력"},
    page_label=("페이지 ", " / "),
    present="현재",
    mobile="(휴대폰)",
    portfolio="(포트폴리오)",
    proficiency=("원어민 또는 이중 언어 능력", "전문가 수준 업무 능력", "제한적 업무 능력",
                 "완전한 업무 능력", "초급"),
    country="대한민국",
    cities={"서울특별시": "서울", "경기도": "경기", "부산광역시": "부산", "대전광역시": "대전"},
)  # fmt: skip


def _month(value: str, ui: Interface) -> str:
    year, month = int(value[:4]), int(value[5:7])
    return f"{year}년 {month}월" if ui.lang == "ko" else f"{MONTHS[month - 1]} {year}"


def _tenure(months: int, ui: Interface) -> str:
    return ko_tenure(months) if ui.lang == "ko" else en_tenure(months)


def _dates(career: Career, ui: Interface) -> str:
    """`January 2021 - Present (1 year 11 months)` / `2021년 1월 - 현재 (1년 11개월)`."""
    start = _month(career.start or "", ui)
    end = ui.present if career.is_current else _month(career.end or career.start or "", ui)
    return f"{start} - {end} ({_tenure(months_held(career), ui)})"


def _location(persona: Persona, ui: Interface) -> str:
    """The city of the persona's address, the way the profile's location line names it."""
    address = persona.address or ""
    if ui.lang == "ko":
        city = ui.cities.get(address.split(" ")[0], "서울")
        return f"{ui.country} {city}"
    if any("가" <= ch <= "힣" for ch in address):
        return "Seoul, South Korea"
    town = address.split(", ")[1] if address.count(", ") >= 2 else "Springfield"
    return f"{ui.cities.get(town, town)}, {ui.country}"


def _description(rng: random.Random, career: Career, ui: Interface) -> tuple[str, ...]:
    if career.duty and (ui.lang == "ko" or rng.random() < 0.3):
        return (career.duty,)
    lines = rng.sample(EN_BULLETS, rng.randint(0, 2))
    return tuple(
        line.format(n=rng.randint(12, 60), k=rng.randint(2, 9), m=rng.randint(3, 14))
        for line in lines
    )


def _experience(rng: random.Random, p: Persona, ui: Interface) -> tuple[Company, ...]:
    """Adjacent roles at one company become one group, as the profile shows a promotion."""
    where = _location(p, ui)
    groups = []
    for name, block in groupby(p.careers, key=lambda c: c.company):
        careers = list(block)
        roles = tuple(
            Role(
                c.position,
                _dates(c, ui),
                where if rng.random() < 0.6 else "",
                _description(rng, c, ui),
            )
            for c in careers
        )
        total = _tenure(months_spanned(careers), ui) if len(careers) > 1 else None
        groups.append(Company(name, total, roles))
    return tuple(groups)


def _school_line(school: Education, ui: Interface, months: bool) -> str:
    """`B.S., Computer Science · (2010 - 2014)`; some members enter months as well."""
    what = ", ".join(x for x in (school.degree, school.major) if x)
    if school.start and school.end:
        span = (
            f"{_month(school.start, ui)} - {_month(school.end, ui)}"
            if months
            else f"{school.start[:4]} - {school.end[:4]}"
        )
        what = f"{what} · ({span})" if what else f"· ({span})"
    return what


def _headline(rng: random.Random, p: Persona, ui: Interface) -> str:
    if not p.careers:
        return p.headline
    now = p.careers[0]
    options = [now.position, f"{now.position} at {now.company}", f"{now.position} | {now.company}"]
    if ui.lang == "ko":
        options += [f"{now.company} {now.position}", f"{now.position} @ {now.company}"]
    if len(p.skills) >= 2:
        options.append(f"{now.position} · {p.skills[0]} · {p.skills[1]}")
    return rng.choice(options)


def _profile_url(rng: random.Random, p: Persona) -> str:
    """The member's own vanity URL when the persona has one, else the generated kind."""
    for link in p.links:
        if "linkedin.com/in/" in link:
            return f"www.{link}" if not link.startswith("www.") else link
    roman = (p.name_roman or p.name).lower().replace(" ", "-")
    slug = "".join(ch for ch in roman if ch.isascii() and (ch.isalnum() or ch == "-"))
    return f"www.linkedin.com/in/{slug}-{rng.getrandbits(36):09x}"


def _contact(
    rng: random.Random, p: Persona, ui: Interface
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The sidebar's contact rows, and the links among them as printed."""
    rows: list[tuple[str, str]] = [(p.emails[0], "")]
    if rng.random() < 0.5:
        rows.append((p.phones[0], ui.mobile))
    url = _profile_url(rng, p)
    rows.append((url, "(LinkedIn)"))
    links = [url]
    github = [link for link in p.links if link.startswith("github.com/")]
    if github and rng.random() < 0.4:
        rows.append((github[0], ui.portfolio))
        links.append(github[0])
    return tuple(rows), tuple(links)


def _languages(rng: random.Random, p: Persona, ui: Interface) -> tuple[str, ...]:
    if not p.spoken or rng.random() < 0.2:
        return ()
    native, *others = p.spoken
    levels = [rng.choice(ui.proficiency[1:]) for _ in others]
    return (
        f"{native} ({ui.proficiency[0]})",
        *(f"{o} ({lv})" for o, lv in zip(others, levels, strict=True)),
    )


def _name(rng: random.Random, p: Persona, ui: Interface) -> tuple[str, tuple[str, ...]]:
    """The name line; some Korean members add their romanised name in brackets."""
    if ui.lang == "ko" and p.name_roman and rng.random() < 0.25:
        return f"{p.name} ({p.name_roman})", (p.name_roman,)
    return p.name, ()


def _render_with(ui: Interface) -> Render:
    def render(p: Persona, context: Context) -> Rendered:
        rng = rng_for("linkedin", ui.lang, p.id)
        contact, links = _contact(rng, p, ui)
        name_line, name_forms = _name(rng, p, ui)
        with_months = rng.random() < 0.25
        profile = Profile(
            lang=ui.lang,
            headings=ui.headings,
            page_label=ui.page_label,
            name=name_line,
            headline=_headline(rng, p, ui),
            location=_location(p, ui),
            summary=p.summary,
            contact=contact,
            top_skills=p.skills[:TOP_SKILLS],
            languages=_languages(rng, p, ui),
            certifications=tuple(name for name, _ in p.certificates),
            experience=_experience(rng, p, ui),
            education=tuple(
                School(e.school, _school_line(e, ui, with_months)) for e in p.education
            ),
        )
        pdf = print_page(page(profile), context, f"linkedin-{p.id}", {})
        shown = Shown(
            name=p.name,
            phones=any(suffix == ui.mobile for _, suffix in contact),
            links=links,
            name_forms=name_forms,
        )
        top = replace(p, skills=p.skills[:TOP_SKILLS])
        return Rendered({"pdf": pdf}, shown, gold=gold_file(top, shown, p.language))

    return render


TEMPLATES = [
    Template("linkedin-profile", "linkedin", "recreated", ("en",), _render_with(EN), copies=8),
    Template(
        "linkedin-profile-ko", "linkedin", "recreated", ("ko", "mixed"), _render_with(KO), copies=8
    ),
]
