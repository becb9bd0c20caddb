"""A persona as a JSON Resume document (https://jsonresume.org/schema, v1.0.0), the input every
theme of the jsonresume family renders. Older themes read the 0.x schema's names (`company`,
`website`, `picture`); `legacy_keys` adds them, as resumes kept for those themes have them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from corpus.careers import EN_BULLETS
from corpus.records import Career, Persona
from corpus.vocab import VOCABULARIES

NETWORKS = {"github.com": "GitHub", "linkedin.com": "LinkedIn"}
FLUENCY = {"English": "Native speaker", "Spanish": "Professional working", "French": "Elementary"}
SKILL_GROUPS = {
    "backend": "Backend",
    "frontend": "Frontend",
    "data": "Data engineering",
    "ml": "Machine learning",
    "design": "Design",
    "finance": "Finance",
    "marketing": "Marketing",
}


@dataclass(frozen=True)
class Choices:
    """How this persona's resume is written, drawn per document so a theme sees several shapes."""

    grouped_skills: bool  # skills as {name: group, keywords: [...]} instead of one name each
    skills_title: str  # the first group's name ("" = the field's: "Backend", "Design", ...)
    references: bool  # referees quoted with their contacts
    website: bool  # basics.url set to the first profile's URL


def https(link: str) -> str:
    return f"https://{link}"


def resume_json(persona: Persona, choices: Choices, *, image: str = "") -> dict[str, Any]:
    """The JSON Resume document of `persona` (v1 names); every value comes from the persona."""
    rng = random.Random(persona.id)
    resume: dict[str, Any] = {
        "basics": _basics(persona, choices, image),
        "work": [_work(career, rng) for career in persona.careers],
        "education": [_school(e) for e in persona.education],
        "skills": _skills(persona, choices),
        "projects": [_project(p) for p in persona.projects],
        "certificates": [{"name": n, "date": f"{d}-01"} for n, d in persona.certificates],
        "languages": [{"language": s, "fluency": FLUENCY.get(s, "")} for s in persona.spoken],
    }
    if choices.references:
        resume["references"] = [
            {
                "name": person.name,
                "reference": f"{persona.given} was a dependable colleague on my team at "
                f"{person.company}. Happy to talk: {person.email}, {person.phone}.",
            }
            for person in persona.third_parties
            if person.kind == "referee"
        ]
    return {key: value for key, value in resume.items() if value}


def _basics(persona: Persona, choices: Choices, image: str) -> dict[str, Any]:
    basics: dict[str, Any] = {
        "name": persona.name,
        "label": persona.headline,
        "email": persona.emails[0] if persona.emails else "",
        "phone": persona.phones[0] if persona.phones else "",
        "summary": persona.summary,
        "location": _location(persona.address or ""),
        "profiles": [
            {
                "network": NETWORKS.get(link.split("/")[0], link.split("/")[0]),
                "username": link.rstrip("/").rsplit("/", 1)[-1],
                "url": https(link),
            }
            for link in persona.links
        ],
    }
    if choices.website and persona.links:
        basics["url"] = https(persona.links[0])
    if image:
        basics["image"] = image
    return {key: value for key, value in basics.items() if value}


def _location(address: str) -> dict[str, str]:
    """City, region and country only: the street stays off the page (no theme prints it whole)."""
    parts = [part.strip() for part in address.split(",")]
    if len(parts) < 3:
        return {}
    region = parts[2].split(" ")[0]
    return {"city": parts[1], "region": region, "countryCode": "US"}


def iso(value: str | None) -> str:
    """`2021-03` -> `2021-03-01`: the full dates the schema's examples and most exporters use."""
    if not value:
        return ""
    return f"{value}-01" if len(value) == 7 else value


def _work(career: Career, rng: random.Random) -> dict[str, Any]:
    bullets = career.bullets or tuple(
        line.format(n=rng.randint(12, 60), k=rng.randint(2, 9), m=rng.randint(3, 11))
        for line in rng.sample(EN_BULLETS, rng.randint(1, 3))
    )
    work = {
        "name": career.company,
        "position": career.position,
        "startDate": iso(career.start),
        "endDate": "" if career.is_current else iso(career.end),
        "summary": career.duty,
        "highlights": list(bullets),
    }
    return {key: value for key, value in work.items() if value}


def _school(education: Any) -> dict[str, Any]:
    school = {
        "institution": education.school,
        "area": education.major or "",
        "studyType": education.degree or "",
        "startDate": iso(education.start),
        "endDate": iso(education.end),
    }
    return {key: value for key, value in school.items() if value}


def _skills(persona: Persona, choices: Choices) -> list[dict[str, Any]]:
    if not choices.grouped_skills:
        return [{"name": skill, "keywords": []} for skill in persona.skills]
    office = VOCABULARIES[persona.split].skills["office"]
    field_skills = [s for s in persona.skills if s not in office]
    tools = [s for s in persona.skills if s in office]
    title = choices.skills_title or SKILL_GROUPS.get(persona.field, "Skills")
    groups = [{"name": title, "keywords": field_skills}]
    if tools:
        groups.append({"name": "Tools", "keywords": tools})
    return groups


def _project(project: Any) -> dict[str, Any]:
    return {
        "name": project.name,
        "description": project.description,
        "startDate": iso(project.start),
        "endDate": iso(project.end),
        "keywords": list(project.tech),
        "roles": [project.role],
    }


def legacy_keys(resume: dict[str, Any]) -> dict[str, Any]:
    """The 0.x names beside the v1 ones (`work[].company`, `basics.website`, `basics.picture`),
    as resumes kept for the older themes (flat, class, short, paper, ...) carry them."""
    basics = dict(resume["basics"])
    if "url" in basics:
        basics["website"] = basics["url"]
    if "image" in basics:
        basics["picture"] = basics["image"]
    work = [dict(entry, company=entry["name"]) for entry in resume.get("work", [])]
    return dict(resume, basics=basics, work=work)
