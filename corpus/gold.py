"""Gold files (shared/eval/GOLD_FORMAT.md) and planted-PII lists, from a persona and what the
template printed of it: exact by construction, then checked against the document's own text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from corpus.records import Persona

DatePrecision = Literal["month", "year", "none"]


@dataclass(frozen=True)
class Shown:
    """What a rendered document states about its persona. A field left out here is left out of
    the gold (GOLD_FORMAT: an absent key is not scored)."""

    name: str | None  # the name as printed
    emails: bool = True
    phones: bool = True
    birth: str | None = None  # the birth date as printed (gives birth_year)
    careers: bool = True
    career_dates: DatePrecision = "month"
    positions: bool = True
    education: bool = True
    degrees: bool = True
    majors: bool = True
    skills: bool | tuple[str, ...] = True  # or the skills printed, when a layout prints some
    address: bool = False
    links: tuple[str, ...] = ()  # the links as printed
    name_forms: tuple[str, ...] = ()  # other forms of the name printed (Hanja, romanised, spaced)
    third_parties: bool = False  # referees, family members, a recruiter are printed
    extra_pii: tuple[str, ...] = field(default_factory=tuple)  # anything else personal printed


def gold_profile(persona: Persona, shown: Shown) -> dict[str, Any]:
    """The `profile` of a gold file: only the keys the document states."""
    profile: dict[str, Any] = {}
    if shown.name:
        profile["name"] = shown.name
    if shown.emails and persona.emails:
        profile["emails"] = list(persona.emails)
    if shown.phones and persona.phones:
        profile["phones"] = list(persona.phones)
    if shown.birth and persona.birth:
        profile["birth_year"] = persona.birth.year
    if shown.careers:
        profile["careers"] = [_career(c, shown) for c in persona.careers]
    if shown.education and persona.education:
        profile["education"] = [_school(e, shown) for e in persona.education]
    skills = shown.skills if isinstance(shown.skills, tuple) else persona.skills
    if shown.skills and skills:
        profile["skills"] = list(skills)
    return profile


def _career(career: Any, shown: Shown) -> dict[str, Any]:
    entry: dict[str, Any] = {"company": career.company}
    if shown.positions:
        entry["position"] = career.position
    if shown.career_dates != "none" and career.start:
        cut = 4 if shown.career_dates == "year" else 7
        entry["start"] = career.start[:cut]
        entry["end"] = None if career.is_current else (career.end or "")[:cut]
    return entry


def _school(education: Any, shown: Shown) -> dict[str, Any]:
    entry: dict[str, Any] = {"school": education.school}
    if shown.degrees and education.degree:
        entry["degree"] = education.degree
    if shown.majors and education.major:
        entry["major"] = education.major
    return entry


def gold_file(persona: Persona, shown: Shown, language: str) -> dict[str, Any]:
    return {
        "language": language,
        "expect": "profile",
        "error_code": None,
        "profile": gold_profile(persona, shown),
    }


def error_gold(code: str, language: str, alternatives: tuple[str, ...] = ()) -> dict[str, Any]:
    gold: dict[str, Any] = {"language": language, "expect": "error", "error_code": code}
    if alternatives:
        gold["error_code_alternatives"] = list(alternatives)
    return gold


def planted_pii(persona: Persona, shown: Shown) -> dict[str, list[str]]:
    """Every personal string the document prints, by kind (the candidate's and others')."""
    planted: dict[str, list[str]] = {
        "names": [n for n in (shown.name, *shown.name_forms) if n],
        "emails": list(persona.emails) if shown.emails else [],
        "phones": list(persona.phones) if shown.phones else [],
        "birth_dates": [shown.birth] if shown.birth else [],
        "addresses": [persona.address] if shown.address and persona.address else [],
        "links": list(shown.links),
        "others": list(shown.extra_pii),
    }
    if shown.third_parties:
        for person in persona.third_parties:
            planted["others"] += [v for v in (person.name, person.phone, person.email) if v]
    return {kind: values for kind, values in planted.items() if values}


def _flat(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\u00a0]+", "", text)


def missing_from(text: str, gold: dict[str, Any]) -> list[str]:
    """The gold strings the document's text does not contain (spaces and case aside): a gold
    that says more than the document is a generator bug, and the build stops on it."""
    flat, profile = _flat(text), gold.get("profile", {})
    wanted = [profile.get("name", "")]
    wanted += [e for e in profile.get("emails", [])]
    wanted += [re.sub(r"\D", "", p)[-4:] for p in profile.get("phones", [])]
    wanted += [c["company"] for c in profile.get("careers", [])]
    wanted += [c.get("position", "") for c in profile.get("careers", [])]
    wanted += [e["school"] for e in profile.get("education", [])]
    wanted += profile.get("skills", [])
    return [w for w in wanted if w and _flat(w) not in flat]
