"""Careers from free-form experience sections: employer, title and period of every entry."""

from __future__ import annotations

import re
from dataclasses import dataclass

from resume_worker.analysis.rules.dates import first_range
from resume_worker.analysis.rules.entries import Entry, segment, strip_bullet, strip_dates
from resume_worker.analysis.rules.layout import Line
from resume_worker.analysis.rules.roles import (
    SEPARATORS,
    STRONG_SEPARATORS,
    company_score,
    is_location,
    is_title_word,
    split_department,
    strip_location,
    title_score,
)
from resume_worker.analysis.rules.tables import column_of
from resume_worker.core.models import Career

_KO_MODIFIERS = re.compile(
    r"^(백엔드|프론트엔드|풀스택|서버|데이터|웹|앱|모바일|시니어|주니어|선임|수석|책임|프로덕트|인프라|시스템"
    r"|보안|머신러닝|딥러닝|AI|QA|UX|UI|iOS|Android|안드로이드|소프트웨어|게임|클라우드|DevOps|영업|마케팅"
    r"|기획|디자인|콘텐츠|그래픽|연구|개발|[A-Za-z]+)$"
)


# Military service is not a career, even when it is listed among the jobs.
_MILITARY = re.compile(
    r"육군|해군|공군|해병|병장|상병|만기\s*제대|전역|의무경찰|사회복무|병역|군\s*복무"
    r"|\b(?:military service|u\.?s\.? army|army|navy|air force|marine corps)\b",
    re.IGNORECASE,
)
_AT = re.compile(r"^(?P<title>[^@]+?)\s+(?:at|@)\s+(?P<company>[A-Z0-9].+)$")
_LABEL_LINE = re.compile(r"^(?P<label>[^:：]{1,12})\s*[:：]\s*(?P<value>\S.*)$")
_CAREER_COLUMNS = frozenset({"period", "company", "rank", "role", "department"})


@dataclass(frozen=True)
class ParsedCareer:
    """A career with the lines it came from (for source spans)."""

    career: Career
    start: int
    end: int
    page: int


def careers_from_lines(lines: list[Line]) -> list[ParsedCareer]:
    """Every entry of an experience section that names an employer or a title."""
    found: list[ParsedCareer] = []
    dated_line_is_title = False
    previous_company: str | None = None
    for entry in segment(lines):
        labelled, used = _labelled(entry)
        header = [line for line in entry.header if line.start not in used]
        texts = [t for t in (_header_text(line) for line in header) if t]
        if (not texts and not labelled) or any(_MILITARY.search(t) for t in texts):
            continue
        company, position = (
            _roles(texts, entry, dated_line_is_title, previous_company) if texts else (None, None)
        )
        company = labelled.get("company") or company
        position = labelled.get("rank") or labelled.get("role") or position
        if company is None and previous_company and position and title_score(position) == 2:
            company = previous_company  # one more role at the employer above
        if entry.dates is None and "period" in labelled:
            entry.dates = first_range(labelled["period"])
        if len(texts) >= 2 and entry.date_line is not None:
            dated_line_is_title = _dated_text(entry) == position
        if company is None and position is None:
            continue
        position, team = _trim_position(position)
        company, department = split_department(company) if company else (None, None)
        department = department or team
        previous_company = company or previous_company
        found.append(_parsed(entry, company, department, position))
    return found


def _trim_position(position: str | None) -> tuple[str | None, str | None]:
    """`서버 개발자 / 결제팀` -> (`서버 개발자`, `결제팀`): a team beside a title."""
    parts = [p for p in STRONG_SEPARATORS.split(position or "") if p]
    if len(parts) == 2:
        for title, team in (parts, parts[::-1]):
            if title_score(title) == 2 and split_department(f"x {team}")[1]:
                return title, team
    return position, None


def _parsed(
    entry: Entry, company: str | None, department: str | None, position: str | None
) -> ParsedCareer:
    dates = entry.dates
    career = Career(
        company=company,
        department=department,
        position=position,
        start=dates.start if dates else None,
        end=None if dates is None or dates.is_current else dates.end,
        is_current=bool(dates and dates.is_current),
        responsibilities=[strip_bullet(line.text) for line in entry.body][:12],
    )
    first, last = entry.header[0], (entry.body or entry.header)[-1]
    return ParsedCareer(career, first.start, last.end, first.page)


def _labelled(entry: Entry) -> tuple[dict[str, str], set[int]]:
    """`기간: 2019.03 ~ 현재`, `직책: 팀장` lines of an entry by column name, and the offsets of
    those lines (they are fields, not names)."""
    found: dict[str, str] = {}
    used: set[int] = set()
    for line in entry.header + entry.body:
        match = _LABEL_LINE.match(strip_bullet(line.text))
        column = column_of(match.group("label")) if match else None
        if match and column in _CAREER_COLUMNS:
            found.setdefault(str(column), match.group("value").strip())
            used.add(line.start)
    return found, used


def _header_text(line: Line) -> str:
    return strip_location(strip_dates(line.text))


def _dated_text(entry: Entry) -> str | None:
    return _header_text(entry.date_line) if entry.date_line is not None else None


def _roles(
    texts: list[str], entry: Entry, dated_is_title: bool, previous_company: str | None
) -> tuple[str | None, str | None]:
    """(company, position) from one or two header texts; a first text that names both
    (`Title, Company`) wins over the second line, and a second one does over a first line that
    reads less like an employer (a description left over from a date column)."""
    if len(texts) >= 2:
        first, second = _names_both(texts[0]), _names_both(texts[1])
        if first is not None:
            return first
        if second is not None and company_score(second[0]) > company_score(texts[0]):
            return second  # the line before is a description, not the employer
        return _pick(texts[0], texts[1])
    text = texts[0]
    company, position = _split_one(text)
    named = company is not None and company_score(company) > 0
    if dated_is_title and previous_company and _dated_text(entry) == text and not named:
        return previous_company, text
    return company, position


def _names_both(text: str) -> tuple[str, str] | None:
    """(company, position) of `Title, Company` or `Company | Title`: two parts, one a title."""
    if len([p for p in SEPARATORS.split(text) if p and not is_location(p)]) != 2:
        return None
    company, position = _split_one(text)
    if company and position and title_score(position) == 2 and not title_score(company):
        return company, position
    return None


def _pick(first: str, second: str) -> tuple[str, str]:
    """(company, position) of two header lines: the one that reads as a title is the position."""
    t1, t2 = title_score(first), title_score(second)
    if t1 != t2:
        return (second, first) if t1 > t2 else (first, second)
    if company_score(second) > company_score(first):
        return second, first
    return first, second


def _split_one(text: str) -> tuple[str | None, str | None]:
    at = _AT.match(text)
    if at and title_score(at.group("title")) > 0:
        return strip_location(at.group("company")), at.group("title")
    parts = [p for p in STRONG_SEPARATORS.split(text) if p and not is_location(p)]
    if len(parts) < 2:
        parts = [p for p in SEPARATORS.split(text) if p and not is_location(p)]
    parts = [strip_location(p) for p in parts if strip_location(p)]
    if len(parts) >= 2:
        scores = [title_score(p) for p in parts]
        best = max(range(len(parts)), key=lambda i: (scores[i], -i))
        if scores[best] == 0:
            return parts[0], parts[1]
        others = [p for i, p in enumerate(parts) if i != best]
        return others[0], parts[best]
    if not parts:
        return None, None
    return _split_tokens(parts[0])


def _split_tokens(text: str) -> tuple[str | None, str | None]:
    """`카카오페이 프론트엔드 개발자` -> (`카카오페이`, `프론트엔드 개발자`)."""
    tokens = text.split()
    heads = [i for i, token in enumerate(tokens) if i > 0 and is_title_word(token)]
    if not heads or not re.search(r"[가-힣]", text):
        return (None, text) if title_score(text) == 2 else (text, None)
    start = heads[0]
    while start - 1 > 0 and _KO_MODIFIERS.match(tokens[start - 1]):
        start -= 1
    end = heads[0] + 1
    return " ".join(tokens[:start]), " ".join(tokens[start:end])
