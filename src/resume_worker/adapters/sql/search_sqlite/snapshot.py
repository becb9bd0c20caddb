"""A tenant's searchable state read from SQL at one generation: the latest version of each
candidate, with the non-PII facts that results show and filters test.

The generation is a per-tenant counter that database triggers (migration 0004) bump whenever a
chunk is added, deleted or re-embedded or a version stops being the latest, so one indexed
lookup tells a cached snapshot that it is stale. A second counter, `rewrites` (migration 0011),
moves on all of those but additions: while it stays, a stale snapshot is extended with the
versions and chunks added since (rowids and chunk ids grow in commit order, SQLite having one
writer at a time, and a delete that could free the highest ones is a rewrite), instead of
reloaded whole.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from resume_worker.core.ports.search import CandidateSummary, SearchFilters

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_STATE = "SELECT generation, rewrites FROM search_generations WHERE tenant_id = ?"
_LATEST = (
    "SELECT rowid, id, candidate_id, version, profile FROM candidate_versions"
    " WHERE tenant_id = ? AND is_latest AND rowid > ? ORDER BY rowid"
)
_LOADS = itertools.count(1)
_SKILL_NOISE = re.compile(r"[\s.\-]+")


def skill_key(skill: str) -> str:
    """A skill compared case-, space-, dot- and hyphen-insensitively ("Node.js" = "nodejs")."""
    return _SKILL_NOISE.sub("", skill).casefold()


def state(conn: sqlite3.Connection, tenant_id: str) -> tuple[int, int]:
    """The tenant's (generation, rewrites)."""
    row = conn.execute(_STATE, (tenant_id,)).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


@dataclass(frozen=True)
class Catalogue:
    """The latest version of each of a tenant's candidates, by position. `load` names the
    whole load it extends (vector blocks refer to its positions), `last_rowid` the newest
    version row it holds."""

    tenant_id: str
    generation: int
    rewrites: int
    load: int
    last_rowid: int
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


def load_catalogue(
    conn: sqlite3.Connection, tenant_id: str, at: tuple[int, int], base: Catalogue | None = None
) -> Catalogue:
    """The catalogue at generation and rewrites `at`: `base` with the versions added since, when
    it is of the same rewrites, else every latest version."""
    if base is None or base.rewrites != at[1]:
        base = Catalogue(tenant_id, 0, at[1], next(_LOADS), 0, (), {}, np.zeros(0, np.int64), ())
    rows = conn.execute(_LATEST, (tenant_id, base.last_rowid)).fetchall()
    added = tuple(summary_of(*row[1:]) for row in rows)
    start = len(base.summaries)
    experience = [s.total_experience_months or -1 for s in added]
    return Catalogue(
        tenant_id=tenant_id,
        generation=at[0],
        rewrites=at[1],
        load=base.load,
        last_rowid=int(rows[-1][0]) if rows else base.last_rowid,
        summaries=base.summaries + added,
        position=base.position | {s.record_id: start + i for i, s in enumerate(added)},
        experience=np.concatenate([base.experience, np.array(experience, dtype=np.int64)]),
        skills=base.skills + tuple(frozenset(skill_key(k) for k in s.skills) for s in added),
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
