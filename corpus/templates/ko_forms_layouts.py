"""Four 이력서 layouts drawn on any form writer (HWP, HWPX, DOCX): the modern standard form, the
older grid with section names written down a merged first column, the 입사지원서 whose career
table runs on after a page break, and a Korean-English form for a bilingual applicant."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.records import Persona
from corpus.templates import ko_forms_sections as s
from corpus.templates.ko_forms_text import closing, self_introduction
from corpus.writers.form import Cell, FormWriter, Picture, Row

CAREER_WIDTHS = {"period": 5, "start": 3, "end": 3, "company": 5, "position": 4, "duty": 6}


@dataclass(frozen=True)
class Choices:
    """What one copy prints and how: the name as the 성명 cell shows it, the birth date as
    printed, date style, photo (or None: the cell says 사진), a seal or signature image after
    the closing, whether 가족사항 is there, the career columns and the heading mark."""

    name: str
    birth: str
    dates: s.DateStyle
    photo: Picture | None
    seal: Picture | None
    family: bool
    columns: tuple[str, ...]
    mark: str


def _photo_cell(ch: Choices, rows: int) -> Cell:
    if ch.photo is None:
        return Cell("사진\n(3×4)", rows=rows)
    return Cell("", rows=rows, picture=ch.photo)


def _section(
    w: FormWriter, title: str, rows: Sequence[Row], widths: Sequence[int], header_rows: int = 1
) -> None:
    w.paragraph()
    w.paragraph(title, shape="heading")
    w.table(rows, widths, header_rows=header_rows)


def _careers(p: Persona, ch: Choices, rng: random.Random, at_least: int) -> list[Row]:
    """The 경력사항 table: a header in the copy's wording, a career a row, blank rows."""
    body = s.career_rows(p.careers, ch.columns, ch.dates) or s.no_careers(len(ch.columns))
    rows = [s.career_header(ch.columns, rng), *body]
    return s.padded(rows, len(ch.columns), at_least + 1)


def _closing(w: FormWriter, ch: Choices, rng: random.Random) -> None:
    pledge, date, signature = closing(ch.name, rng)
    w.paragraph()
    w.paragraph(pledge, align="center")
    w.paragraph(date, align="center")
    w.paragraph(signature, align="right", picture=ch.seal)


def _introduction(w: FormWriter, p: Persona, rng: random.Random, title: str) -> None:
    w.paragraph(title, shape="title", align="center", page_break=True)
    for heading, text in self_introduction(p, rng):
        w.paragraph()
        w.paragraph(f"[{heading}]", shape="bold")
        w.paragraph(text)


def standard(p: Persona, ch: Choices, w: FormWriter, rng: random.Random) -> None:
    """이력서: 인적사항 beside the photo, then one titled table a section, newest first, and a
    자기소개서 on its own page."""
    w.paragraph(rng.choice(("이 력 서", "이력서")), shape="title", align="center")
    w.paragraph()
    personal: list[Row] = [
        [_photo_cell(ch, 4), s.label("성 명"), ch.name, s.label("한 자"), p.name_hanja or ""],
        [None, s.label("영 문"), Cell(p.name_roman or "", cols=3)],
        [None, s.label("생년월일"), ch.birth, s.label("연락처"), p.phones[0]],
        [None, s.label("E-mail"), Cell(p.emails[0], cols=3)],
        [s.label("주 소"), Cell(p.address or "", cols=4)],
    ]
    w.table(personal, [6, 4, 6, 4, 6], header_rows=0)
    columns = ("period", "school", "major", "degree", "status")
    _section(w, f"{ch.mark}학력사항", s.education_rows(p.education, columns, ch.dates),
             [5, 6, 5, 3, 3])  # fmt: skip
    widths = [CAREER_WIDTHS[key] for key in ch.columns]
    _section(w, f"{ch.mark}경력사항", _careers(p, ch, rng, 4), widths)
    licenses = [["취득일", "자격/면허명", "발행기관"], *s.license_rows(p, ch.dates)]
    _section(w, f"{ch.mark}자격/면허", s.padded(licenses, 3, 3), [3, 5, 4])
    languages = [["외국어", "시험명", "점수/등급", "취득일"], *s.language_rows(p, ch.dates, rng)]
    _section(w, f"{ch.mark}어학", s.padded(languages, 4, 2), [3, 4, 3, 3])
    military = [["군별", "계급", "복무기간", "제대구분"], s.military_row(p, rng)]
    _section(w, f"{ch.mark}병역사항", military, [2, 2, 5, 3])
    skills: list[Row] = [[s.label("보유기술"), ", ".join(p.skills)]]
    _section(w, f"{ch.mark}보유기술 및 능력", skills, [1, 5], header_rows=0)
    if ch.family:
        family = [["관계", "성명", "연령", "직업", "동거여부"], *s.family_rows(p, rng)]
        _section(w, f"{ch.mark}가족사항", family, [2, 3, 2, 3, 2])
    _closing(w, ch, rng)
    _introduction(w, p, rng, "자 기 소 개 서")


def _side(title: str, rows: Sequence[Row]) -> list[Row]:
    """The rows behind a merged first column that names the section top to bottom."""
    return [[s.vertical(title, len(rows)), *rows[0]], *[[None, *row] for row in rows[1:]]]


def grid(p: Persona, ch: Choices, w: FormWriter, rng: random.Random) -> None:
    """The older form: oldest first, every section a table whose first column spells its name
    downwards, skills marked 상/중/하, 가족사항, and a short 자기소개 inside the grid."""
    w.paragraph("이    력    서", shape="title", align="center")
    w.paragraph()
    personal: list[Row] = [
        [_photo_cell(ch, 5), s.label("성명"), ch.name, s.label("생년월일"), ch.birth],
        [None, s.label("한자"), p.name_hanja or "", s.label("영문"), p.name_roman or ""],
        [None, s.label("휴대폰"), p.phones[0], s.label("E-mail"), p.emails[0]],
        [None, s.label("주소"), Cell(p.address or "", cols=3)],
        [None, s.label("병역"), Cell(s.military_text(p, rng), cols=3)],
    ]
    w.table(personal, [5, 3, 6, 3, 7], header_rows=0)
    columns = ("period", "school", "major", "status")
    names = {"period": "재학기간", "major": "학과(전공)", "status": "졸업여부"}
    education = s.padded(s.education_rows(p.education, columns, ch.dates, names), 4, 4)
    w.paragraph()
    w.table(_side("학력사항", education), [2, 5, 6, 5, 3])
    w.table(_side("경력사항", _careers(p, ch, rng, 4)),
            [2, *[CAREER_WIDTHS[key] for key in ch.columns]])  # fmt: skip
    licenses = s.padded([["취득일", "자격증명", "발행처"], *s.license_rows(p, ch.dates)], 3, 3)
    w.table(_side("자격증", licenses), [2, 5, 8, 6])
    w.table(_side("보유기술", s.skill_level_rows(p.skills, rng)), [2, 6, 2, 6, 2])
    if ch.family:
        family = [["관계", "성명", "연령", "직업", "동거여부"], *s.family_rows(p, rng)]
        w.table(_side("가족사항", family), [2, 3, 4, 3, 4, 3])
    story = "\n".join(text for _, text in self_introduction(p, rng)[:3])
    w.table(_side("자기소개", [[story]]), [2, 19], header_rows=0)
    _closing(w, ch, rng)


def career(p: Persona, ch: Choices, w: FormWriter, rng: random.Random) -> None:
    """입사지원서: the photo at the right of 인적사항, dates in their own columns, oldest first,
    the 경력사항 table continued on the next page under its repeated header, no skills."""
    w.paragraph("입 사 지 원 서", shape="title", align="center")
    w.paragraph()
    personal: list[Row] = [
        [s.label("성명(한글)"), ch.name, s.label("성명(한자)"), p.name_hanja or "",
         _photo_cell(ch, 4)],
        [s.label("영문 성명"), Cell(p.name_roman or "", cols=3), None],
        [s.label("생년월일"), ch.birth, s.label("휴대전화"), p.phones[0], None],
        [s.label("E-mail"), Cell(p.emails[0], cols=3), None],
        [s.label("현주소"), Cell(p.address or "", cols=4)],
    ]  # fmt: skip
    w.table(personal, [4, 6, 4, 6, 5], header_rows=0)
    columns = ("start", "end", "school", "major", "degree")
    _section(w, f"{ch.mark}학력사항", s.education_rows(p.education, columns, ch.dates),
             [3, 3, 6, 5, 3])  # fmt: skip
    header = s.career_header(ch.columns, rng)
    widths = [CAREER_WIDTHS[key] for key in ch.columns]
    body = s.career_rows(p.careers, ch.columns, ch.dates) or s.no_careers(len(ch.columns))
    cut = _cut(body)
    _section(w, f"{ch.mark}경력사항", [header, *body[:cut]], widths)
    if cut < len(body):
        w.paragraph(f"{ch.mark}경력사항 (계속)", shape="heading", page_break=True)
        w.table([header, *body[cut:]], widths)
    tests = [["구분", "명칭", "등급/점수", "취득일"]]
    tests += [["자격증", name, "", when] for when, name, _ in s.license_rows(p, ch.dates)]
    tests += [["어학", f"{test} ({lang})", score, when]
              for lang, test, score, when in s.language_rows(p, ch.dates, rng)]  # fmt: skip
    _section(w, f"{ch.mark}자격 및 어학", s.padded(tests, 4, 3), [2, 6, 3, 3])
    w.paragraph()
    w.paragraph(f"{ch.mark}병역 : {s.military_text(p, rng)}")
    w.paragraph()
    w.paragraph(f"{ch.mark}자기소개", shape="heading")
    for _, text in self_introduction(p, rng):
        w.paragraph(text)
    _closing(w, ch, rng)


def _cut(body: Sequence[Row]) -> int:
    """Where the career table breaks for the page: about half way, never inside a merge."""
    cut = max(1, (len(body) + 1) // 2)
    if any(isinstance(v, Cell) and v.rows > 1 for v in body[cut - 1]):
        cut += 1
    return min(cut, len(body))


def bilingual(p: Persona, ch: Choices, w: FormWriter, rng: random.Random) -> None:
    """이력서 (RESUME): every label in Korean and English, English job titles, links, newest
    first, and a self-introduction in both languages."""
    w.paragraph("이 력 서  (RESUME)", shape="title", align="center")
    w.paragraph()
    personal: list[Row] = [
        [_photo_cell(ch, 5), s.label("성명\nName"), ch.name, s.label("영문\nEnglish"),
         p.name_roman or ""],
        [None, s.label("생년월일\nDate of Birth"), ch.birth, s.label("국적\nNationality"),
         "대한민국 (Korea)"],
        [None, s.label("연락처\nPhone"), p.phones[0], s.label("이메일\nE-mail"), p.emails[0]],
        [None, s.label("주소\nAddress"), Cell(p.address or "", cols=3)],
        [None, s.label("웹사이트\nLinks"), Cell("\n".join(p.links), cols=3)],
    ]  # fmt: skip
    w.table(personal, [5, 4, 6, 4, 6], header_rows=0)
    columns = ("period", "school", "major", "degree")
    names = {"period": "기간 Period", "school": "학교명 School", "major": "전공 Major",
             "degree": "학위 Degree"}  # fmt: skip
    _section(w, "학력사항 Education", s.education_rows(p.education, columns, ch.dates, names),
             [5, 6, 5, 3])  # fmt: skip
    rows = _careers(p, ch, rng, 3)
    english = {"period": "Period", "start": "From", "end": "To", "company": "Company",
               "position": "Position", "duty": "Responsibilities"}  # fmt: skip
    rows[0] = [f"{text}\n{english[key]}" for text, key in zip(rows[0], ch.columns, strict=True)]
    _section(w, "경력사항 Work Experience", rows, [CAREER_WIDTHS[key] for key in ch.columns])
    skills: list[Row] = [[s.label("보유기술\nSkills"), ", ".join(p.skills)]]
    _section(w, "보유기술 Skills", skills, [1, 5], header_rows=0)
    tests = [["외국어 Language", "시험 Test", "점수 Score", "취득일 Date"]]
    _section(w, "어학 Languages", s.padded([*tests, *s.language_rows(p, ch.dates, rng)], 4, 2),
             [3, 4, 3, 3])  # fmt: skip
    w.paragraph()
    w.paragraph("자기소개 Self-Introduction", shape="heading")
    w.paragraph(self_introduction(p, rng)[0][1])
    w.paragraph(p.summary)
    _closing(w, ch, rng)
