"""The records of a fictional person: everything a resume of them can state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

TODAY = date(2026, 11, 20)  # the corpus's fixed "now": ages and current jobs are as of this day


@dataclass(frozen=True)
class Career:
    company: str
    position: str
    start: str | None  # YYYY-MM, YYYY, or None when the entry has no dates
    end: str | None  # None while is_current
    is_current: bool = False
    duty: str = ""  # 담당업무, or a department
    location: str = ""
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Education:
    school: str
    degree: str | None
    major: str | None
    start: str | None
    end: str | None
    status: str = ""  # 졸업 / 재학 / 수료 or Graduated


@dataclass(frozen=True)
class Project:
    name: str
    role: str
    start: str
    end: str
    tech: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class ThirdParty:
    """Someone else named in the document (referee, family member, recruiter, professor)."""

    kind: str
    name: str
    relation: str
    phone: str | None = None
    email: str | None = None
    company: str | None = None


@dataclass(frozen=True)
class Persona:
    id: str
    split: str
    language: str  # ko | en | mixed
    field: str
    name: str  # as the document prints it
    gender: str
    surname: str = ""
    given: str = ""
    name_hanja: str | None = None
    name_roman: str | None = None
    birth: date | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    address: str | None = None
    links: tuple[str, ...] = ()
    headline: str = ""
    summary: str = ""
    careers: tuple[Career, ...] = ()
    education: tuple[Education, ...] = ()
    skills: tuple[str, ...] = ()
    spoken: tuple[str, ...] = ()
    certificates: tuple[tuple[str, str], ...] = ()
    projects: tuple[Project, ...] = ()
    military: str | None = None
    third_parties: tuple[ThirdParty, ...] = field(default_factory=tuple)
    handle: str = ""

    @property
    def experience_months(self) -> int:
        total = 0
        for c in self.careers:
            if c.start and len(c.start) == 7:
                end = TODAY.strftime("%Y-%m") if c.is_current else (c.end or c.start)
                total += months_between(c.start, end[:7] if len(end) >= 7 else f"{end}-12") + 1
        return total


def months_between(start: str, end: str) -> int:
    (sy, sm), (ey, em) = (map(int, start.split("-")), map(int, end.split("-")))
    return (ey - sy) * 12 + em - sm
