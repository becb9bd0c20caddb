"""사람인's resume as printed to PDF (recreated): title, a profile box with the photo, the
summary row (학력 · 경력 총 N년 M개월 · 희망연봉 · 희망근무지), then 학력, 경력 with
`2019.03 ~ 2021.02 (2년)`, 스킬, 자격/어학, 취업우대사항, 희망근무조건, 자기소개서 and the
signed statement."""

from __future__ import annotations

import random

from corpus.gold import Shown
from corpus.records import Persona
from corpus.templates.export_pages import esc
from corpus.templates.jobboards_common import (
    JOB_KINDS,
    Assets,
    age,
    cover_letter,
    department,
    final_school,
    gender,
    held,
    military,
    period,
    place,
    resume_title,
    salary,
    school_kind,
    school_period,
    split_certificates,
    status,
    total,
)

CSS = """
@page { size: A4; margin: 16mm 14mm 16mm; }
body { font-family: "NanumGothic", "Noto Sans CJK KR", sans-serif; font-size: 9.5pt;
  color: #222; margin: 0; -webkit-print-color-adjust: exact; }
.top { display: flex; align-items: center; border-bottom: 2px solid #4876ef; padding-bottom: 6px; }
.top img { height: 20px; }
.top .doc { margin-left: auto; color: #888; font-size: 8.5pt; }
h1 { font-size: 17pt; margin: 14px 0 12px; font-weight: bold; }
.profile { display: flex; gap: 16px; border: 1px solid #d7dce5; padding: 14px; }
.photo { width: 90pt; height: 120pt; flex: none; background: #f1f3f7; border: 1px solid #e1e4ea; }
.photo img { width: 90pt; height: 120pt; display: block; }
.photo.filled { background: none; border: 0; }
.who { flex: 1; }
.name { font-size: 16pt; font-weight: bold; margin-bottom: 10px; }
.name span { font-size: 9.5pt; font-weight: normal; color: #666; margin-left: 8px; }
table { border-collapse: collapse; width: 100%; }
.contact th { text-align: left; color: #888; font-weight: normal; width: 52pt; padding: 3px 0; }
.contact td { padding: 3px 8px 3px 0; }
.summary { margin: 12px 0 4px; border: 1px solid #d7dce5; }
.summary th { background: #f6f8fb; color: #666; font-weight: normal; padding: 6px; }
.summary td { text-align: center; padding: 8px 4px; font-weight: bold;
  border-left: 1px solid #eef0f4; }
h2 { font-size: 12pt; margin: 20px 0 6px; padding-bottom: 5px; border-bottom: 1px solid #222;
  break-after: avoid; }
h2 small { font-size: 9.5pt; color: #4876ef; margin-left: 6px; }
.list th { background: #f6f8fb; color: #666; font-weight: normal; padding: 5px;
  border-bottom: 1px solid #e1e4ea; }
.list td { padding: 6px 5px; border-bottom: 1px solid #eef0f4; text-align: center; }
.nw { white-space: nowrap; }
.career { display: flex; padding: 9px 0; border-bottom: 1px solid #eef0f4; break-inside: avoid; }
.career .when { width: 170pt; flex: none; color: #555; white-space: nowrap; }
.career .company { font-weight: bold; font-size: 10.5pt; white-space: nowrap; }
.career p { margin: 3px 0 0; }
.tags span { display: inline-block; border: 1px solid #cfd6e4; border-radius: 10px;
  padding: 2px 9px; margin: 0 4px 5px 0; white-space: nowrap; }
.letter h3 { font-size: 10pt; margin: 10px 0 4px; }
.letter p { margin: 0; line-height: 1.6; }
.sign { margin-top: 26px; text-align: center; color: #444; line-height: 1.8; }
"""


def _profile(p: Persona, assets: Assets) -> str:
    photo = f'<img src="{assets.photo}" alt="">' if assets.photo else ""
    box = "photo filled" if assets.photo else "photo"
    birth = f"{gender(p)}, {p.birth.year}년 (만 {age(p)}세)" if p.birth else gender(p)
    return (
        f'<div class="profile"><div class="{box}">{photo}</div><div class="who">'
        f'<div class="name">{esc(p.name)}<span>{esc(birth)}</span></div>'
        '<table class="contact">'
        f"<tr><th>이메일</th><td>{esc(p.emails[0])}</td><th>휴대폰</th>"
        f'<td class="nw">{esc(p.phones[0])}</td></tr>'
        f'<tr><th>주소</th><td colspan="3">{esc(p.address or "")}</td></tr>'
        "</table></div></div>"
    )


def _summary(p: Persona, hope: tuple[str, str]) -> str:
    heads = ("학력사항", "경력사항", "희망연봉", "희망근무지/근무형태")
    cells = (final_school(p), total(p), hope[0], f"{hope[1]} · 정규직")
    return (
        '<table class="summary"><tr>'
        + "".join(f"<th>{h}</th>" for h in heads)
        + "</tr><tr>"
        + "".join(f"<td>{esc(c)}</td>" for c in cells)
        + "</tr></table>"
    )


def _education(p: Persona) -> str:
    rows = "".join(
        f'<tr><td class="nw">{school_period(e)}</td><td>{school_kind(e)}</td>'
        f'<td class="nw">{esc(e.school)}</td><td>{esc(e.major or "-")}</td>'
        f"<td>{esc(e.degree or '-')}</td><td>{status(e)}</td></tr>"
        for e in p.education
    )
    head = "".join(
        f"<th>{h}</th>" for h in ("재학기간", "구분", "학교명", "전공", "학위", "졸업여부")
    )
    heading = f"<h2>학력 <small>{esc(final_school(p))}</small></h2>"
    return f'{heading}<table class="list"><tr>{head}</tr>{rows}</table>'


def _careers(p: Persona, rng: random.Random) -> str:
    out = [
        f"<h2>경력 <small>총 {esc(total(p))}</small></h2>"
        if p.careers
        else "<h2>경력 <small>신입</small></h2>"
    ]
    for c in p.careers:
        duty = f"<p>담당업무 : {esc(c.duty)}</p>" if c.duty else ""
        out.append(
            f'<div class="career"><div class="when">{period(c)} ({held(c)})</div><div>'
            f'<div class="company">{esc(c.company)}</div>'
            f"<p>{esc(department(p, rng))} | "
            f'<span class="nw">{esc(c.position)}</span></p>{duty}</div></div>'
        )
    return "".join(out)


def _qualifications(p: Persona) -> str:
    licences, tests = split_certificates(p)
    if not licences and not tests:
        return ""
    rows = [(d, "자격증", n, i) for n, d, i in licences]
    rows += [(d, "어학", f"영어 {t} {s}".strip(), "-") for t, s, d in tests]
    head = "".join(f"<th>{h}</th>" for h in ("취득월", "구분", "자격/어학명", "발행처"))
    body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f'<h2>자격/어학/수상</h2><table class="list"><tr>{head}</tr>{body}</table>'


def _letter(p: Persona, rng: random.Random) -> str:
    parts = "".join(f"<h3>[{esc(h)}]</h3><p>{esc(t)}</p>" for h, t in cover_letter(p, rng))
    return f'<h2>자기소개서</h2><div class="letter">{parts}</div>'


def sheet(p: Persona, rng: random.Random, assets: Assets) -> tuple[str, Shown]:
    """The page and what it shows: name, e-mail, phone, address, birth year, every role."""
    hope = (salary(p, rng), place(p, rng))
    logo = f'<img src="{assets.logo}" alt="saramin">' if assets.logo else "<b>사람인</b>"
    parts = [
        f'<div class="top">{logo}<span class="doc">이력서 · 최종수정일 2026.11.20</span></div>',
        f"<h1>{esc(resume_title(p, rng))}</h1>",
        _profile(p, assets),
        _summary(p, hope),
        _education(p),
        _careers(p, rng),
    ]
    if p.skills:
        tags = "".join(f"<span>{esc(s)}</span>" for s in p.skills)
        parts.append(f'<h2>스킬</h2><div class="tags">{tags}</div>')
    parts.append(_qualifications(p))
    if military(p):
        parts.append(f"<h2>취업우대사항</h2><p>병역 : {esc(military(p))}</p>")
    conditions = (("고용형태", "정규직"), ("희망근무지", hope[1]), ("희망연봉", hope[0]),
                  ("지원분야", JOB_KINDS[p.field]))  # fmt: skip
    rows = "".join(f"<tr><th>{k}</th><td>{esc(v)}</td></tr>" for k, v in conditions)
    parts.append(f'<h2>희망근무조건</h2><table class="list">{rows}</table>')
    parts.append(_letter(p, rng))
    parts.append(
        '<div class="sign">위의 모든 기재사항은 사실과 다름없음을 확인합니다.<br>'
        f"작성자 : {esc(p.name)}</div>"
    )
    page = (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>이력서</title>'
        f"<style>{CSS}</style></head><body>{''.join(parts)}</body></html>"
    )
    birth = f"{p.birth.year}년" if p.birth else None
    return page, Shown(name=p.name, birth=birth, address=True)
