"""The Korean Markdown resume as its author retypes it in Hangul (한글) and saves it as HWP 5.0
and HWPX: each heading a bigger, bold paragraph (the name as the title, sections with a heading
mark), list items as paragraphs that start with a bullet character, Markdown tables as real
tables with a shaded header row, links as their visible text, and none of the markup (#, **,
`, -, |) printed. The text is the Markdown's own, so the copy's `Shown` and gold hold as they are.

The even copies are typed (the odd ones go through pandoc to DOCX and PDF), so each template
gets three of each; the look is seeded on its own, and the Markdown's choices stay untouched."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.templates.word_office import copy_number
from corpus.writers.form import FormWriter
from corpus.writers.hwp_document import HwpDocument
from corpus.writers.hwpx import HwpxDocument

BULLETS = ("• ", "• ", "◦ ", "▪ ", "○ ", "· ")
# Before a section heading, as forms write them; none is a bullet, so the two never read alike.
MARKS = ("", "", "■ ", "□ ", "● ", "▶ ")
_HEADING = re.compile(r"(#{1,6})\s+(.*)")
_SEPARATOR = re.compile(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EMPHASIS = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*")
_CODE = re.compile(r"`([^`]+)`")
_BADGES = re.compile(r"\s*(`[^`]+`\s*)+")
_WHOLLY_STRONG = re.compile(r"\*\*([^*]+)\*\*")


def typed_in_hangul(persona_id: str) -> bool:
    """Even copies are also retyped in Hangul (odd ones are converted with pandoc)."""
    return copy_number(persona_id) % 2 == 0


@dataclass(frozen=True)
class Block:
    """A paragraph of the retyped document: a heading (level 1-6), a list item, a text
    paragraph (bold when the Markdown line was wholly strong), or a table of rows."""

    kind: str  # "heading" | "item" | "text" | "table"
    text: str = ""
    level: int = 0
    strong: bool = False
    rows: tuple[tuple[str, ...], ...] = ()


def plain(text: str) -> str:
    """The text as it reads: links as their text, no emphasis or code marks; a line of code
    badges (`Python` `Go`) becomes a comma list, as one would type it."""
    if _BADGES.fullmatch(text):
        return ", ".join(_CODE.findall(text))
    text = _LINK.sub(r"\1", text)
    text = _STRONG.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\1", text)
    return _CODE.sub(r"\1", text).strip()


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return tuple(plain(cell) for cell in inner.split("|"))


def _line_block(line: str, previous: Block | None, joined: bool) -> Block | None:
    """The block a non-table line starts, or None when it continues the previous paragraph
    (a soft line break: the two lines are joined with a space)."""
    if heading := _HEADING.fullmatch(line):
        return Block("heading", plain(heading[2]), level=len(heading[1]))
    if line.startswith(("- ", "* ")):
        return Block("item", plain(line[2:]))
    if joined and previous is not None and previous.kind == "text":
        return None
    strong = _WHOLLY_STRONG.fullmatch(line.strip())
    return Block("text", plain(line), strong=strong is not None)


def blocks(markdown: str) -> list[Block]:
    """The Markdown's blocks in order (the subset the shapes write: ATX headings, `- ` items,
    pipe tables, paragraphs)."""
    found: list[Block] = []
    lines, at, joined = markdown.splitlines(), 0, False
    while at < len(lines):
        line = lines[at]
        if line.lstrip().startswith("|"):
            rows = []
            while at < len(lines) and lines[at].lstrip().startswith("|"):
                if not _SEPARATOR.fullmatch(lines[at].strip()):
                    rows.append(_cells(lines[at]))
                at += 1
            found.append(Block("table", rows=tuple(rows)))
            joined = False
            continue
        at += 1
        if not line.strip():
            joined = False
            continue
        block = _line_block(line, found[-1] if found else None, joined)
        if block is None:
            last = found[-1]
            found[-1] = Block("text", f"{last.text} {plain(line)}", strong=last.strong)
        else:
            found.append(block)
        joined = block is None or block.kind == "text"
    return found


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def widths(rows: Sequence[Sequence[str]]) -> list[int]:
    """Relative column widths from the widest entry of each column (Hangul counts double)."""
    columns = max(len(row) for row in rows)
    return [
        min(40, max(6, *(_width(row[c]) for row in rows if c < len(row)))) for c in range(columns)
    ]


@dataclass(frozen=True)
class Look:
    """How this author types: the bullet, the mark before a section heading, the title's
    alignment."""

    bullet: str
    mark: str
    title_align: str


def look_for(rng: random.Random) -> Look:
    return Look(rng.choice(BULLETS), rng.choice(MARKS), rng.choice(("center", "justify")))


def draw(found: Sequence[Block], look: Look, w: FormWriter) -> None:
    """The blocks on a writer: # the title, ## a heading with the mark after an empty
    paragraph, ### and below bold; items with the bullet; tables with a header row."""
    previous = ""
    for block in found:
        if block.kind == "heading" and block.level == 1:
            w.paragraph(block.text, shape="title", align=look.title_align)
        elif block.kind == "heading":
            if previous not in ("", "heading") and block.level <= 3:
                w.paragraph()
            section = block.level == 2
            text = f"{look.mark}{block.text}" if section else block.text
            w.paragraph(text, shape="heading" if section else "bold")
        elif block.kind == "item":
            w.paragraph(f"{look.bullet}{block.text}")
        elif block.kind == "table":
            w.table([list(row) for row in block.rows], widths(block.rows), header_rows=1)
        else:
            w.paragraph(block.text, shape="bold" if block.strong else "normal")
        previous = block.kind


def hangul_files(markdown: str, rng: random.Random) -> tuple[dict[str, bytes], str]:
    """The resume as HWP and HWPX, and a note on how it was typed."""
    look, found = look_for(rng), blocks(markdown)
    writers: dict[str, FormWriter] = {"hwp": HwpDocument("이력서"), "hwpx": HwpxDocument("이력서")}
    for writer in writers.values():
        draw(found, look, writer)
    note = f"; retyped in Hangul -> HWP 5.0 and HWPX (bullet {look.bullet.strip()!r}"
    note += f", heading mark {look.mark.strip()!r})" if look.mark else ")"
    return {extension: writer.to_bytes() for extension, writer in writers.items()}, note
