"""People's names that a document's structure shows, whether or not the analyst found them: the
candidate's (a name cell, the first heading, a signature, a self-introduction) and third parties'
(a family table, a references section, `추천인: ...`). Redaction takes each of them out wherever
it occurs."""

from __future__ import annotations

import re

from resume_worker.core import pii
from resume_worker.text.headings import heading_kind

# How many opening lines may hold the name heading (a title line and a photo cell come first).
_HEADING_LINES = 4
_DECOR = re.compile(r"[#*_>`~=\[\]\uE000-\uF8FF]|사\s*진|\bphoto\b", re.IGNORECASE)
# A Latin name word: capitalised or all capitals, accents allowed; an initial (`A.`) inside.
_LATIN_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]{0,15}(?:[-'’][^\W\d_]{1,15})?")
_CAPITALISED = re.compile(r"(?:Mc|Mac|O)?[^\W\d_a-z][^\W\d_A-Z]*")
_INITIAL = re.compile(r"[A-Z]\.?")
_LATIN_OPENING = re.compile(r"(?:[^\W\d_]+\.?[ \t]+){1,3}[^\W\d_'’-]+")
# Words of a title line that is no name: `Senior Data Engineer`, `Contact Information`.
_NOT_NAME = re.compile(
    r"\b(?:engineer|developer|designer|manager|analyst|scientist|consultant|architect|director"
    r"|officer|lead|senior|junior|intern|student|specialist|researcher|administrator|software"
    r"|data|product|marketing|sales|profile|summary|contact|information|experience|education"
    r"|skills|projects?|objective|personal|details|references?|page|university|college|inc"
    r"|corp|corporation|ltd|llc|company|group|team|systems|technologies|solutions|labs|works"
    r"|the|and|of|for|at|in|with)\b",
    re.IGNORECASE,
)
# A Hangul name, written solid or letter-spaced, ending where the word ends.
_HANGUL_NAME = r"(?:[가-힣]{2,4}|[가-힣](?: [가-힣]){1,3})(?![가-힣])"
_SIGNED = re.compile(
    r"(?:지\s*원\s*자|작\s*성\s*자|신\s*청\s*인|본\s*인|성\s*명)\s*[:：]?\s*"
    rf"({_HANGUL_NAME})\s*[(（]\s*(?:인|서\s*명|sign)\s*[)）]"
)
# A Latin full name in running text: two or three capitalised words, hyphenated ones included.
_PROSE_NAME = r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?(?:\s+[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?){1,2}"
_INTRO = re.compile(
    r"(?:저는|제\s*이름은|저\s*의\s*이름은)\s*([가-힣]{2,4}?)(?:입니다|이라고|라고)"
    rf"|(?i:my\s+name\s+is|I\s+am|I'm)\s+({_PROSE_NAME})",
)
_THIRD_PARTY_LABEL = re.compile(
    r"(?i:추\s*천\s*인|담\s*당\s*자|보\s*호\s*자|참\s*고\s*인|referee|reference|supervisor"
    r"|recruiter|contact\s+person|emergency\s+contact)\s*[:：]\s*"
    rf"({_HANGUL_NAME}|{_PROSE_NAME})"
)
# A Hangul word of two syllables, or one ending like a role (기획자, 전문가, 연구원, 회계사):
# after `저는` such a word is more often what someone is than who.
_ROLE_WORD = re.compile(r"[가-힣]{2}|[가-힣]{2,3}[자가원사생인]")
_CELLS = re.compile(r"(\s*[|\t,]\s*)")
_THIRD_PARTY_HEADING = re.compile(
    r"^\W*(?:가\s*족\s*(?:사\s*항|관\s*계)?|family(?:\s+members)?|emergency\s+contacts?"
    r"|비\s*상\s*연\s*락\s*처|보\s*호\s*자)\W*$",
    re.IGNORECASE,
)
_LABELLED = re.compile(
    rf"(?:^|[|\t])\s*{pii.NAME_LABEL}\s*(?:[:：|\t]\s*)([^\n|\t:：]{{2,40}})",
    re.IGNORECASE | re.MULTILINE,
)


def found_names(text: str) -> set[str]:
    """The names of the candidate and of labelled third parties that the structure of `text`
    shows (see the module doc), to be redacted wherever they occur."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    names = set(_heading_name(lines[:_HEADING_LINES]))
    for match in _LABELLED.finditer(text):
        names.update(_cell_names(match.group(1)))
    names.update(m[1] for m in _SIGNED.finditer(text))
    for pattern in (_INTRO, _THIRD_PARTY_LABEL):
        found = (g for m in pattern.finditer(text) for g in m.groups() if g)
        names.update(g for g in found if is_name(g) and not _ROLE_WORD.fullmatch(g))
    return {n for n in names if len(re.sub(r"\s+", "", n)) >= 2}


def _cell_names(value: str) -> list[str]:
    """A name cell's value: the name, and its Hanja or romanised form in brackets."""
    parts = [p.strip() for p in re.split(r"[()（）/,]", value) if p.strip()]
    return [p for p in parts if not pii.PII_LABEL.match(p) and not re.search(r"\d|@", p)]


def _heading_name(lines: list[str]) -> list[str]:
    """The first opening line's name: the whole line but for the document's title, decoration
    and a bracketed note (`홍길동 이력서`, `# Jane Doe`, `이서연 (Seoyeon Lee)`), or the first
    cell of a line (`최수아 | Product Designer`, `Harvey Dent<tab>(123) ...`)."""
    for line in lines:
        bare = _DECOR.sub(" ", line)
        brackets = re.findall(r"[(（]([^()（）]{2,40})[)）]", bare)
        unbracketed = re.sub(r"[(（][^()（）]*[)）]", " ", bare)
        whole = re.sub(
            r"\s*(?:[-–—:|·]|의\s)\s*", " ", pii.DOCUMENT_TITLE.sub(" ", unbracketed)
        ).strip()
        first = re.split(r"\s*[|·•,–—:\t]\s*|\s+-\s+", unbracketed.strip())[0].strip()
        for candidate in (whole, first):
            if is_name(candidate):
                return [candidate, *(b.strip() for b in brackets if is_name(b.strip()))]
    return []


def is_name(words: str) -> bool:
    """A Hangul name (known surname) or two to four capitalised Latin words, none of them a
    heading, a label or a word of job titles and organisations."""
    if not words or pii.PII_LABEL.match(words) or heading_kind(words):
        return False
    if _THIRD_PARTY_HEADING.match(words) or pii.DOCUMENT_TITLE.search(words):
        return False
    if pii.is_korean_name(words):
        return True
    parts = words.split()
    if not 2 <= len(parts) <= 4 or _NOT_NAME.search(words):
        return False
    inner = [p for p in parts[1:-1] if not _INITIAL.fullmatch(p)]
    return all(_is_latin_word(p) for p in [parts[0], *inner, parts[-1]])


def _is_latin_word(word: str) -> bool:
    """A capitalised or all-capital word; each part of a hyphenated one (`Delgado-Reyes`)."""
    if not _LATIN_WORD.fullmatch(word) or pii.HANGUL.search(word):
        return False
    parts = re.split(r"[-'’]", word)
    return word.isupper() or all(_CAPITALISED.fullmatch(p) for p in parts if p)


def redact_third_parties(lines: list[str]) -> list[str]:
    """`lines` with the people of references and family sections replaced by [NAME] where they
    stand: name-shaped cells (a Hangul name of three syllables or more there: two-syllable
    cells are as often words, 주부 or 부친) and a name that opens a line (`Dr. Alan Grant, ...`).
    """
    inside = _third_party_lines(lines)
    return [_people(line) if theirs else line for line, theirs in zip(lines, inside, strict=True)]


def third_party_names(lines: list[str]) -> set[str]:
    """The Hangul names of references and family sections, to be redacted wherever they occur
    (a Latin one is redacted only where it stands: a referee's line also names companies)."""
    inside = _third_party_lines(lines)
    cells = (
        cell.strip()
        for line, theirs in zip(lines, inside, strict=True)
        if theirs
        for cell in _CELLS.split(line)
    )
    return {c for c in cells if pii.is_korean_name(c) and len(c.replace(" ", "")) > 2}


def _third_party_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it lies in a references or family section."""
    inside, found = False, []
    for line in lines:
        kind = heading_kind(line.strip())
        if _THIRD_PARTY_HEADING.match(line.strip()) or kind == "references":
            inside, heading = True, True
        else:
            inside, heading = inside and kind is None, False
        found.append(inside and not heading)
    return found


def _people(line: str) -> str:
    parts = _CELLS.split(line)
    for index in range(0, len(parts), 2):
        cell = pii.HONORIFIC.sub("", parts[index].strip())
        if is_name(cell) and len(cell.replace(" ", "")) != 2:
            parts[index] = "[NAME]"
    line = "".join(parts)
    opening = _LATIN_OPENING.match(pii.HONORIFIC.sub("", line))
    if opening and is_name(opening.group(0)):
        line = line.replace(opening.group(0), "[NAME]", 1)
    return line
