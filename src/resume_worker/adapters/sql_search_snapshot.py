"""A tenant's searchable state read from SQL at one generation: the latest version of each
candidate, with the non-PII facts that results show and filters test.

The generation is a per-tenant counter that database triggers (migration 0004) bump whenever a
chunk is added, deleted or re-embedded or a version stops being the latest, so one indexed
lookup tells a cached snapshot that it is stale.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from resume_worker.ports import CandidateSummary, SearchFilters

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_GENERATION = "SELECT generation FROM search_generations WHERE tenant_id = ?"
_LATEST = (
    "SELECT id, candidate_id, version, profile FROM candidate_versions"
    " WHERE tenant_id = ? AND is_latest ORDER BY id"
)
_SKILL_NOISE = re.compile(r"[\s.\-]+")


def skill_key(skill: str) -> str:
    """A skill compared case-, space-, dot- and hyphen-insensitively ("Node.js" = "nodejs")."""
    return _SKILL_NOISE.sub("", skill).casefold()


def generation(conn: sqlite3.Connection, tenant_id: str) -> int:
    row = conn.execute(_GENERATION, (tenant_id,)).fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class Catalogue:
    """The latest version of each of a tenant's candidates, by position."""

    tenant_id: str
    generation: int
    summaries: tuple[CandidateSummary, ...]
    position: dict[str, int]
    experience: IntArray
    skills: tuple[frozenset[str], ...]

    def allowed(self, filters: SearchFilters) -> BoolArray:
        """Which positions pass the experience and skill filters."""
        ok = np.ones(len(self.summaries), dtype=bool)
        if filters.min_experience_months is not None:
            ok &= self.experience >= filters.min_experience_months
        wanted = {skill_key(s) for s in filters.skills if skill_key(s)}
        if wanted:
            ok &= np.fromiter((wanted <= have for have in self.skills), bool, len(self.skills))
        return ok


def load_catalogue(conn: sqlite3.Connection, tenant_id: str, at: int) -> Catalogue:
    summaries = tuple(summary_of(*row) for row in conn.execute(_LATEST, (tenant_id,)))
    return Catalogue(
        tenant_id=tenant_id,
        generation=at,
        summaries=summaries,
        position={s.record_id: i for i, s in enumerate(summaries)},
        experience=np.array([s.total_experience_months or -1 for s in summaries], dtype=np.int64),
        skills=tuple(frozenset(skill_key(k) for k in s.skills) for s in summaries),
    )


def summary_of(record_id: str, candidate_id: str, version: int, stored: str) -> CandidateSummary:
    """The public profile's non-PII facts; the headline is the latest role, as stored."""
    profile = json.loads(stored)
    careers = profile.get("careers") or [{}]
    headline = " @ ".join(v for v in (careers[0].get("position"), careers[0].get("company")) if v)
    return CandidateSummary(
        candidate_id=candidate_id,
        record_id=record_id,
        version=version,
        total_experience_months=profile.get("total_experience_months"),
        skills=tuple(profile.get("skills") or ()),
        headline=headline,
    )
