"""Plain text and Markdown resumes (recreated): what people paste into a form or keep in a repo."""

from __future__ import annotations

from corpus.dates import (
    CURRENT_EN,
    CURRENT_KO,
    EN_MONTH_STYLES,
    KO_MONTH_STYLES,
    en_range,
    ko_range,
)
from corpus.gold import Shown
from corpus.records import Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Rendered, Template


def _english_lines(p: Persona, markdown: bool) -> list[str]:
    rng = rng_for("plain", p.id)
    style = rng.choice(EN_MONTH_STYLES)
    current = rng.choice(CURRENT_EN)
    h1, h2 = ("# ", "## ") if markdown else ("", "")
    bullet = "- " if markdown else rng.choice(("- ", "* ", "• "))
    lines = [f"{h1}{p.name}", p.headline, " | ".join([*p.emails, *p.phones, *p.links]), ""]
    lines += [f"{h2}{rng.choice(('Summary', 'Profile', 'About'))}", p.summary, ""]
    if p.careers:
        lines.append(f"{h2}{rng.choice(('Experience', 'Work Experience', 'Employment'))}")
        for c in p.careers:
            dates = en_range(c.start or "", c.end, c.is_current, style, current_word=current)
            lines += [
                f"{c.position}, {c.company}"
                if rng.random() < 0.5
                else f"{c.company} — {c.position}",
                dates,
            ]
            lines += [f"{bullet}{b}" for b in c.bullets] + [""]
    lines.append(f"{h2}Education")
    for e in p.education:
        degree = f"{e.degree} in {e.major}" if e.degree else (e.major or "")
        lines += [e.school, f"{degree}, {(e.end or '')[:4]}".strip(", "), ""]
    lines += [f"{h2}Skills", ", ".join(p.skills), ""]
    return lines  # fmt: skip


def _korean_lines(p: Persona) -> list[str]:
    rng = rng_for("plain-ko", p.id)
    style = rng.choice(KO_MONTH_STYLES)
    current = rng.choice(CURRENT_KO)
    lines = [p.name, f"연락처: {p.phones[0]}", f"이메일: {p.emails[0]}", ""]
    lines += ["[자기소개]", p.summary, ""]
    if p.careers:
        lines.append("[경력사항]")
        for c in p.careers:
            dates = ko_range(c.start or "", c.end, c.is_current, style, current_word=current)
            lines += [f"{c.company} / {c.position} ({dates})", f"- {c.duty}" if c.duty else "", ""]
    lines.append("[학력사항]")
    for e in p.education:
        lines.append(" ".join(x for x in (e.school, e.major or "", e.degree or "", e.status) if x))
    lines += ["", "[보유기술]", ", ".join(p.skills), ""]
    return lines


def _text(p: Persona, _: Context) -> Rendered:
    lines = _korean_lines(p) if p.language == "ko" else _english_lines(p, markdown=False)
    shown = Shown(name=p.name, links=p.links if p.language != "ko" else ())
    return Rendered({"txt": "\n".join(lines).encode("utf-8")}, shown)


def _markdown(p: Persona, _: Context) -> Rendered:
    lines = _english_lines(p, markdown=True)
    return Rendered({"md": "\n".join(lines).encode("utf-8")}, Shown(name=p.name, links=p.links))


TEMPLATES = [
    Template("plain-text-en", "plain", "recreated", ("en",), _text, copies=6),
    Template("plain-text-ko", "plain", "recreated", ("ko",), _text, copies=6),
    Template("markdown-en", "plain", "recreated", ("en",), _markdown, copies=6),
]
