"""Section headings (경력, 학력, Skills, ...) and which section each line of a resume belongs to."""

from __future__ import annotations

import re

from resume_worker.analysis.rules.dates import first_range
from resume_worker.analysis.rules.layout import Line
from resume_worker.text.headings import heading_key, heading_kind, words

_DATED = frozenset({"experience", "education", "projects"})
_MODIFIERS = words(
    """
    technical work professional relevant core key top career employment academic research
    leadership additional other selected personal 주요 보유 기술 경력 업무
    """
)
_CLOSING = re.compile(
    r"^(?:위|상기|이상|본인은).{0,40}(?:사실|틀림|다름|확인|정확)"
    r"|^I (?:hereby )?(?:certify|declare)"
)
_TITLES = re.compile(r"^(이력서|입사지원서|지원서|resume|résumé|cv|curriculumvitae)$")


def is_document_title(text: str) -> bool:
    """Whether a line is a document title such as 이 력 서 or RESUME."""
    return bool(_TITLES.match(re.sub(r"[\s()\[\]]+", "", text.casefold())))


def assign_sections(lines: list[Line]) -> list[str]:
    """The section kind of every line; lines before the first heading are the `header`.

    A heading is a short paragraph line, a table row with one cell, or a heading split over two
    short lines (`Technical` / `Skills`). A page that opens with a dated line and no heading
    continues the last dated section (a two-column page whose sidebar came in between).
    """
    kinds: list[str] = []
    current = "header"
    last_dated = None
    skip_next = False
    for index, line in enumerate(lines):
        if skip_next:
            skip_next = False
            kinds.append("heading")
            continue
        new_page = index > 0 and line.page != lines[index - 1].page
        if new_page and last_dated and current not in _DATED and first_range(line.text):
            current = last_dated
        last_dated = current if current in _DATED else last_dated
        kind = line_heading(line)
        if kind is None and index + 1 < len(lines):
            kind = _split_heading(line, lines[index + 1])
            skip_next = kind is not None
        if kind is not None:
            current = current if _is_entry_subheading(line, current) else kind
            kinds.append("heading")
            continue
        if _CLOSING.search(line.text):
            current = "closing"
        kinds.append(current)
    return kinds


# Titles inside an entry (JSON Resume's `Highlights`, 주요 성과) that do not end its section.
_ENTRY_SUBHEADINGS = words(
    """
    highlights keyhighlights achievements keyachievements accomplishments responsibilities
    keyresponsibilities 주요성과 성과 주요업무 담당업무
    """
)


def _is_entry_subheading(line: Line, current: str) -> bool:
    return current in _DATED and heading_key(line.text) in _ENTRY_SUBHEADINGS


def line_heading(line: Line) -> str | None:
    """The heading kind of one line or one-cell table row."""
    if line.is_row and len(line.cells) != 1:
        return None
    return heading_kind(line.text)


def _split_heading(line: Line, following: Line) -> str | None:
    if line.is_row or following.is_row or len(line.text) > 20 or len(following.text) > 20:
        return None
    if heading_key(line.text) not in _MODIFIERS:
        return None
    joined = heading_kind(f"{line.text} {following.text}")
    alone = heading_kind(following.text)
    return joined if alone is None or alone == joined else None
