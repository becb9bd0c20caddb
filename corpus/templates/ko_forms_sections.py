"""The sections of a Korean 이력서 form as table rows: 학력사항, 경력사항 (its columns in the order
and wording a copy chose, a company cell merged over two roles held there, periods on one line
or two, blank rows the form leaves), 자격면허, 어학, 병역사항, 가족사항 and 보유기술."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.dates import ko_date
from corpus.korean import korean_age
from corpus.records import TODAY, Career, Education, Persona
from corpus.writers.form import Cell, Row

LANGUAGE_TESTS = ("TOEIC", "OPIc", "TOEFL", "JLPT", "HSK")
ISSUERS = {
    "정보처리기사": "한국산업인력공단",
    "SQLD": "한국데이터산업진흥원",
    "ADsP": "한국데이터산업진흥원",
    "전산회계 1급": "한국세무사회",
    "컴퓨터활용능력 1급": "대한상공회의소",
    "AWS Certified Solutions Architect": "Amazon Web Services",
    "PMP": "PMI",
    "CPA": "AICPA",
    "Google Data Analytics Certificate": "Google",
}
SKILL_LEVELS = ("상", "상", "중", "중", "하")
OCCUPATIONS = ("회사원", "자영업", "공무원", "교사", "주부", "농업", "무직")
MILITARY = re.compile(r"^(\S+) (\S+) (\S+) \((\d{4}\.\d{2}) ~ (\d{4}\.\d{2})\)$")


@dataclass(frozen=True)
class DateStyle:
    """How a copy prints dates: a dates.ko_date style, the word for a current job, and whether a
    period cell breaks after its first date."""

    style: str
    current: str
    two_lines: bool = False

    def period(self, start: str | None, end: str | None, current: bool) -> str:
        if not start:
            return ""
        last = self.current if current else ko_date(end or start, self.style)
        first = ko_date(start, self.style)
        return f"{first} ~\n{last}" if self.two_lines else f"{first} ~ {last}"

    def month(self, value: str | None) -> str:
        return ko_date(value, self.style) if value else ""


def label(text: str, rows: int = 1, cols: int = 1) -> Cell:
    return Cell(text, rows=rows, cols=cols, label=True)


def vertical(text: str, rows: int) -> Cell:
    """A section name written down a merged first column (학/력/사/항), as older forms do."""
    return Cell("\n".join(text.replace(" ", "")), rows=rows, label=True)


def padded(rows: Sequence[Row], width: int, at_least: int) -> list[Row]:
    """The rows, then blank ones up to `at_least`, as a printed form leaves them."""
    return [*rows, *[[""] * width for _ in range(at_least - len(rows))]]


# --- 학력사항 -------------------------------------------------------------------------------
EDUCATION_COLUMNS = {
    "period": "기간",
    "start": "입학년월",
    "end": "졸업년월",
    "school": "학교명",
    "major": "전공",
    "degree": "학위",
    "status": "졸업구분",
}


def education_rows(
    schools: Sequence[Education], columns: Sequence[str], dates: DateStyle,
    names: dict[str, str] | None = None,
) -> list[Row]:  # fmt: skip
    """A header of `columns` (keys of EDUCATION_COLUMNS, renamed by `names`), then a school a
    row: its period or separate start and end, name, major, degree and status."""
    names = EDUCATION_COLUMNS | (names or {})
    rows: list[Row] = [[names[key] for key in columns]]
    for school in schools:
        values = {
            "period": dates.period(school.start, school.end, False),
            "start": dates.month(school.start),
            "end": dates.month(school.end),
            "school": school.school,
            "major": school.major or "",
            "degree": school.degree or "",
            "status": school.status,
        }
        rows.append([values[key] for key in columns])
    return rows


# --- 경력사항 -------------------------------------------------------------------------------
CAREER_LABELS = {
    "period": ("근무기간", "재직기간", "기간"),
    "start": ("입사년월", "입사일"),
    "end": ("퇴사년월", "퇴사일"),
    "company": ("회사명", "근무처", "직장명"),
    "position": ("직위", "직급", "직위(직급)"),
    "duty": ("담당업무", "담당 업무", "업무내용"),
}
CAREER_ORDERS = (
    ("period", "company", "position", "duty"),
    ("company", "period", "position", "duty"),
    ("period", "company", "duty", "position"),
    ("company", "position", "period", "duty"),
)


def career_header(columns: Sequence[str], rng: random.Random) -> list[str]:
    return [rng.choice(CAREER_LABELS[key]) for key in columns]


def career_rows(careers: Sequence[Career], columns: Sequence[str], dates: DateStyle) -> list[Row]:
    """A career a row in `columns`; two roles in a row at one company share one company cell,
    merged down over both (the second row leaves that position to the merge)."""
    rows: list[Row] = []
    skip_company = False
    for index, career in enumerate(careers):
        following = careers[index + 1] if index + 1 < len(careers) else None
        shared = following is not None and following.company == career.company
        values: dict[str, str | Cell | None] = {
            "period": dates.period(career.start, career.end, career.is_current),
            "start": dates.month(career.start),
            "end": dates.current if career.is_current else dates.month(career.end),
            "company": Cell(career.company, rows=2) if shared else career.company,
            "position": career.position,
            "duty": career.duty,
        }
        if skip_company:
            values["company"] = None
        rows.append([values[key] for key in columns])
        skip_company = shared and not skip_company
    return rows


def no_careers(width: int) -> list[Row]:
    return [[Cell("해당사항 없음 (신입)", cols=width)]]


# --- 자격면허, 어학 -------------------------------------------------------------------------
def is_language_test(name: str) -> bool:
    return name.split(maxsplit=1)[0] in LANGUAGE_TESTS


def license_rows(persona: Persona, dates: DateStyle) -> list[list[str]]:
    """취득일 | 자격/면허명 | 발행기관, for the certificates that are not language tests."""
    rows: list[list[str]] = []
    for name, when in persona.certificates:
        if not is_language_test(name):
            rows.append([dates.month(when), name, ISSUERS.get(name, "")])
    return rows


def language_rows(persona: Persona, dates: DateStyle, rng: random.Random) -> list[list[str]]:
    """외국어 | 시험명 | 점수/등급 | 취득일: the language tests, or the spoken languages with a
    level when there is no test."""
    rows: list[list[str]] = []
    for name, when in persona.certificates:
        if is_language_test(name):
            test, _, score = name.partition(" ")
            rows.append(["영어", test, score, dates.month(when)])
    if not rows:
        for language in persona.spoken[1:]:
            rows.append([language, "-", rng.choice(("회화 가능", "상", "중", "중상")), ""])
    return rows


# --- 병역사항, 가족사항, 보유기술 -----------------------------------------------------------
def military_row(persona: Persona, rng: random.Random) -> list[str]:
    """군별 | 계급 | 복무기간 | 제대구분 from the persona's service, or why there is none."""
    match = MILITARY.match(persona.military or "")
    if persona.gender == "M" and match:
        branch, rank, discharge, start, end = match.groups()
        return [branch, rank, f"{start} ~ {end}", discharge]
    reason = "비대상" if persona.gender == "F" else rng.choice(("면제", "미필", "해당없음"))
    return ["-", "-", "-", reason]


def military_text(persona: Persona, rng: random.Random) -> str:
    branch, rank, period, status = military_row(persona, rng)
    return status if branch == "-" else f"{branch} {rank} {status} ({period})"


def family_rows(persona: Persona, rng: random.Random) -> list[Row]:
    """관계 | 성명 | 연령 | 직업 | 동거여부, for the persona's family members."""
    age = korean_age(persona.birth, TODAY) if persona.birth else 30
    rows: list[Row] = []
    for member in persona.third_parties:
        if member.kind == "family":
            older = age + rng.randint(24, 34)
            rows.append([member.relation, member.name, f"{older}", rng.choice(OCCUPATIONS),
                         rng.choice(("동거", "동거", "별거"))])  # fmt: skip
    return rows


def skill_level_rows(skills: Sequence[str], rng: random.Random) -> list[Row]:
    """기술 | 수준 | 기술 | 수준: two skills a row, each with 상/중/하."""
    rows: list[Row] = [["기술", "수준", "기술", "수준"]]
    for at in range(0, len(skills), 2):
        pair = list(skills[at : at + 2])
        row: list[str] = []
        for skill in pair + [""] * (2 - len(pair)):
            row += [skill, rng.choice(SKILL_LEVELS) if skill else ""]
        rows.append(row)
    return rows
