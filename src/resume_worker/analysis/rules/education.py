"""Education from free-form sections: school, degree, major, status and period of every entry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resume_worker.analysis.rules.dates import first_range
from resume_worker.analysis.rules.entries import BULLET, strip_dates
from resume_worker.analysis.rules.layout import Line
from resume_worker.analysis.rules.roles import SEPARATORS, is_location, strip_location
from resume_worker.core.models import Education

_SCHOOL_EN = re.compile(
    r"\b(University|College|Institute|School|Academy|Polytechnic|Universit[éäà]t?|Bootcamp"
    r"|Conservatory|Seminary|[ÉE]cole|Hochschule|Universidad|Universidade|Università|Instituto"
    r"|Institut|Politecnico|Polytechnique|Technion|Gymnasium|Lyc[ée]e)\b",
    re.IGNORECASE,
)
_SCHOOL_KO = re.compile(
    r"[가-힣A-Za-z]+(대학교|대학원|대학|고등학교|중학교|고교|학교|과학기술원|기술원|사관학교|캠프|아카데미)(?![가-힣])"
)
_ABBREVIATIONS = ("BSc", "BS", "BA", "BFA", "BBA", "BEng", "BE", "BTech", "MSc", "MS", "MA",
                  "MBA", "MFA", "MEng", "MTech", "MPhil", "PhD", "EdD", "JD", "MD", "AA", "AS",
                  "AAS", "LLB", "LLM")  # fmt: skip
_ABBR = "|".join(
    r"\.?\s?".join(re.findall(r"[A-Z][a-z]*", a)) + r"\.?"
    for a in sorted(_ABBREVIATIONS, key=len, reverse=True)
)
DEGREE = re.compile(
    r"(?P<en>\b(?:Bachelor|Master|Doctor)(?:'?s)?(?:\s+of(?:\s+[A-Z][a-z]+){1,3}|\s+degree)?"
    r"|\bAssociate(?:'?s)?(?:\s+degree|\s+of(?:\s+[A-Z][a-z]+){1,2})"
    rf"|(?<![\w.])(?:{_ABBR})(?![\w]))"
    r"|(?P<ko>전문학사|학사|석사|박사|석박사\s*통합)"
)
STATUS = re.compile(
    r"졸업\s*예정|졸업|재학|휴학|수료|중퇴|편입|졸업유예|expected|graduated|in progress"
)
_MAJOR_KO = re.compile(r"^[가-힣A-Za-z·]+(학과|학부|전공|과|계열|공학|학)$")
_MAJOR_END = re.compile(r"\s*(?:,|\||·|–|—|\s-\s|\(|\)|;)\s*|\s+(?=\d)")
_MINOR = re.compile(r"(?i)specialization|minor|concentration|gpa|grade|honou?rs|expected|graduat")
_NOISE = re.compile(
    r"^(gpa|grade|coursework|relevant|honors?|dean|thesis|minor|학점|평점|courses)", re.IGNORECASE
)


@dataclass
class _School:
    school: str | None = None
    degree: str | None = None
    major: str | None = None
    status: str | None = None
    dates: tuple[str | None, str | None] | None = None
    lines: list[Line] = field(default_factory=list)


def education_from_lines(lines: list[Line]) -> list[tuple[Education, Line]]:
    """Every school of an education section, with the first line it was read from."""
    entries: list[_School] = []
    pending: list[Line] = []
    for line in lines:
        text = BULLET.sub("", line.text).strip()
        if not text or _NOISE.match(text):
            continue
        _read_line(text, line, entries, pending)
    return [(_to_model(e), e.lines[0]) for e in entries if e.school]


def _read_line(text: str, line: Line, entries: list[_School], pending: list[Line]) -> None:
    """Add one line to the entries; a line naming neither a school nor a degree (`UC Berkeley`)
    waits in `pending` for a degree line that has no school."""
    school = find_school(text)
    degree = DEGREE.search(text)
    current = entries[-1] if entries else None
    starts_new = (
        current is None or (school and current.school) or (degree and current.degree and not school)
    )
    if not (school or degree) and (current is None or current.school):
        if current is not None and current.dates is None:
            _add_dates(current, text)
        pending[:] = [line] if _looks_like_name(text) else []
        return
    if starts_new or current is None:
        current = _School()
        entries.append(current)
        if pending and not school:
            current.school = strip_location(strip_dates(pending[0].text))
            current.lines.append(pending[0])
            _add_dates(current, pending[0].text)
    pending.clear()
    current.lines.append(line)
    if school and not current.school:
        current.school = school
    elif not current.school and not degree:
        current.school = strip_location(strip_dates(text)) or None
    _add_korean_parts(current, text)
    if degree:
        _add_degree(current, text, degree)
    _add_dates(current, text)


def _looks_like_name(text: str) -> bool:
    name = strip_location(strip_dates(text))
    words = name.split()
    return 0 < len(words) <= 6 and not re.search(r"\d|[.:]$", name) and not name[0].islower()


def find_school(text: str) -> str | None:
    """The school named in a line: a part with a school word, or a Korean 대학교 token."""
    korean = _SCHOOL_KO.search(text)
    if korean:
        return korean.group(0)
    for part in SEPARATORS.split(strip_location(strip_dates(text))):
        if _SCHOOL_EN.search(part) and not DEGREE.match(part.strip()):
            return strip_location(part.strip()) or None
    return None


def _add_degree(entry: _School, text: str, match: re.Match[str]) -> None:
    entry.degree = entry.degree or match.group(0).strip()
    if match.group("ko"):
        return
    rest = strip_location(strip_dates(text[match.end() :]))
    rest = re.sub(r"^\s*\([^)]*\)", "", rest)
    rest = re.sub(r"^\s*(?:in|of)?\s*[,:\-–—]?\s*(?:in\s+)?", "", rest)
    pieces = [p.strip(" .()") for p in _MAJOR_END.split(rest)]
    pieces = [p for p in pieces if not DEGREE.fullmatch(p)]
    major = pieces[0] if pieces else ""
    if entry.major is None and _is_major(major):
        entry.major = major
    leftovers = [p for p in pieces[1:] if p and not _MINOR.match(p) and len(p.split()) <= 5]
    before = strip_location(strip_dates(text[: match.start()])).strip(" ,|·–—-")
    if entry.school is None and (leftovers or _looks_like_name(before)):
        entry.school = before if _looks_like_name(before) else leftovers[0]
    elif entry.major is None and entry.school not in (None, before) and _is_major(before):
        entry.major = before  # `Business Administration, B.A., University of X`


def _is_major(text: str) -> bool:
    if not text or _SCHOOL_EN.search(text) or is_location(text) or not text[0].isupper():
        return False
    return not re.match(r"(?i)gpa|grade|expected|graduat", text)


def _add_korean_parts(entry: _School, text: str) -> None:
    tokens = [t.strip("(),") for t in re.split(r"[\s|/·,]+", strip_dates(text)) if t.strip("(),")]
    status = STATUS.search(text)
    if status and entry.status is None:
        entry.status = status.group(0)
    if entry.major is None:
        for token in tokens:
            if (
                _MAJOR_KO.match(token)
                and not _SCHOOL_KO.fullmatch(token)
                and not DEGREE.fullmatch(token)
            ):
                entry.major = token
                break
    first = tokens[0] if tokens else ""
    if entry.school is None and re.fullmatch(r"[가-힣]{3,}", first) and not DEGREE.fullmatch(first):
        entry.school = None if _MAJOR_KO.match(first) else first


def _add_dates(entry: _School, text: str) -> None:
    if entry.dates is not None:
        return
    found = first_range(text)
    if found is not None:
        entry.dates = (found.start, None if found.is_current else found.end)


def _to_model(entry: _School) -> Education:
    start, end = entry.dates or (None, None)
    return Education(
        school=entry.school,
        degree=entry.degree,
        major=entry.major,
        status=entry.status,
        start=start,
        end=end,
    )
