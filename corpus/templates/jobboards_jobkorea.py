"""잡코리아's resume as printed to PDF (recreated): a bordered 인적사항 table with the photo, the
key-facts strip, then 학력사항, 경력사항 (총 N년 M개월) as a table whose period cell reads
`2019.03 ~ 2021.02` over `2년`, 스킬, 자격증, 어학, 우대사항 (병역) and 자기소개서."""

from __future__ import annotations

import random
from collections.abc import Sequence

from corpus.gold import Shown
from corpus.records import Persona
from corpus.templates.export_pages import esc
from corpus.templates.jobboards_common import (
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
@page { size: A4; margin: 15mm 13mm 15mm; }
body { font-family: "Noto Sans CJK KR", "NanumGothic", sans-serif; font-size: 9pt; color: #333;
  margin: 0; -webkit-print-color-adjust: exact; }
.head { display: flex; align-items: flex-end; padding-bottom: 8px; }
.head img { height: 18px; }
.head span { margin-left: auto; color: #999; font-size: 8pt; }
.title { border: 2px solid #0050ff; padding: 10px 14px; font-size: 14pt; font-weight: bold;
  margin-bottom: 12px; }
table { border-collapse: collapse; width: 100%; }
.person td, .person th { border: 1px solid #d9d9d9; padding: 6px 8px; text-align: left; }
.person th { background: #f7f7f7; font-weight: normal; color: #666; width: 58pt;
  white-space: nowrap; }
.person .photo { width: 88pt; padding: 4px; text-align: center; vertical-align: middle; }
.person .photo img { width: 84pt; height: 112pt; display: block; }
.person .photo div { width: 84pt; height: 112pt; background: #f2f2f2; }
.person .big { font-size: 13pt; font-weight: bold; }
.keys { display: flex; margin: 10px 0 0; border: 1px solid #d9d9d9; }
.keys div { flex: 1; padding: 8px; border-left: 1px solid #eee; }
.keys div:first-child { border-left: 0; }
.keys b { display: block; color: #888; font-weight: normal; font-size: 8pt; margin-bottom: 3px; }
h2 { font-size: 11.5pt; margin: 18px 0 6px; break-after: avoid; }
h2 em { font-style: normal; color: #0050ff; font-size: 9.5pt; margin-left: 4px; }
.grid th { border-top: 2px solid #444; border-bottom: 1px solid #d9d9d9; background: #fafafa;
  font-weight: normal; color: #666; padding: 5px; text-align: left; }
.grid td { border-bottom: 1px solid #e5e5e5; padding: 7px 5px; vertical-align: top; }
.grid tr { break-inside: avoid; }
.nw { white-space: nowrap; }
.dim { color: #888; }
.skills span { display: inline-block; background: #f1f4fa; padding: 3px 8px; margin: 0 4px 4px 0;
  white-space: nowrap; }
.letter h3 { font-size: 9.5pt; margin: 10px 0 3px; }
.letter p { margin: 0; line-height: 1.65; }
.foot { margin-top: 24px; text-align: right; color: #555; line-height: 1.8; }
"""


def _person(p: Persona, assets: Assets, show_address: bool) -> str:
    photo = f'<img src="{assets.photo}" alt="">' if assets.photo else "<div></div>"
    birth = f"{p.birth:%Y.%m.%d} (만 {age(p)}세)" if p.birth else "-"
    rows = 4 if show_address else 3
    address = (
        f'<tr><th>주소</th><td colspan="3">{esc(p.address or "")}</td></tr>' if show_address else ""
    )
    return (
        '<table class="person">'
        f'<tr><td class="photo" rowspan="{rows}">{photo}</td><th>이름</th>'
        f'<td class="big">{esc(p.name)}</td><th>생년월일</th><td class="nw">{esc(birth)}</td></tr>'
        f"<tr><th>성별</th><td>{gender(p)}</td><th>휴대폰</th>"
        f'<td class="nw">{esc(p.phones[0])}</td></tr>'
        f'<tr><th>이메일</th><td colspan="3">{esc(p.emails[0])}</td></tr>{address}</table>'
    )


def _keys(p: Persona, hope: tuple[str, str]) -> str:
    cells = (("학력", final_school(p)), ("경력", total(p)), ("희망연봉", hope[0]),
             ("희망근무지", hope[1]))  # fmt: skip
    return (
        '<div class="keys">'
        + "".join(f"<div><b>{k}</b>{esc(v)}</div>" for k, v in cells)
        + "</div>"
    )


def _table(heads: tuple[str, ...], rows: Sequence[Sequence[str]], nowrap: tuple[int, ...]) -> str:
    head = "".join(f"<th>{h}</th>" for h in heads)
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=nw' if i in nowrap else ''}>{v}</td>" for i, v in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f'<table class="grid"><tr>{head}</tr>{body}</table>'


def _education(p: Persona) -> str:
    rows = [
        (school_period(e), school_kind(e), esc(e.school), esc(e.major or "-"), esc(e.degree or "-"),
         status(e))
        for e in p.education
    ]  # fmt: skip
    heads = ("재학기간", "구분", "학교명", "전공", "학위", "졸업구분")
    return "<h2>학력사항</h2>" + _table(heads, rows, (0, 2))


def _careers(p: Persona, rng: random.Random) -> str:
    if not p.careers:
        return "<h2>경력사항 <em>신입</em></h2>"
    rows = [
        (f'{period(c)}<br><span class="dim">{held(c)}</span>', esc(c.company),
         esc(department(p, rng)), esc(c.position), esc(c.duty or "-"))
        for c in p.careers
    ]  # fmt: skip
    heads = ("근무기간", "회사명", "부서", "직급/직책", "담당업무")
    return f"<h2>경력사항 <em>총 {esc(total(p))}</em></h2>" + _table(heads, rows, (0, 1, 3))


def _qualifications(p: Persona) -> str:
    licences, tests = split_certificates(p)
    out = []
    if licences:
        held_rows = [(esc(d), esc(n), esc(i)) for n, d, i in licences]
        out.append("<h2>자격증</h2>" + _table(("취득일", "자격증명", "발행처"), held_rows, (0,)))
    if tests:
        test_rows = [("영어", esc(t), esc(s), esc(d)) for t, s, d in tests]
        heads = ("언어", "시험종류", "점수/등급", "취득일")
        out.append("<h2>어학</h2>" + _table(heads, test_rows, (3,)))
    return "".join(out)


def sheet(p: Persona, rng: random.Random, assets: Assets) -> tuple[str, Shown]:
    """The page and what it shows: name, birth date, phone, e-mail, the address in most copies."""
    hope = (salary(p, rng), place(p, rng))
    show_address = rng.random() < 0.7
    logo = f'<img src="{assets.logo}" alt="JOBKOREA">' if assets.logo else "<b>잡코리아</b>"
    parts = [
        f'<div class="head">{logo}<span>이력서 출력일 2026.11.20</span></div>',
        f'<div class="title">{esc(resume_title(p, rng))}</div>',
        _person(p, assets, show_address),
        _keys(p, hope),
        _education(p),
        _careers(p, rng),
    ]
    if p.skills:
        tags = "".join(f"<span>{esc(s)}</span>" for s in p.skills)
        parts.append(f'<h2>스킬</h2><div class="skills">{tags}</div>')
    parts.append(_qualifications(p))
    if military(p):
        parts.append(f"<h2>우대사항</h2><p>병역 : {esc(military(p))}</p>")
    letter = "".join(f"<h3>{esc(h)}</h3><p>{esc(t)}</p>" for h, t in cover_letter(p, rng))
    parts.append(f'<h2>자기소개서</h2><div class="letter">{letter}</div>')
    parts.append(
        '<div class="foot">위 기재 사항은 사실과 틀림이 없습니다.<br>'
        f"2026년 11월 20일 &nbsp; 작성자 {esc(p.name)}</div>"
    )
    page = (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>이력서</title>'
        f"<style>{CSS}</style></head><body>{''.join(parts)}</body></html>"
    )
    birth = f"{p.birth:%Y.%m.%d}" if p.birth else None
    return page, Shown(name=p.name, birth=birth, address=show_address)
