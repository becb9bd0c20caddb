"""Date ranges as resumes print them, in English and Korean styles (month or year precision)."""

from __future__ import annotations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
EN_MONTH_STYLES = ("mon", "month", "slash", "dot", "iso")
KO_MONTH_STYLES = ("dot", "korean", "dash", "short", "spaced", "tight")
CURRENT_EN = ("Present", "Current", "Now", "present")
CURRENT_KO = ("현재", "재직중", "재직 중", "(재직중)")


def _parts(value: str) -> tuple[int, int]:
    year, month = value.split("-")
    return int(year), int(month)


def en_date(value: str, style: str) -> str:
    year, month = _parts(value)
    return {
        "mon": f"{MONTHS[month - 1][:3]} {year}",
        "month": f"{MONTHS[month - 1]} {year}",
        "slash": f"{month:02d}/{year}",
        "dot": f"{year}.{month:02d}",
        "iso": f"{year}-{month:02d}",
    }[style]


def ko_date(value: str, style: str) -> str:
    year, month = _parts(value)
    return {
        "dot": f"{year}.{month:02d}",
        "korean": f"{year}년 {month}월",
        "dash": f"{year}-{month:02d}",
        "short": f"{year % 100:02d}.{month:02d}",
        "spaced": f"{year}. {month:02d}",
        "tight": f"{year}.{month:02d}",
    }[style]


def en_range(start: str, end: str | None, current: bool, style: str, *, year_only: bool = False,
             current_word: str = "Present", dash: str = " – ") -> str:  # fmt: skip
    """`Jan 2019 – Present`, `03/2018 - 05/2020`, `2016 – 2019` (year_only)."""
    if year_only:
        first = start[:4]
        last = current_word if current else (end or start)[:4]
    else:
        first = en_date(start, style)
        last = current_word if current else en_date(end or start, style)
    return f"{first}{dash}{last}"


def ko_range(start: str, end: str | None, current: bool, style: str, *, current_word: str = "현재",
             tilde: str = " ~ ") -> str:  # fmt: skip
    """`2019.03 ~ 현재`, `2019년 3월 - 2021년 2월`, `19.03~21.02`."""
    separator = {"korean": " - ", "short": "~", "tight": "-"}.get(style, tilde)
    last = current_word if current else ko_date(end or start, style)
    return f"{ko_date(start, style)}{separator}{last}"
