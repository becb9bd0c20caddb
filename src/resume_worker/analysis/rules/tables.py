"""이력서 form tables: a header row (기간 | 회사명 | 직위) over data rows of careers or schools."""

from __future__ import annotations

import re

from resume_worker.analysis.rules.dates import DateRange, first_range
from resume_worker.analysis.rules.education import DEGREE, STATUS
from resume_worker.analysis.rules.layout import Line
from resume_worker.analysis.rules.roles import split_department, title_score
from resume_worker.core.models import Career, Education

_COLUMNS: tuple[tuple[str, str], ...] = (
    ("start", r"입사\w{0,4}|시작(일)?|입학\w{0,4}|from|start(\s*date)?"),
    ("end", r"퇴사\w{0,4}|종료(일)?|졸업(일|년월|년월일|일자)|to|end(\s*date)?"),
    (
        "period",
        r"(근무|재직|재학|수학|교육)?\s*기\s*간|기간|일자|년\s*월|연\s*월|period|dates?|duration",
    ),
    (
        "company",
        r"회사(명)?|근무처|직장(명)?|기관(명)?|회사\s*및\s*부서|company|employer|organi[sz]ation",
    ),
    ("school", r"학교(명)?|출신\s*학교|학교\s*및\s*전공|school|institution|university"),
    ("major", r"전공(명)?|학과|학부|major|field(\s*of\s*study)?"),
    ("degree", r"학위|degree"),
    ("status", r"(졸업)?\s*구분|졸업\s*여부|이수\s*여부|상태|status"),
    ("department", r"(근무)?\s*부서(명)?|소속|department|team"),
    ("rank", r"직\s*위|직\s*급|직\s*책|position|title|rank"),
    (
        "role",
        r"직\s*무|담당|담당\s*업무|주요\s*업무|업무(\s*내용)?|role|responsibilit(y|ies)|duties",
    ),
    (
        "ignore",
        r"자격증명|자격|발행기관|취득일|시행처|발급기관|점수|등급|어학|시험명|비고|소재지|지역|location|gpa|학점|연봉",
    ),
)
_COMPILED = [(name, re.compile(rf"^(?:{pattern})$", re.IGNORECASE)) for name, pattern in _COLUMNS]
_DEGREE_NOTE = re.compile(r"\s*\((?:전문학사|학사|석사|박사|졸업|수료|재학)\)")
_EMPTY = frozenset({"", "-", "–", "—", "없음", "n/a", "x"})


def column_of(text: str) -> str | None:
    """The column a header cell names (`회사명` -> company), or None; a cell naming one column
    twice (`직위(직급)`, `직급/직책`) names it once."""
    key = re.sub(r"[\s():/·]+", " ", text).strip()
    found = _column(key)
    if found is None and " " in key:
        names = {_column(part) for part in key.split()}
        found = names.pop() if len(names) == 1 else None
    return found


def _column(key: str) -> str | None:
    for name, pattern in _COMPILED:
        if pattern.match(key) or pattern.match(key.replace(" ", "")):
            return name
    return None


def header_columns(cells: list[str]) -> list[str | None] | None:
    """Column names of a header row, or None when the row is not a header."""
    columns = [column_of(cell) for cell in cells]
    named = [c for c in columns if c is not None]
    return columns if len(named) >= 2 and len(named) * 2 >= len(cells) else None


def is_column_header(text: str) -> bool:
    """Whether a flattened line is a table header (`기간 회사명 직위 담당업무`)."""
    words = text.replace("|", " ").split()
    return len(words) >= 2 and sum(1 for w in words if column_of(w)) >= max(2, len(words) - 1)


TableRecords = tuple[list[tuple[Career, Line]], list[tuple[Education, Line]], set[int]]


def table_records(lines: list[Line]) -> TableRecords:
    """Careers and schools from the data rows under header rows, in document order, and the
    offsets of the rows that were read (header rows included)."""
    careers: list[tuple[Career, Line]] = []
    schools: list[tuple[Education, Line]] = []
    used: set[int] = set()
    columns: list[str | None] | None = None
    table: int | None = None
    previous: dict[str, str] = {}
    for line in lines:
        cells = [cell.text for cell in line.cells]
        if line.table != table:
            columns, table = None, line.table
        found = header_columns(cells)
        if found is not None:
            columns, previous = found, {}
            used.add(line.start)
            continue
        if columns is None or len(cells) < 2:
            continue
        used.add(line.start)
        record = previous = _record(columns, cells, previous)
        if "company" in record:
            career = _career(record)
            if career is not None:
                careers.append((career, line))
        elif "school" in record:
            schools.append((_education(record), line))
    return careers, schools, used


def _record(
    columns: list[str | None], cells: list[str], previous: dict[str, str]
) -> dict[str, str]:
    """Cells by column. A row short of cells has a merged cell: a label cell on the left (the
    row aligns right), or a cell merged with the row above (the company of two roles), whose
    value the row takes from the row above, the merged column being where the cells fit."""
    while len(cells) < len(columns) and columns[0] is None:
        columns = columns[1:]
    if len(cells) == len(columns) - 1 and "company" in previous:
        cells = _with_merged(columns, cells, previous)
    if len(cells) != len(columns):
        cells = (cells + [""] * len(columns))[: len(columns)]
    record: dict[str, str] = {}
    for name, value in zip(columns, cells, strict=True):
        if name and name != "ignore" and value.strip().casefold() not in _EMPTY:
            record.setdefault(name, value.strip())
    return record


def _with_merged(
    columns: list[str | None], cells: list[str], previous: dict[str, str]
) -> list[str]:
    """The row with the value of the row above inserted where the cells fit best: dates in the
    date columns, a job title in the title column."""
    best = [*cells, ""]
    best_score = sum(_fits(column, value) for column, value in zip(columns, best, strict=True))
    for at, name in enumerate(columns):
        if name is None or name not in previous:
            continue
        candidate = [*cells[:at], previous[name], *cells[at:]]
        score = sum(_fits(column, value) for column, value in zip(columns, candidate, strict=True))
        if score > best_score:
            best, best_score = candidate, score
    return best


def _fits(column: str | None, value: str) -> int:
    if not value.strip():
        return 0
    dated = first_range(value) is not None
    if column in ("start", "end", "period"):
        return 1 if dated else 0
    if column == "rank":
        return 1 if title_score(value) > 0 else 0
    return 0 if dated or (column == "company" and title_score(value) == 2) else 1


def _period(record: dict[str, str]) -> DateRange | None:
    if "period" in record:
        return first_range(record["period"])
    if "start" in record:
        text = record["start"] + (" ~ " + record["end"] if "end" in record else "")
        return first_range(text)
    return None


def _career(record: dict[str, str]) -> Career | None:
    company, department = split_department(record["company"])
    dates = _period(record)
    position = record.get("rank") or record.get("role")
    return Career(
        company=company,
        department=record.get("department") or department,
        position=position,
        start=dates.start if dates else None,
        end=None if dates is None or dates.is_current else dates.end,
        is_current=bool(dates and dates.is_current),
        responsibilities=[record["role"]] if "role" in record and "rank" in record else [],
    )


def _education(record: dict[str, str]) -> Education:
    dates = _period(record)
    status_text = record.get("status", "")
    degree = record.get("degree")
    if degree is None:
        match = DEGREE.search(status_text) or DEGREE.search(record.get("major", ""))
        degree = match.group(0) if match else None
    status = STATUS.search(status_text)
    major = _DEGREE_NOTE.sub("", record.get("major", ""))
    return Education(
        school=record["school"],
        degree=degree,
        major=major or None,
        status=status.group(0) if status else (status_text or None),
        start=dates.start if dates else None,
        end=None if dates is None or dates.is_current else dates.end,
    )
