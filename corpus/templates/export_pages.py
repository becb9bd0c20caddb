"""What the recreated LinkedIn and job-board exports share: tenure counted the way those sites
count it, and printing a page with its images through the offline Chromium."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

from corpus.chromium import print_pdf
from corpus.records import TODAY, Career
from corpus.templates import Context


def esc(text: object) -> str:
    """HTML-escaped text: company names like `Foods & Co` must print as written."""
    return html.escape(str(text), quote=True)


def _index(value: str) -> int:
    year, month = value[:7].split("-")
    return int(year) * 12 + int(month) - 1


def months_held(career: Career) -> int:
    """Months of a job counting both its first and its last month, as LinkedIn and the Korean
    boards do (2019-03 to 2021-02 is 24 months, `2년`); a current job runs to the corpus's today."""
    if not career.start:
        return 0
    end = TODAY.strftime("%Y-%m") if career.is_current else (career.end or career.start)
    return _index(end) - _index(career.start) + 1


def months_spanned(careers: Iterable[Career]) -> int:
    """Months from the first start to the last end of roles at one company (LinkedIn's total for
    grouped roles: the span, so a promotion month is not counted twice)."""
    dated = [c for c in careers if c.start]
    if not dated:
        return 0
    first = min(_index(c.start or "") for c in dated)
    last = max(_index(c.start or "") + months_held(c) - 1 for c in dated)
    return last - first + 1


def months_total(careers: Iterable[Career]) -> int:
    """Distinct months worked over a whole history (the boards' `경력 총 N년 M개월`): a month two
    roles share counts once."""
    months: set[int] = set()
    for career in careers:
        if career.start:
            first = _index(career.start)
            months.update(range(first, first + months_held(career)))
    return len(months)


def en_tenure(months: int) -> str:
    """`2 years 3 months`, `1 year 1 month`, `7 months`, `1 year`."""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years > 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


def ko_tenure(months: int) -> str:
    """`2년 3개월`, `2년`, `7개월`."""
    years, rest = divmod(months, 12)
    parts = [f"{years}년"] if years else []
    if rest or not years:
        parts.append(f"{rest}개월")
    return " ".join(parts)


def print_page(page: str, context: Context, name: str, assets: dict[str, bytes]) -> bytes:
    """The PDF of `page` printed with its images (`assets`, file name -> bytes) beside it in a
    folder of its own, so the page loads them as relative file:// URLs and nothing else."""
    folder = context.work / name
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, data in assets.items():
        (folder / file_name).write_bytes(data)
    source = folder / "page.html"
    source.write_text(page, encoding="utf-8")
    return print_pdf(Path(source), chromium=context.chromium)
