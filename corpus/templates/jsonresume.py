"""JSON Resume themes from npm (family "jsonresume"): a persona as a resume.json, rendered by the
theme's own code in Node (corpus/node/render_theme.js), its CDN assets swapped for vendored
copies, and printed to PDF by headless Chromium, as `resume export --format pdf` users do.

What each theme prints decides the gold. Every theme here prints the name, e-mail, phone, each
job's company and position with month-precise dates (`Jun 2025 – Present`, `06/2025`, or the
resume's own `2025-06-01`), each school with its degree and major; the table says the rest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.chromium import print_pdf
from corpus.gold import Shown
from corpus.photos import Photo, headshot, recorded_in_pdf, tag_of
from corpus.records import Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Render, Rendered, Template
from corpus.templates.jsonresume_assets import avatar_placeholder, offline_html
from corpus.templates.jsonresume_node import theme_html
from corpus.templates.jsonresume_schema import Choices, legacy_keys, resume_json
from corpus.templates.jsonresume_text import (
    missing,
    printed_handles,
    printed_links,
    read_back,
    unprinted_months,
)
from corpus.text_layer import has_private_use


@dataclass(frozen=True)
class Theme:
    """One npm theme and what it prints beyond what every theme prints (module docstring)."""

    name: str  # jsonresume-theme-<name>
    version: str  # pinned in corpus/package.json
    skills: str  # "either": names or groups; "groups": only groups print well; "titled": groups
    # titled "Skills", as the theme prints no skills heading of its own
    references: bool  # prints each referee's name and whole quote (with its contacts)
    photo: str  # "": no picture; "image": basics.image/picture; "gravatar": else Gravatar's
    upper_name: bool = False  # CSS upper-cases the name, so the PDF's text has it in capitals
    print_css: str = ""  # a print fix, as a user who checked the PDF would add

    @property
    def package(self) -> str:
        return f"jsonresume-theme-{self.name}"


# Macchiato's right column hides overflow, and Chromium then drops the floated dates of every
# job past the first page: they are printed visible, as in the theme's own screenshots.
MACCHIATO_FIX = "@media print { .right-column { overflow: visible; } }"

# Every theme is MIT-licensed. What they print differently (the gold's columns are below):
# theme          a job's dates                 profiles                        icons
# even           Jun 2025 – Present            github.com/x, "x (GitHub)"      Feather (SVG)
# elegant        Jun, 2025 - Present           icons only; website URL         IcoMoon (PUA)
# stackoverflow  Jun 2025 - Current            "x · https://github.com/x"      Font Awesome 6
# kendall        June 2025 – Present           username; website URL           Font Awesome 5
# flat           2025-06-01 — (open end)       "x (https://github.com/x)"      Octicons 2
# short          Jun 2025 - Present            username; website URL           none
# paper          2025-06-01 to Present         website URL only                none
# onepage        2025-06-01 — Present          URLs                            none
# spartan        June 2025 - Present           username; website URL           Font Awesome 4
# macchiato      06/2025 - Present             username; website bare          Font Awesome 4
# actual         Jun 2025 - Present            bare links                      none
# eloquent       June 2025 — Present           "GitHub (https://...)"          inline SVG
# rocketspacer   June 2025 — Now               username; website URL           Octicons 2
# kwan           Jun 2025 - Present            URLs                            Font Awesome 4
# Why the columns are what they are: short, paper, onepage and kwan print a flat skill list as
# "REDUX", "Redux:" or "Redux ():", and macchiato makes each skill group a sidebar heading with
# no "Skills" above it; paper and onepage have no references section, and macchiato clips a long
# quote to one line; kendall's print stylesheet hides the picture (and Gravatar's fallback).
THEMES = (
    Theme("even", "0.26.1", "either", True, ""),
    Theme("elegant", "1.16.1", "either", True, "gravatar"),
    Theme("stackoverflow", "3.3.0", "either", True, "image"),
    Theme("kendall", "0.2.0", "either", True, "", upper_name=True),
    Theme("flat", "0.3.7", "either", True, ""),
    Theme("short", "0.1.7", "groups", True, ""),
    Theme("paper", "0.5.0", "groups", False, "image"),
    Theme("onepage", "0.0.3", "groups", False, ""),
    Theme("spartan", "0.3.0", "either", True, "image"),
    Theme("macchiato", "1.1.0", "titled", False, "image", print_css=MACCHIATO_FIX),
    Theme("actual", "0.2.2", "either", True, ""),
    Theme("eloquent", "5.0.0", "either", True, "image"),
    Theme("rocketspacer", "1.2.2", "either", True, "image"),
    Theme("kwan", "0.0.2", "groups", True, "gravatar"),
)


def _choices(theme: Theme, persona: Persona) -> Choices:
    rng = rng_for("jsonresume-choices", persona.id)
    return Choices(
        grouped_skills=theme.skills != "either" or rng.random() < 0.5,
        skills_title="Skills" if theme.skills == "titled" else "",
        references=theme.references and rng.random() < 0.5,
        website=rng.random() < 0.5,
    )


def _render(theme: Theme, persona: Persona, context: Context) -> Rendered:
    folder = context.work / f"jsonresume-{persona.id}"
    folder.mkdir(parents=True, exist_ok=True)
    choices = _choices(theme, persona)
    photo = _photo(theme, persona)
    image = _saved(photo, folder / "photo") if photo else ""
    avatar = avatar_placeholder()
    resume = legacy_keys(resume_json(persona, choices, image=image))
    pdf = _print(theme, resume, folder, _saved(avatar, folder / "avatar"), context)
    placeholder = avatar if theme.photo == "gravatar" and not photo else None
    records = recorded_in_pdf(pdf, [i for i in (photo, placeholder) if i])
    text = read_back(pdf)
    shown = _shown(theme, persona, choices, text)
    _check_printed(theme, persona, shown, text)
    return Rendered(
        {"pdf": pdf},
        shown,
        icon_font=has_private_use(pdf),
        photo=records[0] if photo else None,
        decoys=(tag_of(records[-1]),) if placeholder else (),
        notes=_notes(choices, photo is not None, shown),
    )


def _saved(image: Photo, stem: Path) -> str:
    path = stem.with_suffix(".jpg" if image.format == "jpeg" else ".png")
    path.write_bytes(image.data)
    return path.as_uri()


def _print(
    theme: Theme, resume: dict[str, Any], folder: Path, avatar: str, context: Context
) -> bytes:
    """The theme's page, its assets local (Gravatar's default picture: `avatar`), printed."""
    html = theme_html(theme.package, theme.version, resume, context.node_modules)
    html = offline_html(html, context.node_modules, folder, avatar)
    if theme.print_css:
        if "</head>" not in html:
            raise RuntimeError(f"{theme.package} wrote no </head> for its print fix")
        html = html.replace("</head>", f"<style>{theme.print_css}</style></head>", 1)
    page = folder / "resume.html"
    page.write_text(html, encoding="utf-8")
    pdf = print_pdf(page, chromium=context.chromium)
    if b"file:" in pdf:
        raise RuntimeError(f"{theme.package} printed a link into the scratch folder")
    return pdf


def _shown(theme: Theme, persona: Persona, choices: Choices, text: str) -> Shown:
    """What the page shows. An e-mail that wraps beside its icon (macchiato's narrow sidebar)
    comes out of the extractor cut in two around the icon's character: still planted, but not
    claimed in the gold."""
    cut = tuple(missing(text, list(persona.emails)))
    return Shown(
        name=persona.name.upper() if theme.upper_name else persona.name,
        emails=not cut,
        links=printed_links(text, persona.links),
        third_parties=choices.references,
        extra_pii=printed_handles(text, persona.handle) + cut,
    )


def _notes(choices: Choices, photo: bool, shown: Shown) -> str:
    notes = ["skills grouped" if choices.grouped_skills else "skills one per entry"]
    notes += ["references"] if choices.references else []
    notes += ["photo"] if photo else []
    notes += [] if shown.emails else ["e-mail cut by its icon in the extracted text"]
    return ", ".join(notes)


def _photo(theme: Theme, persona: Persona) -> Photo | None:
    """Half the resumes of a theme with a picture slot carry a headshot (basics.image), square
    or cut round, as people put on their JSON Resume."""
    if not theme.photo or rng_for("jsonresume-photo", persona.id).random() >= 0.5:
        return None
    return headshot(f"jsonresume-{persona.id}")


def _check_printed(theme: Theme, persona: Persona, shown: Shown, text: str) -> None:
    """What the table claims and the build does not check itself: degrees, majors, month-precise
    dates, and each referee's name and contacts."""
    wanted = [value for e in persona.education for value in (e.degree or "", e.major or "")]
    if shown.third_parties:
        wanted += [v or "" for t in persona.third_parties for v in (t.name, t.phone, t.email)]
    months = [c.start for c in persona.careers if c.start]
    months += [c.end for c in persona.careers if c.end and not c.is_current]
    problems = missing(text, wanted) + unprinted_months(text, months)
    if problems:
        raise RuntimeError(f"{theme.package} does not print {problems} for {persona.id}")


def _renderer(theme: Theme) -> Render:
    def render(persona: Persona, context: Context) -> Rendered:
        return _render(theme, persona, context)

    return render


TEMPLATES = [
    Template(
        f"jsonresume-{theme.name}",
        "jsonresume",
        f"{theme.package}@{theme.version}",
        ("en",),
        _renderer(theme),
        copies=7,
    )
    for theme in THEMES
]
