"""Stage 3: refuse documents that hold more than one person's resume (MULTI_IDENTITY).

Rules decide first; when an LLM analyst is configured, a document the rules let through is put
to the identity voter, whose "more than one person" also refuses it (an abstention does not).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from resume_worker.core import pii
from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import ExtractedText, Usage
from resume_worker.core.ports.analyst import IdentityVoter
from resume_worker.text.document_lines import document_lines
from resume_worker.text.headings import heading_kind

_NAME_LABEL = re.compile(r"^(?:성명|이름|name)(?:\((?:한글|국문)\))?$", re.IGNORECASE)
_TITLE = re.compile(r"^(?:이력서|입사지원서|resume|résumé|curriculumvitae|cv)$", re.IGNORECASE)
_FOREIGN = re.compile(
    r"교\s*수|추\s*천|담\s*당|보\s*호\s*자|가\s*족|부\s*모|비\s*상|긴\s*급|팩\s*스|대\s*표\s*전\s*화"
    r"|referee|reference|supervisor|emergency|\bfax\b|\bmanager\b|\bdirector\b|\bdr\.|\bprof\.",
    re.IGNORECASE,
)
_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("references", re.compile(r"^(references?|referees?|추천인|참고인)$", re.IGNORECASE)),
    ("family", re.compile(r"^(가족(사항|관계)?|family)$", re.IGNORECASE)),
    ("experience", re.compile(
        r"^(경력(사항|요약)?|[a-z ]*experience|employment( history)?|work history|career)$",
        re.IGNORECASE)),
    ("education", re.compile(r"^(학력(사항)?|education|academic background)$", re.IGNORECASE)),
    ("skills", re.compile(r"^(기술(스택)?|보유\s*기술|skills|technical skills)$", re.IGNORECASE)),
)  # fmt: skip
# A person's name on the line before a contact: 2-4 Hangul syllables or 2-3 capitalised words.
_NAME = re.compile(r"^(?:[가-힣]{2,4}|[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,2})(?:\s*[|(·].*)?$")
# A line that names a person: a name alone or before a title, a name label, a name with its
# gender and age (`홍길동 여, 1985년`). A second resume's contacts come just under one.
_PERSON = re.compile(
    rf"{_NAME.pattern}|^(?:성\s*명|이\s*름|name)\b|^[가-힣]{{2,4}}\s+[남여]\s*[,(]",
    re.IGNORECASE,
)
_FOREIGN_SECTIONS = frozenset({"references", "family"})
# Lines apart within which contacts on one page are one block (a phone, then an e-mail below).
_CONTACT_BLOCK = 3
# Sections a resume has once: a second one after a new contact starts a second resume.
_SECTIONS = frozenset({"experience", "education", "skills", "projects", "certificates"})
# Header cells of a table (관계 | 성명 | 연령): its 성명 is a column, not a person.
_COLUMN_LABEL = re.compile(
    r"^(관계|성명|이름|연령|나이|직업|학력|근무처|동거여부|생년월일|연락처)$"
)
# What follows a signed name: `홍길동 (인)`, `홍길동 (서명)`, `홍길동 (洪吉童)`.
_SEAL = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*|\s+인$")
_DECOR = re.compile(r"^[\s#*■□▶●◆\-–—=\[\]0-9.:|]+|[\s:：|\]]+$")


@dataclass
class _Walk:
    """What the walk over the lines has seen so far."""

    section: str = "header"
    headings: list[str] = field(default_factory=list)
    previous: str = ""
    titles: int = 0
    births: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    # contacts, and the block of lines that holds the latest ones
    contacts: set[str] = field(default_factory=set)
    contact_at: int | None = None
    block_kinds: set[str] = field(default_factory=set)
    fresh_block: bool = False
    person_at: int | None = None
    # the page being walked
    page_top: bool = False
    page_line: int = 0
    page_name_at: int | None = None
    # signals of a second person
    fresh_contact_at: int | None = None
    fresh_after_title: bool = False
    new_page_person: bool = False
    full_seen: bool = False
    repeat_after_full: bool = False
    second_block: bool = False

    @property
    def full_block(self) -> bool:
        """The contact block holds an e-mail and a phone, as a person's header does."""
        return self.block_kinds == {"email", "phone"}


async def check_identity(
    text: ExtractedText, *, voter: IdentityVoter | None = None
) -> Usage | None:
    """Raise PermanentError(MULTI_IDENTITY) when the rules, or then the voter, find two or more
    people; returns what the vote cost (None without a voter). See check_rules for the rules."""
    check_rules(text)
    if voter is None:
        return None
    vote = await voter.vote(text)
    if vote.one_person is False:
        raise PermanentError(
            "the document holds more than one person's resume (LLM vote)",
            ErrorCode.MULTI_IDENTITY,
            details={"by": "llm_vote"},
        )
    return vote.usage


def check_rules(text: ExtractedText) -> None:
    """Raise PermanentError(MULTI_IDENTITY) when the document describes two or more people.

    Signals: two different labelled birth dates or 성명/이름 values; a repeated 이력서/Resume title
    with a new personal contact after the first; a personal e-mail or phone that first appears
    after the sections began and is followed by a section kind already seen (a second resume); a
    section kind seen again between two blocks of e-mail and phone (resumes that put their
    contacts last); or a later page that opens with another name and a new e-mail.
    Contacts under References, or on lines about referees, professors, family or an office, are
    not the candidate's and never count.
    """
    walk = _Walk()
    page, page_line = 1, 0
    for index, (line_page, line) in enumerate(document_lines(text)):
        if line_page != page:
            walk.contact_at = None  # a contact block does not go on over a page break
        page, page_line = (line_page, 0) if line_page != page else (page, page_line + 1)
        walk.page_top, walk.page_line = page > 1 and page_line <= 2, page_line
        _visit(walk, index, line)
        walk.previous = line
        if _is_multi(walk):
            raise PermanentError(
                "the document holds more than one person's resume", ErrorCode.MULTI_IDENTITY
            )


def _heading(line: str) -> str | None:
    """The section a heading line opens, by the analyst's heading vocabulary, with 가족사항 and
    references told apart (their contacts are not the candidate's)."""
    if len(line) > 40:
        return None
    key = _DECOR.sub("", line).strip()
    for kind, pattern in _HEADINGS:
        if pattern.match(key) or pattern.match(key.replace(" ", "")):
            return kind
    return heading_kind(line)


def _visit_heading(walk: _Walk, kind: str) -> None:
    """A section starts; one the resume had already, after a fresh contact, is a second's."""
    walk.section = kind
    if kind in _SECTIONS:
        if walk.fresh_contact_at is not None and kind in walk.headings:
            walk.fresh_contact_at = -1
        walk.repeat_after_full = walk.repeat_after_full or (
            walk.full_seen and kind in walk.headings
        )
        walk.headings.append(kind)


def _visit(walk: _Walk, index: int, line: str) -> None:
    kind = _heading(line)
    if kind is not None:
        _visit_heading(walk, kind)
        return
    if _TITLE.match(re.sub(r"[\s()\[\]]", "", line)):
        walk.titles += 1
    if walk.section not in _FOREIGN_SECTIONS:
        _labels(walk, line)
    if walk.page_top and walk.page_line <= 1 and _PERSON.match(line):
        walk.page_name_at = index
    found = {re.sub(r"\D", "", p)[-8:] for p in pii.PERSONAL_PHONE.findall(line)}
    found |= {e.casefold() for e in pii.EMAIL.findall(line)}
    if walk.section in _FOREIGN_SECTIONS or _FOREIGN.search(line):
        _foreign_page_person(walk, index, line, found)
        return
    named = bool(_NAME.match(walk.previous))
    if found:
        _contact_block(walk, index, found)
    if found and walk.fresh_block and (pii.EMAIL.search(line) or named):
        walk.fresh_after_title = walk.fresh_after_title or walk.titles >= 2
        page_named = walk.page_name_at is not None and index - walk.page_name_at <= _CONTACT_BLOCK
        walk.new_page_person = walk.new_page_person or page_named
        near_name = walk.person_at is not None and index - walk.person_at <= _CONTACT_BLOCK
        if walk.headings and walk.fresh_contact_at is None and (near_name or walk.full_block):
            walk.fresh_contact_at = index
    if _PERSON.match(line):
        walk.person_at = index
    walk.contacts |= found


def _contact_block(walk: _Walk, index: int, found: set[str]) -> None:
    """Contacts within a few lines of each other on a page are one block: a new block with
    contacts not seen before, after others, is fresh (a phone, then an e-mail below it, is one
    new block, whichever of its lines is seen first)."""
    same_block = walk.contact_at is not None and index - walk.contact_at <= _CONTACT_BLOCK
    if not same_block:
        walk.fresh_block = bool(found - walk.contacts and walk.contacts)
        walk.block_kinds = set()
    walk.block_kinds |= {"email" if "@" in contact else "phone" for contact in found}
    walk.contact_at = index
    if walk.full_block:
        walk.second_block = walk.second_block or (walk.fresh_block and walk.repeat_after_full)
        walk.full_seen = True


def _foreign_page_person(walk: _Walk, index: int, line: str, found: set[str]) -> None:
    """Under References, a page that opens with a name and a new e-mail below it may be a
    second resume read into the first one's last section: a section already seen that follows
    confirms it (a referee on a new page is followed by no such section)."""
    near = walk.page_name_at is not None and 0 < index - walk.page_name_at <= _CONTACT_BLOCK
    if near and pii.EMAIL.search(line) and found - walk.contacts and walk.fresh_contact_at is None:
        walk.fresh_contact_at = index


def _labels(walk: _Walk, line: str) -> None:
    for match in pii.BIRTH_DATES[0].finditer(line):
        walk.births.add(re.sub(r"\D", "", match[0][len(match["label"]) :]).lstrip("0"))
    cells = [c.strip() for c in re.split(r"\s*\|\s*|\s*[:：]\s*", line)]
    if sum(1 for cell in cells if _COLUMN_LABEL.match(cell.replace(" ", ""))) >= 2:
        return
    for label, value in itertools.pairwise(cells):
        name = _SEAL.sub("", value).replace(" ", "").casefold()
        if _NAME_LABEL.match(label.replace(" ", "")) and name:
            walk.names.add(name)


def _is_multi(walk: _Walk) -> bool:
    if len(walk.births) >= 2 or len(walk.names) >= 2:
        return True
    return (
        walk.fresh_contact_at == -1
        or walk.fresh_after_title
        or walk.new_page_person
        or walk.second_block
    )
