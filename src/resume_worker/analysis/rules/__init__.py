"""The offline `rules` analyst: resume text to a CandidateProfile by layout and vocabulary."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from resume_worker.analysis.rules import extras
from resume_worker.analysis.rules.careers import careers_from_lines
from resume_worker.analysis.rules.contacts import (
    Found,
    find_birth_year,
    find_emails,
    find_links,
    find_phones,
)
from resume_worker.analysis.rules.education import education_from_lines
from resume_worker.analysis.rules.layout import Line, lines_of
from resume_worker.analysis.rules.names import find_name
from resume_worker.analysis.rules.sections import assign_sections
from resume_worker.analysis.rules.skills import skills_from_lines
from resume_worker.analysis.rules.tables import is_column_header, table_records
from resume_worker.core.models import (
    Analysis,
    CandidateProfile,
    Career,
    Education,
    ExtractedText,
    SourceSpan,
)
from resume_worker.text.headings import heading_kind

__all__ = ["RulesAnalyst", "analyze_text"]

_FALLBACK_SECTIONS = frozenset({"header", "summary", "personal"})


class RulesAnalyst:
    """Reads a profile with rules only: no network, no model, deterministic."""

    name = "rules"

    async def analyze(self, text: ExtractedText) -> Analysis:
        """Runs the CPU-bound rules in a worker thread so concurrent jobs keep the loop free."""
        return await asyncio.to_thread(analyze_text, text)


@dataclass
class _Result:
    profile: dict[str, object] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    sources: dict[str, SourceSpan] = field(default_factory=dict)

    def put(self, key: str, value: object, confidence: float, where: Found | Line | None) -> None:
        if value in (None, [], ""):
            return
        self.profile[key] = value
        self.confidence[key] = confidence
        if where is not None:
            self.sources[key] = SourceSpan(where.page, where.start, where.end)


def analyze_text(text: ExtractedText) -> Analysis:
    """The whole rules analysis of one document, as a pure function."""
    lines = lines_of(text)
    kinds = assign_sections(lines)
    result = _Result()
    _contacts(lines, kinds, result)
    careers, schools, used = table_records(lines)
    _careers(lines, kinds, used, careers, result)
    _education(lines, kinds, used, schools, result)
    _skills(lines, kinds, result)
    _others(lines, kinds, result)
    profile = CandidateProfile.model_validate(result.profile)
    return Analysis(profile, result.confidence, result.sources)


def _contacts(lines: list[Line], kinds: list[str], result: _Result) -> None:
    name, variants = find_name(lines, kinds)
    if name is not None:
        _reopen_header(lines, kinds, name.start)
        result.put("name", name.value, 0.8, name)
        result.put("name_variants", variants, 0.6, name)
    emails = find_emails(lines, kinds)
    result.put("emails", [e.value for e in emails], 0.95, emails[0] if emails else None)
    phones = find_phones(lines, kinds)
    result.put("phones", [p.value for p in phones], 0.9, phones[0] if phones else None)
    links = find_links(lines, kinds)
    result.put("links", [link.value for link in links], 0.8, links[0] if links else None)
    birth = find_birth_year(lines)
    if birth is not None:
        result.put("birth_year", int(birth.value), 0.85, birth)


def _reopen_header(lines: list[Line], kinds: list[str], at: int) -> None:
    """A name found under a sidebar heading starts the main column: its block is the header."""
    index = next((i for i, line in enumerate(lines) if line.start <= at < line.end + 1), None)
    if index is None or kinds[index] in ("header", "personal"):
        return
    while index < len(lines) and kinds[index] != "heading":
        kinds[index] = "header"
        index += 1


def _section_text_lines(
    lines: list[Line], kinds: list[str], used: set[int], wanted: frozenset[str]
) -> list[Line]:
    chosen: list[Line] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind not in wanted or line.start in used or is_column_header(line.text):
            continue
        chosen.append(Line(line.text, line.raw, line.start, line.end, line.page))
    return chosen


def _careers(
    lines: list[Line],
    kinds: list[str],
    used: set[int],
    table: list[tuple[Career, Line]],
    result: _Result,
) -> None:
    found: list[tuple[Career, SourceSpan]] = [
        (career, SourceSpan(line.page, line.start, line.end)) for career, line in table
    ]
    section = _section_text_lines(lines, kinds, used, frozenset({"experience"}))
    parsed = [p for p in careers_from_lines(section) if not found or p.career.start]
    if not parsed and not found:
        fallback = _section_text_lines(lines, kinds, used, _FALLBACK_SECTIONS)
        parsed = [p for p in careers_from_lines(fallback) if p.career.start and p.career.company]
    found += [(p.career, SourceSpan(p.page, p.start, p.end)) for p in parsed]
    if found:
        result.profile["careers"] = [career for career, _ in found]
        result.confidence["careers"] = 0.8 if table else 0.6
        result.sources["careers"] = found[0][1]


def _education(
    lines: list[Line],
    kinds: list[str],
    used: set[int],
    table: list[tuple[Education, Line]],
    result: _Result,
) -> None:
    section = _section_text_lines(lines, kinds, used, frozenset({"education"}))
    text = [(e, line) for e, line in education_from_lines(section) if not table or e.start]
    found = list(table) + text
    if found:
        result.profile["education"] = [record for record, _ in found]
        result.confidence["education"] = 0.8 if table else 0.6
        first = found[0][1]
        result.sources["education"] = SourceSpan(first.page, first.start, first.end)


def _skills(lines: list[Line], kinds: list[str], result: _Result) -> None:
    chosen = [
        line
        for line, kind in zip(lines, kinds, strict=True)
        if kind == "skills"
        or (line.is_row and len(line.cells) >= 2 and heading_kind(line.cells[0].text) == "skills")
    ]
    items = skills_from_lines(chosen)
    result.put("skills", items, 0.7, chosen[0] if chosen else None)


def _others(lines: list[Line], kinds: list[str], result: _Result) -> None:
    def section(kind: str) -> list[Line]:
        return extras.section_lines(lines, kinds, kind)

    certs = section("certificates")
    result.put("certificates", extras.certificates(certs), 0.6, certs[0] if certs else None)
    langs = section("languages")
    result.put("languages", extras.plain_items(langs), 0.5, langs[0] if langs else None)
    military = section("military")
    result.put("military_service", extras.military(lines, military), 0.5, None)
    projects = section("projects")
    result.put("projects", extras.projects(projects), 0.5, projects[0] if projects else None)
    summary = section("summary")
    result.put("summary", extras.summary(summary), 0.5, summary[0] if summary else None)
    result.put("address", extras.address(lines), 0.6, None)
