"""Candidate documents for `candidates show|export`: our flat JSON, JSON Resume and CSV rows.

Every function takes a profile that is already decrypted and masked (or revealed) by the caller,
so none of them can reveal more than it was given.
"""

from __future__ import annotations

import re
from typing import Any

from resume_worker.core.models import CandidateProfile, Career, Project, StoredRecord

JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
CSV_COLUMNS = (
    "candidate_id",
    "tenant",
    "version",
    "name",
    "emails",
    "phones",
    "birth_year",
    "current_company",
    "current_position",
    "companies",
    "schools",
    "skills",
    "total_experience_months",
)
LIST_SEPARATOR = "; "
# A cell a spreadsheet would run as a formula; resume text is untrusted (CSV injection). A leading
# + or - is allowed on phone-like values only.
FORMULA_START = re.compile(r"^(?:[=@\t\r]|[+\-](?![\d\s().\-]*$))")


def json_resume(record: StoredRecord, profile: CandidateProfile) -> dict[str, Any]:
    """A JSON Resume (jsonresume.org, schema v1) document; unknown values are left out."""
    basics = _drop_empty(
        {
            "name": profile.name,
            "email": _first(profile.emails),
            "phone": _first(profile.phones),
            "url": _first(profile.links),
            "summary": profile.summary,
            "location": {"address": profile.address} if profile.address else None,
            "profiles": [{"url": link} for link in profile.links[1:]],
        }
    )
    document = {
        "$schema": JSON_RESUME_SCHEMA,
        "basics": basics,
        "work": [_work(career) for career in profile.careers],
        "education": [
            _drop_empty(
                {
                    "institution": e.school,
                    "area": e.major,
                    "studyType": e.degree,
                    "startDate": e.start,
                    "endDate": e.end,
                }
            )
            for e in profile.education
        ],
        "skills": [{"name": skill} for skill in profile.skills],
        "projects": [_project(project) for project in profile.projects],
        "certificates": [{"name": name} for name in profile.certificates],
        "languages": [{"language": language} for language in profile.languages],
        "meta": {
            "version": "v1.0.0",
            "candidateId": record.candidate_id,
            "candidateVersion": record.version,
        },
    }
    return _drop_empty(document)


def _work(career: Career) -> dict[str, Any]:
    return _drop_empty(
        {
            "name": career.company,
            "position": career.position,
            "startDate": career.start,
            "endDate": None if career.is_current else career.end,
            "highlights": list(career.responsibilities),
        }
    )


def _project(project: Project) -> dict[str, Any]:
    return _drop_empty(
        {
            "name": project.name,
            "description": project.description,
            "startDate": project.start,
            "endDate": project.end,
            "roles": [project.role] if project.role else [],
            "keywords": list(project.tech),
        }
    )


def csv_row(record: StoredRecord, profile: CandidateProfile) -> dict[str, str]:
    """One flat row per candidate; lists joined with "; "."""
    current = next((c for c in profile.careers if c.is_current), None)
    companies = [c.company for c in profile.careers if c.company]
    schools = [e.school for e in profile.education if e.school]
    values: dict[str, object] = {
        "candidate_id": record.candidate_id,
        "tenant": record.tenant_id,
        "version": record.version,
        "name": profile.name,
        "emails": LIST_SEPARATOR.join(profile.emails),
        "phones": LIST_SEPARATOR.join(profile.phones),
        "birth_year": profile.birth_year,
        "current_company": current.company if current else None,
        "current_position": current.position if current else None,
        "companies": LIST_SEPARATOR.join(dict.fromkeys(companies)),
        "schools": LIST_SEPARATOR.join(dict.fromkeys(schools)),
        "skills": LIST_SEPARATOR.join(profile.skills),
        "total_experience_months": profile.total_experience_months,
    }
    return {column: _cell(values[column]) for column in CSV_COLUMNS}


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if FORMULA_START.match(text) else text


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _drop_empty(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if v not in (None, "", [], {})}
