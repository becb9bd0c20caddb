"""Stage 5: deterministic normalisation of an analyst's profile, checked against the source text.

Phones: Korean numbers as 010-1234-5678, others as written; e-mails lower-cased; dates YYYY-MM or
YYYY (never padded); a current job has no end; months are inclusive (a year-only start counts from
January, a year-only end through December) and overlapping periods count once. A value the source
does not contain (whitespace- and case-insensitive; phones by digits) is dropped with a warning
that names the field, never the value."""

from __future__ import annotations

import datetime
import re
import unicodedata

from resume_worker.core.models import (
    Analysis,
    CandidateProfile,
    Career,
    Education,
    ExtractedText,
    ValidatedProfile,
)

_EMAIL = re.compile(r"^[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$")
_DATE = re.compile(r"^\s*((?:19|20)\d{2})(?:\s*[.\-/년]\s*(\d{1,2})\s*월?)?\s*[.]?\s*$")
_NOW = re.compile(r"^(현재|재직\s*중|근무\s*중|present|current|now|ongoing)$", re.IGNORECASE)
_NOT_NAMES = frozenset({"이력서", "성명", "이름", "지원자", "입사지원서", "자기소개서", "resume"})
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\ufffe\u200b\u200c\u200d\ufeff"))
MIN_AGE = 14
OLDEST_BIRTH_YEAR = 1930


class _Source:
    """The source text in the forms values are compared against."""

    def __init__(self, text: str) -> None:
        self.compact = _compact(text)
        self.digits = re.sub(r"\D", "", text)
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def has(self, value: str) -> bool:
        return bool(_compact(value)) and _compact(value) in self.compact

    def has_phone(self, value: str) -> bool:
        digits = re.sub(r"\D", "", value)
        if len(digits) < 7:
            return False
        variants = {digits}
        if digits.startswith("0"):
            variants.add("82" + digits[1:])
        if digits.startswith("82"):
            variants.add("0" + digits[2:])
        return any(v in self.digits for v in variants)

    def has_year(self, year: str) -> bool:
        return year in self.digits or bool(
            re.search(rf"(?<!\d){year[2:]}\s*[.\-/년]", self.compact)
        )


def _compact(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return re.sub(r"\s+", "", text).casefold()


def validate(analysis: Analysis, text: ExtractedText, *, today: datetime.date) -> ValidatedProfile:
    """Normalise and check a profile; see the module docstring for the rules."""
    source = _Source(text.text)
    p = analysis.profile
    careers = [c for c in (_career(c, source, today) for c in p.careers) if c]
    profile = p.model_copy(
        update={
            "name": _name(p.name, source),
            "emails": _emails(p.emails, source),
            "phones": _phones(p.phones, source),
            "birth_year": _birth_year(p.birth_year, source, today),
            "careers": careers,
            "education": [e for e in (_education(e, source) for e in p.education) if e],
            "skills": _kept(p.skills, source, "skill"),
            "certificates": _kept(p.certificates, source, "certificate"),
            "links": _kept(p.links, source, "link"),
            "total_experience_months": total_months(careers, today),
        }
    )
    fields = set(to_flat_dict(profile))
    confidence = {k: v for k, v in analysis.field_confidence.items() if k in fields}
    sources = {k: v for k, v in analysis.field_sources.items() if k in fields}
    return ValidatedProfile(profile, confidence, sources, tuple(dict.fromkeys(source.warnings)))


def _name(name: str | None, source: _Source) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()
    if not source.has(name):
        source.warn("dropped name not found in source")
        return None
    if not is_plausible_name(name):
        source.warn("dropped name not matching a name pattern")
        return None
    return name


def is_plausible_name(name: str) -> bool:
    """Hangul names are 2-5 syllables; Latin names 1-5 words of letters; never a label."""
    bare = name.replace(" ", "")
    if bare.casefold() in _NOT_NAMES:
        return False
    if re.search(r"[가-힣]", name):
        return bool(re.fullmatch(r"[가-힣]{2,5}", bare))
    words = name.split()
    return 1 <= len(words) <= 5 and all(re.fullmatch(r"[^\W\d_][\w.'’-]*", w) for w in words)


def _emails(values: list[str], source: _Source) -> list[str]:
    kept: list[str] = []
    for value in values:
        email = value.strip().removeprefix("mailto:").strip().lower()
        if not _EMAIL.match(email) or not source.has(email):
            source.warn("dropped email not found in source")
            continue
        kept.append(email)
    return list(dict.fromkeys(kept))


def display_phone(value: str) -> str:
    """Korean numbers as 010-1234-5678 / 02-123-4567; other numbers as written."""
    text = re.sub(r"\s+", " ", value).strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+82") or (text.startswith("82") and len(digits) in (11, 12)):
        digits = "0" + digits[2:].lstrip("0")
    elif text.startswith("+") or not digits.startswith("0"):
        return text
    if digits.startswith("02") and len(digits) in (9, 10):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    if len(digits) in (10, 11):
        return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
    return text


def _phones(values: list[str], source: _Source) -> list[str]:
    kept: dict[str, str] = {}
    for value in values:
        if not source.has_phone(value):
            source.warn("dropped phone not found in source")
            continue
        shown = display_phone(value)
        kept.setdefault(re.sub(r"\D", "", shown), shown)
    return list(kept.values())


def _birth_year(year: int | None, source: _Source, today: datetime.date) -> int | None:
    if year is None:
        return None
    if not OLDEST_BIRTH_YEAR <= year <= today.year - MIN_AGE:
        source.warn("dropped birth year outside the plausible range")
        return None
    if not source.has_year(str(year)):
        source.warn("dropped birth year not found in source")
        return None
    return year


def normalize_date(value: str | None) -> str | None:
    """`2019.3`, `2019-03`, `2019년 3월` -> `2019-03`; `2019` stays; anything else -> None."""
    match = _DATE.match(value) if value is not None else None
    if not match:
        return None
    year, month = match.group(1), match.group(2)
    if month is None:
        return year
    return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None


def _checked_date(value: str | None, source: _Source, label: str) -> str | None:
    date = normalize_date(value)
    if value is not None and (date is None or not source.has_year(date[:4])):
        source.warn(f"dropped {label} date not found in source")
        return None
    return date


def _text(value: str | None, source: _Source, label: str) -> str | None:
    if value and not source.has(value):
        source.warn(f"dropped {label} not found in source")
        return None
    return value or None


def _career(career: Career, source: _Source, today: datetime.date) -> Career | None:
    current = career.is_current or bool(career.end and _NOW.match(career.end.strip()))
    start = _checked_date(career.start, source, "career start")
    end = None if current else _checked_date(career.end, source, "career end")
    if start and end and _index(end, last=True) < _index(start, last=False):
        source.warn("dropped career end before its start")
        end = None
    fixed = career.model_copy(
        update={
            "company": _text(career.company, source, "career company"),
            "department": _text(career.department, source, "career department"),
            "position": _text(career.position, source, "career position"),
            "start": start,
            "end": end,
            "is_current": current,
        }
    )
    if not (fixed.company or fixed.position):
        return None
    span = _span(fixed, today)
    return fixed.model_copy(update={"months": span[1] - span[0] + 1 if span else None})


def _education(education: Education, source: _Source) -> Education | None:
    school = _text(education.school, source, "school")
    if school is None:
        return None
    return education.model_copy(
        update={
            "school": school,
            "degree": _text(education.degree, source, "degree"),
            "major": _text(education.major, source, "major"),
            "start": _checked_date(education.start, source, "education start"),
            "end": _checked_date(education.end, source, "education end"),
        }
    )


def _kept(values: list[str], source: _Source, label: str) -> list[str]:
    kept = [v.strip() for v in values if v.strip() and source.has(v)]
    if len(kept) < len([v for v in values if v.strip()]):
        source.warn(f"dropped {label} not found in source")
    return list(dict.fromkeys(kept))


def _index(date: str, *, last: bool) -> int:
    """Months since year 0; a year-only date is January (start) or December (end)."""
    year = int(date[:4])
    month = int(date[5:7]) if len(date) >= 7 else (12 if last else 1)
    return year * 12 + month - 1


def _span(career: Career, today: datetime.date) -> tuple[int, int] | None:
    if career.start is None:
        return None
    first = _index(career.start, last=False)
    now = today.year * 12 + today.month - 1
    if career.is_current:
        last = now
    elif career.end is not None:
        last = min(_index(career.end, last=True), max(now, first))
    else:
        return None
    return (first, last) if last >= first else None


def total_months(careers: list[Career], today: datetime.date) -> int | None:
    """Months covered by at least one career period (overlaps counted once)."""
    spans = sorted(s for s in (_span(c, today) for c in careers) if s is not None)
    if not spans:
        return None
    total, cur_start, cur_end = 0, spans[0][0], spans[0][1]
    for start, end in spans[1:]:
        if start > cur_end + 1:
            total += cur_end - cur_start + 1
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    return total + cur_end - cur_start + 1


def to_flat_dict(profile: CandidateProfile) -> dict[str, object]:
    """The flat JSON profile of DESIGN §4: unknown values are absent, a current job has end None."""
    flat: dict[str, object] = {}
    for key, value in profile.model_dump(exclude={"careers", "education"}).items():
        if value not in (None, [], ""):
            flat[key] = value
    careers = [_flat_career(c) for c in profile.careers]
    education = [_drop_empty(e.model_dump()) for e in profile.education]
    if careers:
        flat["careers"] = careers
    if education:
        flat["education"] = education
    if "projects" in flat:
        flat["projects"] = [_drop_empty(p.model_dump()) for p in profile.projects]
    return flat


def _flat_career(career: Career) -> dict[str, object]:
    flat = _drop_empty(career.model_dump(exclude={"responsibilities"}))
    flat["is_current"] = career.is_current
    if career.is_current:
        flat["end"] = None
    return flat


def _drop_empty(values: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if v not in (None, [], "")}
