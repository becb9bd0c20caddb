"""Redaction of the text that is chunked, indexed and stored: personal data out, whatever the
analyst found.

Three layers, each enough on its own for what it covers:
1. the values the analyst extracted (`KnownPii`), a name in all its forms (core.name_variants);
2. the document's structure: the value cell beside a PII label (성명 | 홍길동, 생년월일 | ...,
   `Phone: ...`), the columns under such labels in a table (a 가족사항 table's 성명 column), a
   name in the first heading (`홍길동 이력서`, `# Jane Doe`), a signature (`지원자 홍길동 (인)`),
   a self-introduction (`저는 홍길동입니다`), and the people of a references or family section
   (third parties are redacted too). A name found so is then redacted wherever it stands;
3. the patterns of the PII vocabulary (core.pii): e-mails, phones, resident numbers, exact birth
   dates, street addresses, personal links and labelled handles.

Placeholders name the kind: [NAME], [EMAIL], [PHONE], [RRN], [BIRTHDATE], [ADDRESS], [LINK],
[PII]. Skills, companies, schools and roles are left alone, so search keeps working on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from resume_worker.core import pii
from resume_worker.core.name_variants import name_pattern
from resume_worker.stages.redaction_names import (
    found_names,
    redact_third_parties,
    third_party_names,
)

_CELL_SPLIT = re.compile(r"(\s*\|\s*|\t)")
_INLINE = re.compile(r"^(\s*)([^:：]{1,30}?)(\s*[:：]\s*)(\S.*?)(\s*)$")
# The placeholder for a labelled value, by the label's kind (checked in this order).
_LABEL_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (mark, re.compile(rf"^\s*(?:{pattern})\s*$", re.IGNORECASE))
    for mark, pattern in (
        ("[NAME]", pii.NAME_LABEL),
        ("[BIRTHDATE]", pii.BIRTH_LABEL),
        ("[ADDRESS]", pii.ADDRESS_LABEL),
        ("[EMAIL]", r"e\s*-?\s*mail|이\s*메\s*일|메\s*일"),
        ("[LINK]", pii.LINK_LABEL),
        ("[PHONE]", pii.PHONE_LABEL.pattern),
    )
)
# Column titles of the tables that list people (family, references), besides the PII labels.
_COLUMN_WORD = re.compile(
    r"^\s*(?:관\s*계|연\s*령|나\s*이|직\s*업|학\s*력|근\s*무\s*처|직\s*장(?:\s*명)?|동\s*거(?:\s*여\s*부)?"
    r"|비\s*고|구\s*분|소\s*속|직\s*위|직\s*책|회\s*사(?:\s*명)?|relationship|relation|age"
    r"|occupation|position|title|company|organi[sz]ation|affiliation|note)\s*$",
    re.IGNORECASE,
)
_HANDLE = re.compile(rf"(?<![\w.])((?:{pii.LINK_LABEL})\s*[:：]\s*)(@?[\w.\-/]{{2,60}})", re.I)
_HANJA_AFTER_NAME = re.compile(r"(\[NAME\]\s*[(（]?\s*)[\u4e00-\u9fff\uf900-\ufaff]{2,5}")


@dataclass(frozen=True)
class KnownPii:
    """What the analyst found: names (with their variants), phones, and literal values
    (e-mails, links, the address) to take out wherever they occur."""

    names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    literals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Redactor:
    """The redaction of one document: the analyst's values, the names of its people (the
    analyst's, and those its structure shows) and the values its structure marks as personal
    (label cells, PII columns, birth dates), for its text and every value read from it."""

    known: KnownPii
    names: frozenset[str]
    values: frozenset[str]
    structured: str  # the document's text after the structure pass, before the value pass

    @classmethod
    def of(cls, text: str, known: KnownPii | None = None) -> Redactor:
        known = known or KnownPii()
        lines = text.split("\n")
        names = {*known.names, *found_names(text), *third_party_names(lines)}
        structured = _labelled_cells(redact_third_parties(lines))
        values = _replaced(lines, structured)
        for pattern in pii.BIRTH_DATES:
            values.update(m[0][len(m["label"]) :] for m in pattern.finditer(text))
        names = {n for n in names if "[" not in n}
        values = {v for v in values if len(v) >= 4 and "[" not in v and "]" not in v}
        return cls(known, frozenset(names), frozenset(values), "\n".join(structured))

    def text(self) -> str:
        """The document's text redacted: its structure first (label cells, people's sections,
        done once in `of`), then every value (see `value`)."""
        return self.value(self.structured)

    def value(self, text: str) -> str:
        """`text` with the analyst's values, the vocabulary's patterns and the names out."""
        text = pii.RESIDENT_NUMBER.sub("[RRN]", text)
        for pattern in pii.BIRTH_DATES:
            text = pattern.sub(lambda m: m.group("label") + "[BIRTHDATE]", text)
        text = _known_phones(text, self.known.phones)
        literals = {v for v in self.known.literals if len(v.strip()) >= 4} | self.values
        for value in sorted(literals, key=len, reverse=True):
            text = text.replace(value, "[PII]")
        text = pii.EMAIL.sub("[EMAIL]", text)
        text = pii.LINK.sub("[LINK]", text)
        text = _HANDLE.sub(lambda m: m.group(1) + "[LINK]", text)
        for pattern in pii.LABELLED_ADDRESSES:
            text = pattern.sub(lambda m: m.group("label") + "[ADDRESS]", text)
        text = pii.KOREAN_ADDRESS.sub("[ADDRESS]", text)
        text = pii.ENGLISH_ADDRESS.sub("[ADDRESS]", text)
        text = pii.PHONE_RUN.sub(lambda m: "[PHONE]" if pii.is_phone_run(m[0]) else m[0], text)
        return redact_names(text, self.names)


def redact(text: str, known: KnownPii | None = None) -> str:
    """`text` with every personal value replaced by its placeholder (see the module doc)."""
    return Redactor.of(text, known).text()


def is_placeholder(value: str) -> bool:
    """Whether nothing but placeholders and punctuation is left of a redacted value."""
    return not re.sub(r"\[[A-Z]+\]|[\W_]", "", value)


def redact_names(text: str, names: Iterable[str]) -> str:
    """Every form of each name (longest first), then Hanja written beside a redacted name."""
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True):
        text = name_pattern(name).sub("[NAME]", text)
    return _HANJA_AFTER_NAME.sub(lambda m: m.group(1) + "[NAME]", text)


def _known_phones(text: str, phones: Iterable[str]) -> str:
    for phone in phones:
        digits = pii.phone_digits(phone)
        if len(digits) >= pii.MIN_PHONE_DIGITS - 1:
            tail = r"[\s.\-–()]*".join(digits[1:])
            text = re.sub(rf"(?:\+\s*82[\s.\-]*)?\(?{digits[0]}?{tail}", "[PHONE]", text)
    return text


def _labelled_cells(lines: list[str]) -> list[str]:
    """Each line with the values of its PII labels replaced: the cell after a label cell, the
    text after `label:` in a cell, and in a table whose header row holds PII labels, the cells
    of those columns in the rows below with as many cells (until a line that is no row)."""
    out: list[str] = []
    columns: dict[int, str] = {}
    width = 0
    for line in lines:
        parts = _CELL_SPLIT.split(line)
        cells = parts[::2]
        if header := _header_columns(cells):
            columns, width = header, len(cells)
        elif columns and len(cells) == width:
            cells = [columns.get(i, c) if c.strip() else c for i, c in enumerate(cells)]
        else:
            columns = columns if len(cells) > 1 else {}
            cells = _beside_labels(cells)
        parts[::2] = cells
        out.append("".join(parts))
    return out


def _replaced(before: list[str], after: list[str]) -> set[str]:
    """The values the structure pass took out: each changed cell's text past what it kept."""
    found: set[str] = set()
    for old, new in zip(before, after, strict=True):
        pairs = zip(_CELL_SPLIT.split(old)[::2], _CELL_SPLIT.split(new)[::2], strict=False)
        for cell, kept in pairs:
            if cell != kept:
                same = (i for i, (a, b) in enumerate(zip(cell, kept, strict=False)) if a != b)
                found.add(cell[next(same, 0) :].strip())
    return found


def _label_mark(cell: str) -> str | None:
    for mark, pattern in _LABEL_KINDS:
        if pattern.match(cell):
            return mark
    return "[PII]" if pii.PII_LABEL.match(cell) else None


def _header_columns(cells: list[str]) -> dict[int, str]:
    """A table's header row (every cell a PII label or a column word, at least one a PII label,
    two cells or more): its PII columns and their placeholders."""
    if len(cells) < 2:
        return {}
    marks = {i: _label_mark(c) for i, c in enumerate(cells)}
    if not all(m or _COLUMN_WORD.match(cells[i]) for i, m in marks.items()):
        return {}
    return {i: m for i, m in marks.items() if m}


def _beside_labels(cells: list[str]) -> list[str]:
    """The value cell after each label cell, and the value after `label:` inside a cell."""
    out = list(cells)
    for index, cell in enumerate(cells):
        mark = _label_mark(cell)
        if mark and index + 1 < len(cells) and not _label_mark(cells[index + 1]):
            out[index + 1] = mark if cells[index + 1].strip() else cells[index + 1]
            continue
        inline = _INLINE.match(cell)
        if inline and (mark := _label_mark(inline.group(2))):
            out[index] = inline.expand(r"\1\2\3") + mark + inline.group(5)
    return out
