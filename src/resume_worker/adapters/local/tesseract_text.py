"""Turns Tesseract's text and TSV output for one page into clean lines, cells split by tabs.

Two kinds of Tesseract noise matter on 이력서 forms, and both come from table ruling: a cell
border read as a lone "|", and a fragment of a border read as a short run of small letters on
a line of its own ("ru"). The TSV output (one row per word with its box and confidence) tells
the second kind apart: every word on such a line is much smaller than the page's text and not
confidently recognised. The text output keeps Tesseract's own word spacing, which the TSV
lacks (Hangul syllables are often separate TSV words), so lines are taken from it and matched
to the TSV lines in order. Both come from one Tesseract call on stdout (see split_output).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

# A run of 3+ spaces (Tesseract's wide gap) or a "|" standing alone between spaces or at an end.
_CELL_BREAK = re.compile(r" {3,}|(?:^|(?<=\s))[|¦](?=\s|$)")
# A line is ruling read as text when its tallest word is under this share of the page's median
# word height and no word on it reaches _SURE confidence (0-100).
_SMALL = 0.65
_SURE = 90.0
# A bullet that opens a line, as Tesseract reads "•" and "·" (the Korean model often as the
# archaic vowel araea); inside a line araea is a middle dot ("당근마켓·프로덕트").
_BULLET = re.compile("^[\u119e\u318d\u00b7+*\u00ab\u00bb\u00b0\u00a9\u00ae\u2022]\\s+")
_ARAEA = str.maketrans({"\u119e": "\u00b7", "\u318d": "\u00b7"})
# Skill-rating dots (●●●○) read as a trailing run of "@", "©", "®" or "°".
_RATING = re.compile("(?:\\s+[@\u00a9\u00ae\u00b0\u25cf\u25cb]+)+$")
# A space Tesseract puts beside the "@" of an e-mail address ("jane.doe @example.com").
_EMAIL_GAP = re.compile(r"(?<=[\w.+-]) ?@ ?(?=[\w-]+(?:\.[\w-]+)+)")
_TSV_FIELDS = 12
_WORD_LEVEL = "5"


@dataclass(frozen=True)
class _Word:
    height: int
    confidence: float


def split_output(output: str) -> tuple[str, str]:
    """(text, TSV) from the stdout of `tesseract stdin stdout ... txt tsv`, which holds both.

    Tesseract writes the TSV (its header, then one row per box) and then the text; the split
    goes by the shape of a line rather than by position, whichever order a version writes them
    in: a TSV row has exactly 12 tab-separated fields, and the text renderer writes no tab.
    """
    text: list[str] = []
    table: list[str] = []
    for line in output.split("\n"):
        (table if line.count("\t") == _TSV_FIELDS - 1 else text).append(line)
    return "\n".join(text), "\n".join(table)


def page_text(txt: str, tsv: str) -> str:
    """The page's lines, ruling noise dropped and cells joined by tabs."""
    lines = [line for line in txt.splitlines() if line.strip()]
    boxes = tsv_lines(tsv)
    if len(boxes) == len(lines) and boxes:
        median = statistics.median(word.height for words in boxes for word in words)
        lines = [
            line for line, words in zip(lines, boxes, strict=True) if not _is_ruling(words, median)
        ]
    return "\n".join(filter(None, (columned(line) for line in lines)))


def tsv_lines(tsv: str) -> list[list[_Word]]:
    """The words of each TSV line that holds any text, lines in reading order."""
    lines: dict[tuple[str, ...], list[_Word]] = {}
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) != _TSV_FIELDS or fields[0] != _WORD_LEVEL or not fields[11].strip():
            continue
        try:
            word = _Word(int(fields[9]), float(fields[10]))
        except ValueError:
            continue
        lines.setdefault(tuple(fields[1:5]), []).append(word)
    return list(lines.values())


def _is_ruling(words: list[_Word], median: float) -> bool:
    return all(word.height < _SMALL * median and word.confidence < _SURE for word in words)


def columned(line: str) -> str:
    """One line with its cells joined by tabs, the way the PDF reader writes table rows, misread
    bullets, rating dots and e-mail gaps mended; a line with no letter or digit left is empty."""
    line = _RATING.sub("", _BULLET.sub("\u2022 ", line)).translate(_ARAEA)
    line = _EMAIL_GAP.sub("@", line)
    cells = [cell.strip() for cell in _CELL_BREAK.split(line)]
    joined = "\t".join(cell for cell in cells if cell)
    return joined if any(char.isalnum() for char in joined) else ""
