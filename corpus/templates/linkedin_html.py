"""The page of LinkedIn's "Save to PDF" profile, as public copies of it show: a shaded sidebar
(Contact, Top Skills, Languages, Certifications) beside the main column (name, headline,
location, Summary, Experience grouped by company, Education), `Page N of M` at the foot, Arial
(Liberation Sans on Debian) and a CJK fallback, no web fonts."""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus.templates.export_pages import esc

SIDEBAR_PT = 196


@dataclass(frozen=True)
class Role:
    title: str
    dates: str  # `January 2021 - Present (1 year 11 months)`
    location: str = ""
    description: tuple[str, ...] = ()


@dataclass(frozen=True)
class Company:
    name: str
    total: str | None  # the group's duration, printed only over several roles
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class School:
    name: str
    line: str  # `B.S., Computer Science · (2010 - 2014)`


@dataclass(frozen=True)
class Profile:
    """Everything the page prints, already worded in the page's language."""

    lang: str
    headings: dict[str, str]  # contact, skills, languages, certifications, summary, ...
    page_label: tuple[str, str]  # text before the page number, between it and the count
    name: str
    headline: str
    location: str
    summary: str
    contact: tuple[tuple[str, str], ...]  # (value, suffix such as "(LinkedIn)")
    top_skills: tuple[str, ...]
    languages: tuple[str, ...]
    certifications: tuple[str, ...]
    experience: tuple[Company, ...]
    education: tuple[School, ...] = field(default_factory=tuple)


CSS = """
@page { size: 612pt 792pt; margin: 0 0 30pt 0;
  @bottom-left { content: ""; width: %(side)dpt; background: #e1e8ed; }
  @bottom-right { content: "%(before)s" counter(page) "%(between)s" counter(pages);
    font: 9pt Arial, "Liberation Sans", "Noto Sans CJK KR", sans-serif; color: #777;
    padding-right: 36pt; vertical-align: top; } }
html, body { margin: 0; padding: 0; }
body { font-family: Arial, "Liberation Sans", "Noto Sans CJK KR", "NanumGothic", sans-serif;
  color: #181818; font-size: 10.5pt; line-height: 1.32; -webkit-print-color-adjust: exact; }
.rail { position: fixed; left: 0; top: 0; bottom: 0; width: %(side)dpt; background: #e1e8ed;
  z-index: -1; }
.sheet { display: flex; align-items: flex-start; }
.side { width: %(side)dpt; box-sizing: border-box; padding: 34pt 14pt 0 17.6pt; flex: none;
  overflow-wrap: anywhere; }
.side h3 { font-size: 13pt; font-weight: normal; margin: 0 0 6pt; }
.side p { margin: 0 0 3pt; }
.side .block { margin-bottom: 17pt; }
.side .suffix { color: #6b7177; }
.main { flex: 1; padding: 34pt 36pt 6pt 23.6pt; box-decoration-break: clone;
  -webkit-box-decoration-break: clone; min-width: 0; }
.name { font-size: 26pt; font-weight: normal; margin: 0 0 5pt; line-height: 1.1; }
.headline { font-size: 12pt; margin: 0 0 3pt; }
.location { font-size: 12pt; color: #b0b0b0; margin: 0 0 20pt; }
h2 { font-size: 16pt; font-weight: normal; margin: 0 0 8pt; }
.ruled { break-after: avoid; }
.ruled::before { content: ""; display: block; width: 36pt; border-top: 1.5pt solid #c5cdd3;
  margin: 6pt 0 6pt; }
.summary { margin: 0 0 18pt; white-space: pre-line; }
.company { font-size: 12pt; font-weight: bold; margin: 12pt 0 1pt; break-after: avoid; }
.total { color: #6b7177; margin: 0 0 2pt; break-after: avoid; }
.role { margin: 4pt 0 6pt; }
.title { font-size: 11.5pt; break-after: avoid; }
.dates, .where { color: #6b7177; }
.desc { margin: 4pt 0 0; }
.school { font-size: 12pt; margin: 10pt 0 1pt; break-after: avoid; }
.degree { color: #3c3c3c; }
"""


def _sidebar(profile: Profile) -> str:
    heads = profile.headings
    contact = "".join(
        f"<p>{esc(value)}{f' <span class=suffix>{esc(suffix)}</span>' if suffix else ''}</p>"
        for value, suffix in profile.contact
    )
    blocks = [f'<div class="block"><h3>{esc(heads["contact"])}</h3>{contact}</div>']
    for key, items in (
        ("skills", profile.top_skills),
        ("languages", profile.languages),
        ("certifications", profile.certifications),
    ):
        if items:
            rows = "".join(f"<p>{esc(item)}</p>" for item in items)
            blocks.append(f'<div class="block"><h3>{esc(heads[key])}</h3>{rows}</div>')
    return f'<aside class="side">{"".join(blocks)}</aside>'


def _role(role: Role) -> str:
    parts = [
        f'<div class="title">{esc(role.title)}</div>',
        f'<div class="dates">{esc(role.dates)}</div>',
    ]
    if role.location:
        parts.append(f'<div class="where">{esc(role.location)}</div>')
    if role.description:
        parts.append(f'<p class="desc">{"<br>".join(esc(line) for line in role.description)}</p>')
    return f'<div class="role">{"".join(parts)}</div>'


def _experience(profile: Profile) -> str:
    if not profile.experience:
        return ""
    out = [f'<h2 class="ruled">{esc(profile.headings["experience"])}</h2>']
    for company in profile.experience:
        out.append(f'<div class="company">{esc(company.name)}</div>')
        if company.total:
            out.append(f'<div class="total">{esc(company.total)}</div>')
        out += [_role(role) for role in company.roles]
    return "".join(out)


def _education(profile: Profile) -> str:
    if not profile.education:
        return ""
    out = [f'<h2 class="ruled">{esc(profile.headings["education"])}</h2>']
    for school in profile.education:
        out.append(f'<div class="school">{esc(school.name)}</div>')
        out.append(f'<div class="degree">{esc(school.line)}</div>')
    return "".join(out)


def _main(profile: Profile) -> str:
    parts = [
        f'<h1 class="name">{esc(profile.name)}</h1>',
        f'<p class="headline">{esc(profile.headline)}</p>',
        f'<p class="location">{esc(profile.location)}</p>',
    ]
    if profile.summary:
        parts.append(f"<h2>{esc(profile.headings['summary'])}</h2>")
        parts.append(f'<p class="summary">{esc(profile.summary)}</p>')
    parts += [_experience(profile), _education(profile)]
    return f'<main class="main">{"".join(parts)}</main>'


def page(profile: Profile) -> str:
    """The whole HTML document for Chromium to print."""
    before, between = profile.page_label
    css = CSS % {"side": SIDEBAR_PT, "before": before, "between": between}
    return (
        f'<!doctype html><html lang="{profile.lang}"><head><meta charset="utf-8">'
        f"<title>{esc(profile.name)}</title><style>{css}</style></head><body>"
        f'<div class="rail"></div><div class="sheet">{_sidebar(profile)}{_main(profile)}</div>'
        "</body></html>"
    )
