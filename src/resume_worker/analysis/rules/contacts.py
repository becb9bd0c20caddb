"""The candidate's own contact details: e-mails, phones, links and birth year, with their spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from resume_worker.analysis.rules.dates import tokens
from resume_worker.analysis.rules.layout import Line
from resume_worker.core import pii

_NOT_OWN = re.compile(
    r"팩\s*스|fax|교\s*수|담\s*당|추\s*천|referee|reference|supervisor|manager:|대\s*표\s*번\s*호",
    re.IGNORECASE,
)
_HAS_CONTACT = re.compile(rf"{pii.EMAIL.pattern}|{pii.PHONE.pattern}")
_OWN_SECTIONS = frozenset({"header", "personal", "summary"})
_FOREIGN_SECTIONS = frozenset({"references"})


@dataclass(frozen=True)
class Found:
    """A value found in the text, with its offsets."""

    value: str
    start: int
    end: int
    page: int


def _scan(
    pattern: re.Pattern[str], lines: list[Line], kinds: list[str]
) -> list[tuple[Found, str, Line]]:
    found: list[tuple[Found, str, Line]] = []
    previous = ""
    for line, section in zip(lines, kinds, strict=True):
        # `추천 교수: 홍길동` (no contact of its own) over their bare e-mail and phone
        theirs = _NOT_OWN.search(previous) and not _HAS_CONTACT.search(previous)
        kind = "references" if theirs and ":" not in line.text else section
        previous = line.text
        for match in pattern.finditer(line.text):
            value = match.group(0).strip().rstrip(".")
            at = line.start + min(match.start(), max(0, line.end - line.start - 1))
            found.append((Found(value, at, at + len(value), line.page), kind, line))
    return found


def _own(found: list[tuple[Found, str, Line]], labelled: re.Pattern[str] | None) -> list[Found]:
    usable = [
        (item, kind)
        for item, kind, line in found
        if kind not in _FOREIGN_SECTIONS and not _NOT_OWN.search(line.text)
    ]
    preferred = [item for item, kind in usable if kind in _OWN_SECTIONS or kind == "heading"]
    if labelled is not None:
        preferred += [
            item
            for item, kind, line in found
            if labelled.search(line.text) and (item, kind) in usable and item not in preferred
        ]
    chosen = preferred or [item for item, _ in usable]
    unique: dict[str, Found] = {}
    for item in chosen:
        unique.setdefault(re.sub(r"\W", "", item.value).casefold(), item)
    return list(unique.values())


def find_emails(lines: list[Line], kinds: list[str]) -> list[Found]:
    """The candidate's e-mails: those outside references and not labelled as someone else's."""
    return _own(_scan(pii.EMAIL, lines, kinds), None)


def find_phones(lines: list[Line], kinds: list[str]) -> list[Found]:
    """The candidate's phones, preferring the header and phone-labelled rows; fax lines skipped."""
    found = _scan(pii.PHONE, lines, kinds)
    found = [f for f in found if 8 <= len(re.sub(r"\D", "", f[0].value)) <= 15]
    return _own(found, pii.PHONE_LABEL)


def find_links(lines: list[Line], kinds: list[str]) -> list[Found]:
    """Profile links (LinkedIn, GitHub, personal sites) outside references."""
    masked = [line for line in lines]
    return [item for item in _own(_scan(pii.LINK, masked, kinds), None) if "@" not in item.value]


def find_birth_year(lines: list[Line]) -> Found | None:
    """The birth year from a labelled birth date or a resident registration number."""
    for line in lines:
        for text in _birth_texts(line):
            year = _year_in(text)
            if year is not None:
                return Found(str(year), line.start, line.end, line.page)
    for line in lines:
        match = pii.RESIDENT_NUMBER.search(line.text)
        if match and 1 <= int(match.group(2)) <= 12:
            century = 1900 if match.group(4) in "1256" else 2000
            year = century + int(match.group(1))
            return Found(str(year), line.start, line.end, line.page)
    return None


def _birth_texts(line: Line) -> list[str]:
    if not line.is_row:
        return [line.text] if pii.BIRTH_CUE.search(line.text) else []
    texts: list[str] = []
    cells = [cell.text for cell in line.cells]
    for index, cell in enumerate(cells):
        if pii.BIRTH_CUE.search(cell):
            texts.append(" ".join(cells[index : index + 2]))
    return texts


def _year_in(text: str) -> int | None:
    for token in tokens(text):
        if token.value is None:
            continue
        year = int(token.value[:4])
        if 1930 <= year <= 2015:
            return year
    match = re.search(r"(?<!\d)((?:19|20)\d{2}|\d{2})\s*년\s*생", text)
    if match:
        value = int(match.group(1))
        return value if value > 100 else (1900 + value if value > 30 else 2000 + value)
    return None
