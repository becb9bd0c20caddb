"""What a printed theme shows, read back from its PDF with the worker's own extractor: the links
and handles it printed (themes differ: a URL, a bare `github.com/x`, a username, or only an icon)
and its icon-font characters. The planted-PII list is taken from what is there, not assumed."""

from __future__ import annotations

import re
import unicodedata


def read_back(pdf: bytes) -> str:
    """The document's text as the worker extracts it (the build checks the gold against it)."""
    from resume_worker.stages.extract_text import extract_text
    from resume_worker.stages.validate_file import FileLimits, validate_file

    file = validate_file(pdf, extension="pdf", limits=FileLimits())
    return extract_text(file, min_text_chars=0).text


def flat(text: str) -> str:
    """Spaces and case aside, as corpus.gold compares (a URL may wrap across lines)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\u00a0]+", "", text)


def printed_links(text: str, links: tuple[str, ...]) -> tuple[str, ...]:
    """Each of the persona's links in the longest form the text holds (`https://github.com/x`
    over `github.com/x`); a link shown only as an icon is not printed."""
    flat_text, printed = flat(text), []
    for link in links:
        for form in (f"https://{link}", f"http://{link}", f"https://www.{link}", link):
            if flat(form) in flat_text:
                printed.append(form)
                break
    return tuple(printed)


def printed_handles(text: str, handle: str) -> tuple[str, ...]:
    """The profile username when the text shows it on its own (`kjensen (GitHub)`), not only
    inside a URL or the e-mail address."""
    if not handle:
        return ()
    alone = re.compile(rf"(?<![\w.@/-]){re.escape(handle)}(?![\w@/.-])", re.I)
    return (handle,) if alone.search(text) else ()


def missing(text: str, wanted: list[str]) -> list[str]:
    """The wanted strings the text does not hold (spaces and case aside)."""
    flat_text = flat(text)
    return [value for value in wanted if value and flat(value) not in flat_text]


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip


def month_forms(value: str) -> tuple[str, ...]:
    """`2021-03` as the themes print it: `Mar 2021`, `Mar, 2021`, `March 2021`, `Sept 2021`,
    `03/2021`, `2021-03-01`."""
    year, month = value[:4], int(value[5:7])
    name = MONTHS[month - 1]
    short = "Sept" if month == 9 else name[:3]
    return (f"{name[:3]} {year}", f"{name[:3]}, {year}", f"{name} {year}", f"{short} {year}",
            f"{month:02d}/{year}", f"{value[:7]}-01")  # fmt: skip


def unprinted_months(text: str, months: list[str]) -> list[str]:
    """The `YYYY-MM` values the text shows in none of the month forms."""
    flat_text = flat(text)
    return [m for m in months if not any(flat(form) in flat_text for form in month_forms(m))]
