"""Dates and date ranges as resumes write them, in Korean and English, read to YYYY-MM or YYYY."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_WORD = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_YEAR = r"(?:19|20)\d{2}"
_TOKEN = re.compile(
    rf"(?P<ko>(?<!\d)(?P<ky>{_YEAR}|\d{{2}})\s*년(?:\s*(?P<km>\d{{1,2}})\s*월)?(?:\s*\d{{1,2}}\s*일)?)"
    rf"|(?P<ymd>(?<![\d.])(?P<y>{_YEAR})\s*[.\-/]\s*(?P<m>\d{{1,2}})(?!\d)"
    r"(?:\s*[.\-/]\s*\d{1,2}(?!\d))?\.?)"
    rf"|(?P<my>(?<![\d./])(?P<m2>\d{{1,2}})\s*[./]\s*(?P<y2>{_YEAR})(?!\d))"
    rf"|(?P<mon>\b(?P<mw>{_MONTH_WORD})\.?,?\s*(?:\d{{1,2}},?\s*)?(?P<y3>{_YEAR}|'\d{{2}})(?!\d))"
    rf"|(?P<season>\b(?:spring|summer|fall|autumn|winter)\s+(?P<y4>{_YEAR})(?!\d))"
    rf"|(?P<yy>(?<![\d.])'?(?P<y5>\d{{2}})\.(?P<m5>\d{{2}})(?:\.\d{{2}})?(?![\d]))"
    rf"|(?P<year>(?<![\d./])(?P<y6>{_YEAR})(?!\d))"
    r"|(?P<now>현재|재직\s*중|재학\s*중|근무\s*중|진행\s*중|\bpresent\b|\bcurrent(?:ly)?\b"
    r"|\bnow\b|\btoday\b|\bongoing\b)",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"^[\s(]*(?:~|∼|〜|-|–|—|to|until|till|→|부터)[\s(]*$", re.IGNORECASE)
_TAIL = re.compile(r"^[\s)]*(?:까지)?[\s)]*")
_DANGLING = re.compile(r"^\s*(?:~|∼|〜|-|–|—)\s*(?:\)|$)")


@dataclass(frozen=True)
class Token:
    """One date or 'present' word found in a line."""

    value: str | None
    start: int
    end: int
    two_digit: bool = False

    @property
    def is_now(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class DateRange:
    """A period: start and end as YYYY-MM or YYYY; end None with is_current when ongoing."""

    start: str | None
    end: str | None
    is_current: bool
    span: tuple[int, int]
    single: bool = False


def _year(text: str) -> int:
    value = int(text.lstrip("'"))
    if value >= 100:
        return value
    return 2000 + value if value <= 40 else 1900 + value


def _month_date(year: int, month: int | None) -> str | None:
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def _value(match: re.Match[str]) -> tuple[str | None, bool] | None:
    groups = match.groupdict()
    if groups["ko"]:
        month = int(groups["km"]) if groups["km"] else None
        return _month_date(_year(groups["ky"]), month), len(groups["ky"]) == 2
    if groups["ymd"]:
        return _month_date(int(groups["y"]), int(groups["m"])), False
    if groups["my"]:
        return _month_date(int(groups["y2"]), int(groups["m2"])), False
    if groups["mon"]:
        return _month_date(_year(groups["y3"]), _MONTHS[groups["mw"][:3].lower()]), False
    if groups["season"]:
        return groups["y4"], False
    if groups["yy"]:
        return _month_date(_year(groups["y5"]), int(groups["m5"])), True
    if groups["year"]:
        return groups["y6"], False
    return None, False


def tokens(text: str) -> list[Token]:
    """Every date and 'present' word in `text`, left to right (invalid months skipped)."""
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        parsed = _value(match)
        if parsed is None:
            continue
        value, two_digit = parsed
        if value is None and not match.group("now"):
            continue
        found.append(Token(value, match.start(), match.end(), two_digit))
    return found


def find_ranges(text: str) -> list[DateRange]:
    """Date ranges (`2019.03 ~ 현재`, `Mar 2019 - Jan 2021`) and single dates (`Summer 2022`).

    A two-digit year (`19.03`) only counts inside a range, and a lone 'present' word never
    makes a range by itself.
    """
    found: list[DateRange] = []
    items = tokens(text)
    i = 0
    while i < len(items):
        first = items[i]
        second = items[i + 1] if i + 1 < len(items) else None
        if second and not first.is_now and _BETWEEN.match(text[first.end : second.start]):
            tail = _TAIL.match(text, second.end)
            end_at = tail.end() if tail else second.end
            found.append(DateRange(first.value, second.value, second.is_now, (first.start, end_at)))
            i += 2
            continue
        gap = text[first.end : second.start if second else len(text)]
        dangling = _DANGLING.match(gap)
        if not first.is_now and dangling:
            span = (first.start, first.end + dangling.end())
            found.append(DateRange(first.value, None, True, span))
        elif not first.is_now and not first.two_digit:
            found.append(DateRange(first.value, first.value, False, (first.start, first.end), True))
        i += 1
    return found


def first_range(text: str) -> DateRange | None:
    """The first true range in `text`, else the first single date, else None."""
    ranges = find_ranges(text)
    for item in ranges:
        if not item.single:
            return item
    return ranges[0] if ranges else None


def ends_open(text: str) -> bool:
    """Whether a line ends in a dangling range (`2021 –`), so its end is on the next line."""
    return bool(re.search(r"(?:\d|[a-z])\s*(?:~|-|–|—|to)\s*$", text, re.IGNORECASE)) and bool(
        tokens(text)
    )
