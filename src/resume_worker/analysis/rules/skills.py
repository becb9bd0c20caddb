"""Skills: the items under a skills heading, split one by one, proficiency marks removed."""

from __future__ import annotations

import re

from resume_worker.analysis.rules.entries import BULLET
from resume_worker.analysis.rules.layout import Line, split_gaps
from resume_worker.text.headings import heading_kind, words

_LABEL = re.compile(r"^(?P<label>[^:：]{1,40})\s*[:：]\s*(?P<rest>.*)$")
_NOT_SKILL_LABEL = re.compile(
    r"(?i)^spoken\s+languages?\s*$|interests?|hobbies|hobby|취미|관심|어학|외국어|certif|자격|awards?"
)
_SPOKEN = re.compile(
    r"(?i)\b(english|spanish|french|german|korean|japanese|chinese|mandarin|cantonese|italian"
    r"|portuguese|russian|arabic|hindi|vietnamese|fluent|native|bilingual|conversational)\b"
    r"|영어|일본어|중국어|한국어|독일어|프랑스어|스페인어|원어민|토익|toeic|toefl|opic|ielts"
)
_SPLIT = re.compile(r"\s*(?:,\s*and\s+|[,;、，|•·▪●]|\s/\s)\s*")
_PROFICIENCY = re.compile(
    r"\s*[(\[](?:상|중|하|상급|중급|하급|초급|고급|advanced|intermediate|beginner|basic|expert"
    r"|proficient|native|fluent|\d+\s*(?:years?|yrs?|년)\+?|lv\.?\s*\d|\d+%)[)\]]"
    r"|\s*[★☆●○◎◐]+\s*"
    r"|\s+(?:상|중|하|상급|중급|초급|고급)$"
    r"|\s*[-–:]?\s*\b(?:advanced|intermediate|beginner|expert|basic)\b\s*$",
    re.IGNORECASE,
)
_LEAD_PHRASE = re.compile(
    r"(?i)^(?:proficient|experienced|familiar|skilled|competent)\s+(?:in|with)\s+"
)
_TECHY = re.compile(r"^(?:[A-Z0-9][\w.+#/-]*|[a-z]+[A-Z][\w.+#/-]*|\.NET|[a-z]+\.js)$")
MAX_WORDS = 5
_TABLE_HEADERS = words(
    """
    구분 내용 항목 분야 수준 숙련도 기술명 스킬 비고 활용도
    category skill skills level proficiency details tools
    """
)


def skills_from_lines(lines: list[Line]) -> list[str]:
    """Split skills-section lines and table cells into single items, in order, without repeats."""
    items: list[str] = []
    for text in _logical_lines(lines):
        items.extend(_items_of(text))
    seen: set[str] = set()
    unique: list[str] = []
    for item in items:
        key = re.sub(r"[\s.\-]+", "", item).casefold()
        if key and key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _logical_lines(lines: list[Line]) -> list[str]:
    """Lines, with wrapped continuations joined and column gaps kept as separators."""
    texts: list[str] = []
    for index, line in enumerate(lines):
        if line.is_row:
            texts.extend(_row_texts(line))
            continue
        around = lines[index - 1] if index else None, lines[index + 1 : index + 2]
        if _is_category(line, *around):
            texts.append("")  # `Backend` over `Go, Java`: a group's name, and no continuation
            continue
        parts = split_gaps(line.raw) if not _SPLIT.search(line.text) else [line.text]
        text = " , ".join(parts) if len(parts) > 1 else line.text
        if texts and _continues(texts[-1], text):
            texts[-1] = f"{texts[-1]} {text}"
        else:
            texts.append(text)
    return texts


def _is_category(line: Line, previous: Line | None, following: list[Line]) -> bool:
    """A short line with no list marks over a line that is a list, first or after another
    list: the name of a group (`Backend` over `Go, Java`)."""
    text = line.text.strip()
    if not following or BULLET.match(text) or _SPLIT.search(text) or ":" in text:
        return False
    if previous is not None and not _is_list(previous):
        return False
    return len(text.split()) <= 3 and _is_list(following[0]) and not text[:1].isdigit()


def _is_list(line: Line) -> bool:
    return bool(_SPLIT.search(BULLET.sub("", line.text)))


def _row_texts(line: Line) -> list[str]:
    cells = [cell.text for cell in line.cells]
    if all(cell.casefold() in _TABLE_HEADERS for cell in cells):
        return []
    if len(cells) >= 2 and heading_kind(cells[0]) is not None:
        return cells[1:]
    labelled = _SPLIT.search(cells[1]) or _PROFICIENCY.search(cells[1]) if len(cells) == 2 else None
    if labelled and len(cells[0].split()) <= 3:
        return [f"{cells[0]}: {cells[1]}"]
    return cells


def _continues(previous: str, text: str) -> bool:
    if BULLET.match(text) or _LABEL.match(text):
        return False
    joined_list = bool(re.search(r"[,;]", previous)) and not re.search(r"[,;:]\s*$", previous)
    return text[:1].islower() or (joined_list and len(text.split()) <= 2 and "," not in text)


def _items_of(text: str) -> list[str]:
    text = BULLET.sub("", text).strip()
    label = _LABEL.match(text)
    if label:
        if _NOT_SKILL_LABEL.search(label.group("label")):
            return []
        text = label.group("rest")
    elif heading_kind(text.split(" ")[0]) == "skills" and len(text.split()) > 2:
        text = text.split(" ", 1)[1]
    text = _strip_skill_heading(text)
    items: list[str] = []
    pieces = _SPLIT.split(text)
    for raw in pieces:
        item = _clean_item(raw)
        if item:
            items.extend(_space_split(item) if len(pieces) == 1 else [item])
    return [item for item in items if not _SPOKEN.search(item)]


def _strip_skill_heading(text: str) -> str:
    for size in (2, 1):
        words = text.split(" ")
        if len(words) > size and heading_kind(" ".join(words[:size])) == "skills":
            return " ".join(words[size:])
    return text


def _clean_item(raw: str) -> str:
    item = _LEAD_PHRASE.sub("", raw.strip())
    item = _PROFICIENCY.sub("", item).strip(" .:-–()[]")
    return item if 0 < len(item) <= 40 else ""


def _space_split(item: str) -> list[str]:
    """`Go Python Node.js TypeScript` (a column drawn with single spaces) -> four items."""
    words = item.split()
    if len(words) <= 2:
        return [item]
    if all(_TECHY.match(word) for word in words) and len(words) >= 3:
        return words
    return [item] if len(words) <= MAX_WORDS else []
