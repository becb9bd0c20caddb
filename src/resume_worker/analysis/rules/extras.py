"""The smaller sections: certificates, languages, military service, projects, summary, address."""

from __future__ import annotations

import re

from resume_worker.analysis.rules.dates import first_range
from resume_worker.analysis.rules.entries import segment, strip_bullet, strip_dates
from resume_worker.analysis.rules.layout import Line
from resume_worker.core import pii
from resume_worker.core.models import Project

_ADDRESS_LABEL = re.compile(rf"^(?:{pii.ADDRESS_LABEL})$", re.IGNORECASE)
_MILITARY_LABEL = re.compile(
    r"^(병\s*역(\s*사\s*항)?|군\s*필|military(\s*service)?)$", re.IGNORECASE
)
MAX_SUMMARY = 600


def section_lines(lines: list[Line], kinds: list[str], kind: str) -> list[Line]:
    """The lines that belong to one section kind."""
    return [line for line, k in zip(lines, kinds, strict=True) if k == kind]


def certificates(lines: list[Line]) -> list[str]:
    """Certificate names: the first cell that is not a date, or the line without its date."""
    names: list[str] = []
    for line in lines:
        if line.is_row:
            cells = [c.text for c in line.cells if first_range(c.text) is None]
            candidates = cells[:1]
        else:
            candidates = [p for p in re.split(r"\s*[,;]\s*(?![^()]*\))", line.text)]
        for candidate in candidates:
            name = strip_dates(strip_bullet(candidate)).strip(" ()")
            if name and len(name) <= 60 and not _is_column_word(name):
                names.append(name)
    return list(dict.fromkeys(names))


def _is_column_word(text: str) -> bool:
    return bool(
        re.fullmatch(r"취득일|자격증명|발행기관|발급기관|시행처|등급|취득일자|자격증", text)
    )


def plain_items(lines: list[Line]) -> list[str]:
    """Each line (or row) as one item, bullets removed."""
    return [strip_bullet(line.text) for line in lines if strip_bullet(line.text)]


def labelled_value(lines: list[Line], label: re.Pattern[str]) -> str | None:
    """The cell after a label cell, or the text after `label:` on a line."""
    for line in lines:
        cells = [c.text for c in line.cells] if line.is_row else []
        for index, cell in enumerate(cells[:-1]):
            if label.match(cell.strip()):
                return cells[index + 1]
        if not line.is_row and ":" in line.text:
            head, _, tail = line.text.partition(":")
            if label.match(head.strip()) and tail.strip():
                return tail.strip()
    return None


def address(lines: list[Line]) -> str | None:
    return labelled_value(lines, _ADDRESS_LABEL)


def military(lines: list[Line], section: list[Line]) -> str | None:
    """병역 from a labelled cell, else the first line of a military section."""
    value = labelled_value(lines, _MILITARY_LABEL)
    if value is None and section:
        value = strip_bullet(section[0].text)
    return value or None


def summary(lines: list[Line]) -> str | None:
    text = " ".join(line.text for line in lines if not line.is_row).strip()
    return text[:MAX_SUMMARY] or None


def projects(lines: list[Line]) -> list[Project]:
    """Projects with a name and period; the body lines become the description."""
    found: list[Project] = []
    for entry in segment([line for line in lines if not line.is_row]):
        name = strip_dates(entry.header[0].text)
        name = re.split(r"\s*[:|]\s*", name)[0].strip(' “”"')
        if not name:
            continue
        dates = entry.dates
        description = " ".join(strip_bullet(line.text) for line in entry.body)[:MAX_SUMMARY]
        found.append(
            Project(
                name=name[:120],
                start=dates.start if dates else None,
                end=None if dates is None or dates.is_current else dates.end,
                description=description or None,
            )
        )
    return found
