"""Markdown as blocks: light syntax stripping for paragraphs, pipe tables as table blocks."""

from __future__ import annotations

import re

from resume_worker.core.models import Block
from resume_worker.stages.extract_text.normalize import normalize_text
from resume_worker.stages.extract_text.plain import decode_text

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_=])(\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}(>\s?)+")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto|tel):[^>\s]+|[^@<>\s]+@[^@<>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`+([^`]+)`+")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")


def read_markdown(data: bytes) -> list[Block]:
    """Heading blocks for `#` lines, paragraphs for other lines, tables for pipe tables."""
    text = decode_text(data)
    if text is None:
        raise ValueError("not decodable as text")
    lines = normalize_text(text).split("\n")
    blocks: list[Block] = []
    index = 0
    in_code = False
    while index < len(lines):
        line = lines[index]
        if _FENCE.match(line):
            in_code = not in_code
        elif in_code:
            blocks.append(Block("paragraph", line))
        elif _starts_table(lines, index):
            index = _take_table(lines, index, blocks)
            continue
        else:
            cleaned = _clean_line(line)
            if cleaned:
                blocks.append(Block("heading" if _HEADING.match(line) else "paragraph", cleaned))
        index += 1
    return blocks


def _starts_table(lines: list[str], index: int) -> bool:
    line = lines[index]
    if "|" not in line:
        return False
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if "-" in following and "|" in following and _SEPARATOR.match(following):
        return True
    stripped = line.strip()
    return stripped.startswith("|") and stripped.endswith("|") and following.strip().startswith("|")


def _take_table(lines: list[str], index: int, blocks: list[Block]) -> int:
    """Append the table starting at `index` and return the index of the first line after it."""
    rows: list[tuple[str, ...]] = []
    while index < len(lines) and "|" in lines[index] and lines[index].strip():
        line = lines[index]
        index += 1
        if _SEPARATOR.match(line) and "-" in line:
            continue
        cells = tuple(_clean_inline(cell.strip()) for cell in _split_cells(line))
        if any(cells):
            rows.append(cells)
    if rows:
        text = "\n".join(" | ".join(row) for row in rows)
        blocks.append(Block("table", text, rows=tuple(rows)))
    return index


def _split_cells(line: str) -> list[str]:
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return [_BREAK_TAG.sub(" ", cell).replace("\\|", "|") for cell in _CELL_SPLIT.split(stripped)]


def _clean_line(line: str) -> str:
    if _RULE.match(line):
        return ""
    heading = _HEADING.match(line)
    if heading:
        line = heading.group(1)
    line = _QUOTE.sub("", line)
    return _clean_inline(_BREAK_TAG.sub(" ", line)).strip()


def _link(match: re.Match[str]) -> str:
    label, target = match.group(1), match.group(2)
    bare = re.sub(r"^(mailto:|tel:|https?://)", "", target).rstrip("/")
    if bare.casefold() in label.casefold():
        return label
    return f"{label} ({bare if target.startswith(('mailto:', 'tel:')) else target})"


def _clean_inline(text: str) -> str:
    """Strip emphasis, code, link and tag syntax, keeping the visible words (and link targets)."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(_link, text)
    text = _AUTOLINK.sub(lambda m: re.sub(r"^(mailto|tel):", "", m.group(1)), text)
    text = _CODE.sub(r"\1", text)
    for pattern in (_STRONG, _STRIKE):
        text = pattern.sub(lambda m: m.group(m.lastindex or 0), text)
    text = _STAR.sub(r"\1", text)
    text = _UNDERSCORE.sub(r"\1", text)
    text = _TAG.sub("", text)
    return _ESCAPE.sub(r"\1", text)
