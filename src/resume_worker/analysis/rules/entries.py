"""Splitting a section's lines into entries: header lines (names, titles, dates) and body lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resume_worker.analysis.rules.dates import DateRange, ends_open, first_range, tokens
from resume_worker.analysis.rules.layout import Line
from resume_worker.analysis.rules.roles import (
    STRONG_SEPARATORS,
    is_location,
    strip_location,
    title_score,
)

BULLET = re.compile(r"^\s*(?:[•●○◦▪▫■□◆◇►▶▷✓✔➢➤*·‣⁃]|[-–—](?=\s)|\d+[.)]\s)\s*")
_ABBREVIATIONS = frozenset({"inc.", "corp.", "co.", "ltd.", "jr.", "sr.", "st.", "dr.", "llc."})
_KO_SENTENCE = re.compile(r"(다|요|함|음|임|됨)\.?$")
MAX_HEADER_TEXTS = 2
_DATE_COLUMN = re.compile(r"^(?P<date>[^\s].{0,20}?)\s*(?:–|—|-|~)\s+(?P<rest>[^\d\s].*)$")
_DURATION = re.compile(
    r"\(\s*(?:총\s*)?\d+\s*(?:yrs?|years?|mos?|months?|년|개월)\b[^)]*\)"
    r"|(?<![\w])\d+\s*(?:yrs?|years?)\s*\d*\s*(?:mos?|months?)?(?![\w])"
    r"|(?<![\w])\d+\s*(?:mos?|months?)(?![\w])|(?<![\w])(?:총\s*)?(?:\d+\s*년\s*)?\d+\s*개월"
    r"|(?<![\w\d.])(?:총\s*)?\d+\s*년(?=\s*$)",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(
    r"(?i)(?:\b[a-z]{3,9}\.?\s+)?\b(?:19|20)xx\b(?:\s*[-–~]\s*(?:(?:[a-z]{3,9}\.?\s+)?"
    r"(?:19|20)xx|current|present|now)\b)?"
)


@dataclass
class Entry:
    """One job, school or project: its header lines, its date range and its body lines."""

    header: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    dates: DateRange | None = None
    date_line: Line | None = None

    def texts(self) -> int:
        """How many header lines carry text besides a date."""
        return sum(1 for line in self.header if header_text(line.text))


def header_text(text: str) -> str:
    """A header line without its dates and location."""
    return strip_location(strip_dates(text))


def strip_bullet(text: str) -> str:
    return BULLET.sub("", text).strip()


def strip_dates(text: str) -> str:
    """The text without its first date range, tidied of the brackets and separators around it."""
    found = first_range(text)
    if found is None:
        return _tidy(text)
    head, tail = text[: found.span[0]], text[found.span[1] :]
    if _tidy(head) and len(tail.split()) >= 3:
        tail = ""
    return _tidy(f"{head} {tail}")


# `Acme ........ Austin, TX`: leader dots or dashes to a right-aligned part; `# Acme` (Markdown);
# `Acme (~50 employees)`.
_LEADER = re.compile(r"\s*(?:\.\s?){4,}\s*|\s*[-–—_·]{3,}\s*")
_MARKDOWN = re.compile(r"^#{1,6}\s+")
_HEADCOUNT = re.compile(
    r"\(\s*[~약]?\s*[\d,]+\s*\+?\s*(?:employees|people|staff|명|인)\s*(?:규모)?\s*\)", re.IGNORECASE
)


def _tidy(text: str) -> str:
    text = _LEADER.sub(" | ", _HEADCOUNT.sub(" ", _MARKDOWN.sub("", text)))
    text = _DURATION.sub(" ", _PLACEHOLDER.sub(" ", text))
    text = re.sub(r"\(\s*[,;~\-–]?\s*\)|\[\s*\]", " ", text)
    text = re.sub(r"\s+", " ", text)
    return strip_bullet(text).strip(" |·•—–-/,:;~").rstrip("( ")


def is_body(line: Line, dates: DateRange | None) -> bool:
    """Whether a line is description rather than an entry header (bullets, sentences, wraps)."""
    text = line.text
    if dates is not None and not dates.single and len(text) < 120:
        return False
    if BULLET.match(text) or text[:1].islower() or re.match(r"\d[\d%.,+]*\s+[a-z]", text):
        return True
    if re.match(r"[A-Z][a-z]+ed\s", text) and len(text.split()) >= 4:
        return True
    if len(text) >= 75 or _KO_SENTENCE.search(text):
        return True
    words = text.split()
    return text.endswith(".") and len(words) >= 3 and words[-1].casefold() not in _ABBREVIATIONS


def join_open_ranges(lines: list[Line]) -> list[Line]:
    """Join `2021 –` with a next line that starts with a date or `Present`; in a date column
    (`2021 – Engineer, OpenAI` over `Present Leading a team...`) the end moves up too."""
    joined: list[Line] = []
    pending = list(lines)
    while pending:
        line = pending.pop(0)
        following = pending[0] if pending else None
        start = _starts_with_date(following.text) if following else None
        if following is None or start is None:
            joined.append(line)
            continue
        if ends_open(line.text):
            text = f"{line.text} {following.text}"
            joined.append(Line(text, text, line.start, following.end, line.page))
            pending.pop(0)
            continue
        column = _DATE_COLUMN.match(line.text)
        own = first_range(line.text)
        if column and own is not None and own.single and len(tokens(column.group("date"))) == 1:
            text = f"{column.group('date')} – {following.text[:start]} {column.group('rest')}"
            joined.append(Line(text, text, line.start, line.end, line.page))
            rest = following.text[start:].strip()
            pending[0] = Line(rest, rest, following.start, following.end, following.page)
            if not rest:
                pending.pop(0)
            continue
        joined.append(line)
    return joined


def _starts_with_date(text: str) -> int | None:
    """The end offset of a date or `Present` that opens the text, else None."""
    found = tokens(text)
    return found[0].end if found and found[0].start == 0 else None


def _nested(inner: DateRange, outer: DateRange) -> bool:
    if inner.start is None or outer.start is None or inner.start < outer.start:
        return False
    if outer.is_current or outer.end is None:
        return True
    return inner.end is not None and inner.end <= outer.end and inner != outer


def segment(lines: list[Line]) -> list[Entry]:
    """Group lines into entries; a new entry starts at a header line after body lines, or at a
    second date range that is not nested inside the current entry's period."""
    entries: list[Entry] = []
    current = Entry()
    joined = join_open_ranges(lines)
    for index, line in enumerate(joined):
        dates = first_range(line.text)
        if dates is not None and current.dates is not None and _nested(dates, current.dates):
            current.body.append(line)
            continue
        opens = dates is None and _opens_next(joined, index, current.dates)
        late = not current.body and not opens and _is_late_header(current, dates)
        if is_body(line, dates) or late:
            current.body.append(line)
            continue
        if current.body or (dates is not None and current.dates is not None) or opens:
            entries.append(current)
            current = Entry()
        current.header.append(line)
        if dates is not None and current.dates is None:
            current.dates, current.date_line = dates, line
    entries.append(current)
    entries = [_trim_header(entry, entries, i) for i, entry in enumerate(entries)]
    kept = _merge_undated([entry for entry in entries if entry.header])
    return [_adopt_bullet_header(entry) for entry in kept]


def _trim_header(entry: Entry, entries: list[Entry], index: int) -> Entry:
    """Keep only the header lines next to the date; earlier ones belong to the entry before."""
    if entry.date_line is None or entry.date_line not in entry.header:
        return entry
    at = entry.header.index(entry.date_line)
    own = sum(1 for line in entry.header[at:] if header_text(line.text))
    allowed = 0 if _complete(entry.date_line) else max(0, MAX_HEADER_TEXTS - own)
    keep_from = at
    while keep_from > 0 and allowed > 0:
        keep_from -= 1
        allowed -= 1 if header_text(entry.header[keep_from].text) else 0
    if keep_from and index:
        entries[index - 1].body.extend(entry.header[:keep_from])
    entry.header = entry.header[keep_from:]
    return entry


def _merge_undated(entries: list[Entry]) -> list[Entry]:
    """Where most entries are dated, an undated one is a stray description line of the last."""
    dated = sum(1 for entry in entries if entry.dates is not None)
    if dated * 2 < len(entries):
        return entries
    merged: list[Entry] = []
    for entry in entries:
        if entry.dates is None and merged:
            merged[-1].body.extend(entry.header + entry.body)
            continue
        merged.append(entry)
    return merged


def _opens_next(lines: list[Line], index: int, period: DateRange | None) -> bool:
    """Whether an undated header line, after an entry that has its `period`, opens the next
    entry: one or two header lines and then a dated line (`Title` / `Company` / `2019 – 2021`
    again) whose period is not within this one's, with no description in between."""
    if period is None:
        return False
    for ahead in lines[index + 1 : index + 1 + MAX_HEADER_TEXTS]:
        dates = first_range(ahead.text)
        if is_body(ahead, dates):
            return False
        if dates is not None:
            return not dates.single and not _nested(dates, period)
    return False


def _is_late_header(entry: Entry, dates: DateRange | None) -> bool:
    """After the dated line, one more header line is allowed unless the header is complete."""
    if entry.dates is None or dates is not None:
        return False
    return entry.texts() >= MAX_HEADER_TEXTS or _complete(entry.date_line)


def _complete(line: Line | None) -> bool:
    """A dated line naming a title and something else (`(주)야놀자 주임 ...`, `X — Engineer`)."""
    text = header_text(line.text) if line is not None else ""
    if re.search(r"[가-힣]", text) and title_score(text) == 1:
        return True
    parts = [p for p in STRONG_SEPARATORS.split(text) if p and not is_location(p)]
    return len(parts) >= 2 and any(title_score(p) == 2 for p in parts)


def _adopt_bullet_header(entry: Entry) -> Entry:
    """A date-only header whose title and employer sit in the first bullet (`• Title, Company`)."""
    if entry.texts() or not entry.body:
        return entry
    first = entry.body[0]
    text = strip_bullet(first.text)
    if len(text) <= 80 and not text.endswith("."):
        entry.header.append(first)
        entry.body = entry.body[1:]
    return entry
