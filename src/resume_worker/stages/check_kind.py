"""Stage 3a: refuse documents that are not a resume or CV (NOT_A_RESUME).

Recruiters receive, as if they were resumes, cover letters and 자기소개서 alone, transcripts,
certificates of employment, job postings and blank forms. The check reads the document's kind
from what it is made of, never from a template's exact strings:

- resume evidence: the resume sections present (experience, education, skills, projects,
  certificates, languages, awards, military service, activities) that hold content, and the lines
  that carry a dated period (`2019.03 - 2021.02`, `Mar 2019 – Present`);
- the other kind's evidence: a title of that kind in the first lines (`Cover Letter`,
  `성적증명서`) and the cues of its body (a salutation and a closing, `this is to certify`,
  grade and credit rows, `자격요건` / `Requirements` / `Benefits`).

A document is refused only when another kind is clearly named and the resume evidence is thin,
so a resume that includes a cover letter, a transcript or a certificate stays a resume. A
document with no evidence of either kind goes on: the analyst then decides, and a document from
which no profile can be read ends NOT_A_RESUME there (stages.analyze).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resume_worker.core import pii
from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import ExtractedText
from resume_worker.text.document_lines import document_lines
from resume_worker.text.headings import heading_key, heading_kind

RESUME_SECTIONS = frozenset(
    {
        "experience",
        "education",
        "skills",
        "projects",
        "certificates",
        "languages",
        "awards",
        "military",
        "activities",
        "volunteer",
    }
)
# Titles of documents that are not resumes, as heading keys (case-folded, spaceless).
_TITLES: dict[str, re.Pattern[str]] = {
    "letter": re.compile(
        r"(cover|motivation|application|recommendation|reference)letter"
        r"|letterof(motivation|application|interest|recommendation|reference)|추천서"
        r"|personalstatement|statementofpurpose|자기소개서|자소서|커버레터"
    ),
    "transcript": re.compile(
        r"(official|unofficial|academic|student|university)*(transcript(ofrecords)?|gradereport)"
        r"|(학업)?성적(증명서|표)"
    ),
    "certificate": re.compile(
        r"certificateof(employment|experience|service|completion|graduation)"
        r"|(employment|experience|service)(certificate|verification)|[가-힣]{0,4}증명서"
        r"|certificate(of[a-z]+)?"
        r"|수료증|verificationofemployment|experienceletter"
    ),
    "posting": re.compile(
        r"job(posting|description|opening|advertisement)|we'?rehiring|(채용|모집)(공고|안내)"
        r"|jobopening|채용정보|positiondescription"
    ),
}
_RESUME_TITLE = re.compile(r"이력서|입사지원서|resume|résumé|curriculumvitae|^cv$")
# Body cues of each kind: a line that matches counts once per pattern.
_CUE_PATTERNS: dict[str, tuple[str, ...]] = {
    "letter": (
        r"^dear\b|to whom it may concern|^(?:hello|hi)\b.{0,30}[,!]$|hiring (?:manager|team)",
        r"^(sincerely|yours (faithfully|sincerely|truly)|(best|kind|warm) regards)",
        r"귀사|귀하|^안녕하(?:십니까|세요)",
        r"감사합니다\.?$|^(?:thank you|thanks)[.!]?$",
        r"성장\s*과정|지원\s*동기|입사\s*후\s*포부|장\s*단\s*점",
        r"\bI am (?:writing|applying)\b|\bI would (welcome|love|be glad)\b"
        r"|\bthank you for your (time|consideration)",
    ),
    "transcript": (
        r"\bGPA\b|grade point|평\s*점\s*평\s*균|평균\s*평점",
        r"\bcredits?\b|이수\s*학점|취득\s*학점|\b학점\b",
        r"\b(semester|term)\b|\d\s*학기",
        r"\bcourse (title|name|code)\b|교과목|과목명",
    ),
    "certificate": (
        r"(this is to|hereby) (certify|confirm)|(증명|확인)합니다|위와\s*같이|상기\s*(인|자)"
        r"|this letter (?:confirms|certifies|verifies)",
        r"\b(?:was|has been|is) (?:employed|working) (?:at|by|with)\b|재직\s*기간|근무\s*기간",
        r"\bissued\b|발급|issue date",
        r"at (the|his|her|their) (employee'?s? )?request|용\s*도",
    ),
    "posting": (
        r"^(requirements|qualifications|responsibilities|what you'?ll do|about the role)\b",
        r"^(preferred|nice to have|bonus points|benefits|perks)\b|우대\s*사항|복리\s*후생",
        r"자격\s*요건|주요\s*업무|모집\s*(부문|분야|인원)|근무\s*조건|전형\s*절차|지원\s*방법",
        r"\bwe are (looking|hiring)\b|\bhow to apply\b|\bapply (now|by|at)\b|\bjoin our team\b"
        r"|\bto apply\b|접수\s*방법|모집\s*요강",
        r"^(about us|about the company|compensation|salary range|what we offer)\b",
    ),
}
_CUES = {
    kind: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
    for kind, patterns in _CUE_PATTERNS.items()
}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A dated period: two dates joined by a dash, tilde or `to`, or one followed by `present`.
_DATE = rf"(?:(?:19|20)\d{{2}}(?:\s*[.\-/년]\s*\d{{1,2}}(?:\s*월)?)?|{_MONTH}\s*(?:19|20)\d{{2}})"
_PERIOD = re.compile(
    rf"{_DATE}\s*(?:[-–—~]|to|부터)\s*(?:{_DATE}|present|current|now|현재|재직\s*중|근무\s*중)",
    re.IGNORECASE,
)
_TOP_LINES = 6
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|(?<!\d)\d{2}\s*[.']\s*\d{1,2}\s*[.~\-]")
_UNDERLINE = re.compile(r"_{4,}")


@dataclass
class DocumentKind:
    """What the check read of a document: its resume evidence and the other kinds' cues."""

    sections: set[str] = field(default_factory=set)
    periods: int = 0
    resume_title: bool = False
    titles: set[str] = field(default_factory=set)
    cues: dict[str, int] = field(default_factory=dict)
    years: int = 0
    contacts: int = 0
    blanks: int = 0

    def is_blank_form(self) -> bool:
        """A form nobody filled in: empty cells or `____` lines, not one year or dated period
        anywhere (every resume dates something), and at most one line of contacts (the
        employer's HR desk printed on its application form)."""
        return self.blanks >= 3 and not self.years and not self.periods and self.contacts <= 1

    def other_kind(self) -> str | None:
        """The non-resume kind the document names most clearly, when it names one clearly:
        its title plus one cue of its body, or three different cues of it, or four cues of
        other kinds in all with no resume section (a letter that certifies employment)."""
        scored = {kind: 2 * (kind in self.titles) + n for kind, n in self.cues.items()}
        kind = max(scored, key=lambda k: scored[k], default=None)
        if kind is None:
            return None
        clear = scored[kind] >= 3 or (sum(scored.values()) >= 4 and not self.sections)
        return kind if clear else None

    def is_resume(self) -> bool:
        """Resume evidence beyond what another kind of document shows in passing: two resume
        sections with content and a dated period, or three such sections, or a resume title
        with one such section."""
        many = len(self.sections) >= 3 or (len(self.sections) >= 2 and self.periods >= 1)
        return many or (self.resume_title and bool(self.sections) and not self.titles)


def check_kind(text: ExtractedText) -> DocumentKind:
    """Raise PermanentError(NOT_A_RESUME) when the document is clearly another kind of
    document (see the module's docstring); return what was read of it otherwise."""
    kind = read_kind(text)
    other = "blank_form" if kind.is_blank_form() else kind.other_kind()
    if other is not None and (other == "blank_form" or not kind.is_resume()):
        raise PermanentError(
            "the document is not a resume or CV", ErrorCode.NOT_A_RESUME, details={"kind": other}
        )
    return kind


def read_kind(text: ExtractedText) -> DocumentKind:
    """The resume evidence and the other kinds' cues in the document's lines."""
    kind = DocumentKind(cues=dict.fromkeys(_CUES, 0))
    lines = [line for _, line in document_lines(text)]
    kind.blanks = _blanks(text)
    for index, line in enumerate(lines):
        kind.years += bool(_YEAR.search(line))
        kind.contacts += bool(pii.EMAIL.search(line) or pii.PHONE.search(line))
        if index < _TOP_LINES:
            _title(kind, line)
        for other, patterns in _CUES.items():
            kind.cues[other] += sum(1 for p in patterns if p.search(line))
        kind.periods += bool(_PERIOD.search(line))
    _sections(kind, lines)
    return kind


def _blanks(text: ExtractedText) -> int:
    """How many blanks to fill the document holds: empty table cells, `____` runs."""
    cells = sum(
        1
        for block in text.blocks
        if block.kind == "table"
        for row in block.rows
        for cell in row
        if not cell.strip()
    )
    return cells + sum(len(_UNDERLINE.findall(block.text)) for block in text.blocks)


def _title(kind: DocumentKind, line: str) -> None:
    if len(line) > 60:
        return
    key = heading_key(line.split(":", maxsplit=1)[0] if ":" in line else line)
    if _RESUME_TITLE.search(key):
        kind.resume_title = True
    kind.titles |= {other for other, pattern in _TITLES.items() if pattern.fullmatch(key)}


def _sections(kind: DocumentKind, lines: list[str]) -> None:
    """The resume sections whose heading is followed by a line of content before the next
    heading (a blank form's headings have none)."""
    current: str | None = None
    for line in lines:
        cell = line.split(" | ")[0]
        found = heading_kind(line) or (heading_kind(cell) if " | " in line else None)
        if found is not None:
            current = found if found in RESUME_SECTIONS else None
            rest = line.removeprefix(cell).strip(" |")
            if current is not None and " | " in line and _is_content(rest):
                kind.sections.add(current)
            continue
        if current is not None and _is_content(line):
            kind.sections.add(current)


def _is_content(line: str) -> bool:
    """A line that holds a value: letters or digits beyond table labels and placeholders."""
    cells = [c for c in line.split(" | ") if c]
    filled = [c for c in cells if re.search(r"[0-9A-Za-z가-힣]", c) and heading_kind(c) is None]
    return len("".join(filled)) >= 4 and not all(_is_label(c) for c in filled)


_LABEL = re.compile(
    r"^(기간|회사명|근무처|직위|직급|담당업무|학교명|전공|졸업|구분|자격증명|취득일|발행처|"
    r"기관|시험명|점수|등급|년|월|일|비고|내용|period|company|position|school|major|date)$",
    re.IGNORECASE,
)


def _is_label(cell: str) -> bool:
    """A table label or a placeholder (`20 .  . ~ 20 .  .`, `년 월 일`) rather than a value."""
    if not re.search(r"[A-Za-z가-힣]", cell):
        return not re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", cell)
    return bool(_LABEL.match(re.sub(r"[\s()]", "", cell)))
