"""원티드's resume as printed to PDF (recreated): a plain one-column page, no photo, no birth date:
the name, e-mail and phone, 간단 소개글, then 경력 with the dates in a narrow left column
(`2019.03 - 재직 중`), 학력, 스킬, 수상 및 기타, 외국어 and 링크."""

from __future__ import annotations

import random

from corpus.gold import Shown
from corpus.records import Persona
from corpus.templates.export_pages import esc
from corpus.templates.jobboards_common import (
    Assets,
    department,
    held,
    period,
    school_period,
    split_certificates,
)

CSS = """
@page { size: A4; margin: 18mm 17mm 18mm; }
body { font-family: "NanumBarunGothic", "Noto Sans CJK KR", sans-serif; font-size: 9.5pt;
  color: #222; margin: 0; line-height: 1.55; }
.mark img { height: 16px; margin-bottom: 18px; }
h1 { font-size: 22pt; margin: 0 0 8px; }
.contact { color: #555; margin: 0 0 22px; }
.intro { white-space: pre-line; margin-bottom: 8px; }
h2 { font-size: 12pt; margin: 26px 0 6px; padding-bottom: 6px; border-bottom: 1px solid #e1e2e3;
  break-after: avoid; }
.item { display: flex; padding: 10px 0; break-inside: avoid; }
.item .when { width: 150pt; flex: none; color: #767676; white-space: nowrap; }
.item .dur { display: block; font-size: 8.5pt; color: #9a9a9a; }
.item b { font-size: 10.5pt; white-space: nowrap; }
.item p { margin: 2px 0 0; }
.item ul { margin: 4px 0 0; padding-left: 16px; }
.skills span { display: inline-block; background: #f3f5f8; border-radius: 14px; padding: 2px 10px;
  margin: 0 5px 6px 0; white-space: nowrap; }
"""


def _entry(when: str, what: str, duration: str = "") -> str:
    dur = f'<span class="dur">{duration}</span>' if duration else ""
    return f'<div class="item"><div class="when">{when}{dur}</div><div>{what}</div></div>'


def _careers(p: Persona, rng: random.Random) -> str:
    if not p.careers:
        return ""
    out = ["<h2>경력</h2>"]
    for c in p.careers:
        team = department(p, rng) if rng.random() < 0.6 else ""
        role = " · ".join(esc(x) for x in (team, c.position) if x)
        duty = f"<ul><li>{esc(c.duty)}</li></ul>" if c.duty else ""
        what = f"<b>{esc(c.company)}</b><p>{role}</p>{duty}"
        out.append(_entry(period(c, tilde=" - ", current="재직 중"), what, held(c)))
    return "".join(out)


def _education(p: Persona) -> str:
    out = ["<h2>학력</h2>"] if p.education else []
    for e in p.education:
        study = " ".join(esc(x) for x in (e.major, e.degree) if x)
        out.append(_entry(school_period(e, tilde=" - "), f"<b>{esc(e.school)}</b><p>{study}</p>"))
    return "".join(out)


def _others(p: Persona) -> str:
    licences, tests = split_certificates(p)
    out = []
    if licences:
        out.append("<h2>수상 및 기타</h2>")
        out += [_entry(esc(d), f"<b>{esc(n)}</b><p>{esc(i)}</p>") for n, d, i in licences]
    if tests:
        out.append("<h2>외국어</h2>")
        out += [_entry(esc(d), f"<b>영어</b><p>{esc(t)} {esc(s)}</p>") for t, s, d in tests]
    return "".join(out)


def sheet(p: Persona, rng: random.Random, assets: Assets) -> tuple[str, Shown]:
    """The page and what it shows: name, e-mail, phone and links; no birth date, no address."""
    parts = [
        f'<div class="mark"><img src="{assets.logo}" alt="wanted"></div>' if assets.logo else ""
    ]
    parts += [
        f"<h1>{esc(p.name)}</h1>",
        f'<p class="contact">{esc(p.emails[0])}<br>{esc(p.phones[0])}</p>',
        f'<div class="intro">{esc(p.summary)}</div>',
        _careers(p, rng),
        _education(p),
    ]
    if p.skills:
        tags = "".join(f"<span>{esc(s)}</span>" for s in p.skills)
        parts.append(f'<h2>스킬</h2><div class="skills">{tags}</div>')
    parts.append(_others(p))
    if p.links:
        parts.append("<h2>링크</h2>" + "".join(f"<p>{esc(link)}</p>" for link in p.links))
    page = (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>이력서</title>'
        f"<style>{CSS}</style></head><body>{''.join(parts)}</body></html>"
    )
    return page, Shown(name=p.name, links=p.links)
