"""The candidate profile schema: what analysts produce, and the LLM's structured-output schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Career(_Record):
    company: str | None = None
    department: str | None = None
    position: str | None = None
    start: str | None = Field(None, description="YYYY-MM, or YYYY when only a year is given")
    end: str | None = Field(None, description="YYYY-MM or YYYY; null while current")
    is_current: bool = False
    months: int | None = Field(None, description="computed by validate, never by an analyst")
    responsibilities: list[str] = []


class Education(_Record):
    school: str | None = None
    degree: str | None = None
    major: str | None = None
    status: str | None = None
    start: str | None = None
    end: str | None = None


class Project(_Record):
    name: str | None = None
    role: str | None = None
    start: str | None = None
    end: str | None = None
    description: str | None = None
    tech: list[str] = []


class CandidateProfile(_Record):
    """The structured resume. An unknown value is None or an empty list (absent in JSON output)."""

    name: str | None = None
    name_variants: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    birth_year: int | None = None
    gender: str | None = None
    address: str | None = None
    links: list[str] = []
    careers: list[Career] = []
    education: list[Education] = []
    skills: list[str] = []
    certificates: list[str] = []
    languages: list[str] = []
    military_service: str | None = None
    projects: list[Project] = []
    summary: str | None = None
    total_experience_months: int | None = None
