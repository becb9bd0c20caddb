"""The chunks of one candidate version: structured chunks from the public profile, raw chunks from
the redacted text, each within its size and the embedder's token limit, each with its source span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resume_worker.core.document import hangul_ratio
from resume_worker.core.models import CandidateProfile, Chunk, ChunkKind, ProtectedProfile
from resume_worker.text.text_windows import Span, TextCutter, TokenBudget, fit

# How far (in characters, beyond the chunk's own length) a value may lie from the chunk's most
# specific value and still count as where the chunk was read: farther away it is another mention.
ANCHOR_REACH = 200
MAX_OCCURRENCES = 50


@dataclass(frozen=True)
class ChunkSizes:
    max_structured_chars: int = 2000
    max_raw_full_chars: int = 8000
    section_size: int = 1500
    section_overlap: int = 300
    korean_threshold: float = 0.5
    korean_size: int = 2000
    korean_overlap: int = 500

    def for_text(self, text: str) -> tuple[int, int]:
        """(size, overlap) of raw sections: the Korean pair when Hangul is at least
        korean_threshold of the letters, since a Hangul syllable carries about as much meaning
        (and as many tokens) as a short English word."""
        if hangul_ratio(text) >= self.korean_threshold:
            return self.korean_size, self.korean_overlap
        return self.section_size, self.section_overlap


@dataclass(frozen=True)
class Draft:
    """A structured chunk before cutting: its text and the profile values it was made of, which
    locate it in the redacted text."""

    kind: ChunkKind
    body: str
    values: tuple[str, ...]


def build_chunks(
    protected: ProtectedProfile, sizes: ChunkSizes, budget: TokenBudget | None
) -> list[Chunk]:
    """All seven chunk types in a stable order: summary, career, project, skill, education
    (each cut to max_structured_chars and the budget), raw_full, then the raw sections.

    raw_full is the longest opening of the redacted text that ends where a raw section ends and
    stays within max_raw_full_chars and the budget: the whole document for a long-input model,
    the first section (the same text, embedded once) for a 512-token one. When even the first
    section is longer than max_raw_full_chars it is the opening cut to fit.
    """
    text, record_id = protected.redacted_text, protected.record_id
    chunks: list[Chunk] = []
    for draft in drafts(protected.public):
        for piece in fit(draft.body, Span(0, len(draft.body)), sizes.max_structured_chars, budget):
            body = draft.body[piece.start : piece.end]
            where = source_span(text, [v for v in draft.values if v in body])
            chunks.append(Chunk(record_id, draft.kind, len(chunks), body, where.start, where.end))
    size, overlap = sizes.for_text(text)
    cutter = TextCutter(text, budget)
    sections = cutter.windows(size, overlap)
    full = cutter.longest_prefix([s.end for s in sections], sizes.max_raw_full_chars)
    if full is None and sections:
        full = cutter.fit(sections[0], sizes.max_raw_full_chars)[0]
    raw: list[tuple[ChunkKind, Span]] = [("raw_full", full)] if full else []
    raw += [("raw_section", span) for span in sections]
    for kind, span in raw:
        chunks.append(
            Chunk(record_id, kind, len(chunks), text[span.start : span.end], span.start, span.end)
        )
    return chunks


def drafts(profile: CandidateProfile) -> list[Draft]:
    """The structured chunks' text, one per career, project and school, one for skills, and a
    summary (the profile's own, or a headline built from it)."""
    found: list[Draft] = []
    if profile.summary:
        found.append(Draft("summary", profile.summary, (profile.summary,)))
    elif headline := _headline(profile):
        found.append(Draft("summary", headline, ()))
    for career in profile.careers:
        head = _joined(career.company, career.department, career.position)
        period = _period(career.start, career.end, career.is_current)
        body = "\n".join([f"{head} ({period})", *career.responsibilities])
        values = (career.company, career.department, career.position, *career.responsibilities)
        found.append(Draft("career", body, _present(values)))
    for project in profile.projects:
        head = _joined(project.name, project.role)
        parts = [head, project.description or "", ", ".join(project.tech)]
        values = (project.name, project.role, project.description, *project.tech)
        found.append(Draft("project", _lines(parts), _present(values)))
    if profile.skills:
        listed = ", ".join(profile.skills)
        found.append(Draft("skill", f"Skills: {listed}", _present((listed, *profile.skills))))
    for school in profile.education:
        line = _joined(school.school, school.degree, school.major, school.status)
        values = (school.school, school.degree, school.major)
        body = f"{line} ({_period(school.start, school.end, False)})"
        found.append(Draft("education", body, _present(values)))
    return [d for d in found if d.body.strip()]


def _joined(*values: str | None) -> str:
    return " · ".join(v for v in values if v)


def _lines(parts: list[str]) -> str:
    return "\n".join(p for p in parts if p)


def _present(values: tuple[str | None, ...]) -> tuple[str, ...]:
    return tuple(v for v in values if v and len(v.strip()) >= 2)


def _headline(profile: CandidateProfile) -> str:
    parts = []
    if profile.total_experience_months:
        years, months = divmod(profile.total_experience_months, 12)
        parts.append(f"{years}y{months}m experience")
    if profile.careers:
        latest = profile.careers[0]
        parts.append(" @ ".join(v for v in (latest.position, latest.company) if v))
    if profile.skills:
        parts.append(", ".join(profile.skills[:10]))
    return " · ".join(p for p in parts if p)


def _period(start: str | None, end: str | None, current: bool) -> str:
    return f"{start or '?'} ~ {'present' if current else end or '?'}"


def source_span(text: str, values: list[str]) -> Span:
    """Where in the redacted text a structured chunk was read: around the first occurrence of
    its longest (most specific) value, stretched to the nearest occurrence of each other value
    within reach. Span(0, 0) when no value occurs verbatim (a generated headline, or values
    the analyst normalised)."""
    found = sorted((v for v in values if v in text), key=len, reverse=True)
    if not found:
        return Span(0, 0)
    pivot = text.index(found[0])
    start, end = pivot, pivot + len(found[0])
    reach = sum(len(v) for v in found) + ANCHOR_REACH
    for value in found[1:]:
        at = _nearest(text, value, pivot)
        if abs(at - pivot) <= reach:
            start, end = min(start, at), max(end, at + len(value))
    return Span(start, end)


def _nearest(text: str, value: str, pivot: int) -> int:
    occurrences = re.finditer(re.escape(value), text)
    positions = [m.start() for _, m in zip(range(MAX_OCCURRENCES), occurrences, strict=False)]
    return min(positions, key=lambda p: abs(p - pivot))
