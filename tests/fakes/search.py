"""The fake ChunkVectors and SearchIndex: the chunks of a MemoryDatabase, numbered as the SQL
chunks table numbers its rows, searched by exact cosine and by shared search terms over the
latest versions (no bm25, language centring or common-term cutoff: tenants here are small)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import CandidateProfile, EmbeddedChunk
from resume_worker.core.ports.search import (
    CandidateMatch,
    CandidateSummary,
    ChunkMatch,
    SearchFilters,
    StaleChunk,
)
from resume_worker.text.search_terms import index_text, query_terms
from tests.fakes.database import MemoryDatabase, MemoryPort, VersionRow

CHUNKS_PER_CANDIDATE = 3
# As the SQL indexes match: a chunk holds half of the query's first MAX_TERMS distinct terms.
MAX_TERMS = 8
MIN_SHOULD_MATCH = 0.5
_SKILL_NOISE = re.compile(r"[\s.\-]+")


@dataclass(frozen=True)
class NumberedChunk(EmbeddedChunk):
    """A stored chunk with the id its row in the SQL chunks table would have."""

    chunk_id: int = 0


Stored = tuple[VersionRow, NumberedChunk]
Scored = tuple[VersionRow, NumberedChunk, float]


def numbered_chunks(db: MemoryDatabase) -> list[Stored]:
    """Every stored chunk by id. Chunks not numbered yet take the database's next ids in the
    order they were stored (versions keep their insertion order), as an autoincrement column
    gives them; the number stays in the row, so every fake over `db` sees the same ids."""
    found: list[Stored] = []
    for row in db.versions.values():
        for position, chunk in enumerate(row.chunks):
            if isinstance(chunk, NumberedChunk):
                found.append((row, chunk))
                continue
            item = NumberedChunk(chunk.chunk, chunk.vector, chunk.model, chunk.dim, next(db.ids))
            row.chunks[position] = item
            found.append((row, item))
    return found


class MemoryChunkVectors(MemoryPort):
    """Reads every stored chunk (any version, as SQL's walk of the chunks table does) and
    replaces chunks' vectors."""

    async def stale_chunks(
        self, *, model: str, dim: int, every: bool, tenant_id: str | None, after: int, limit: int
    ) -> list[StaleChunk]:
        stale = [
            StaleChunk(item.chunk_id, item.chunk.text)
            for row, item in numbered_chunks(self.db)
            if item.chunk_id > after
            and tenant_id in (None, row.tenant_id)
            and (every or item.vector is None or (item.model, item.dim) != (model, dim))
        ]
        return stale[: max(limit, 0)]

    async def store_vectors(
        self, vectors: Mapping[int, Sequence[float]], *, model: str, dim: int
    ) -> int:
        """All or nothing, as the SQL transaction: a wrong dimension changes no chunk."""
        if any(len(vector) != dim for vector in vectors.values()):
            raise PermanentError(
                f"the embedder returned a vector that is not {dim}-dimensional",
                ErrorCode.VALIDATION_ERROR,
            )
        stored = 0
        for row, item in numbered_chunks(self.db):
            vector = vectors.get(item.chunk_id)
            if vector is not None:
                at = row.chunks.index(item)
                new = tuple(float(x) for x in vector)
                row.chunks[at] = NumberedChunk(item.chunk, new, model, dim, item.chunk_id)
                stored += 1
        return stored


class MemorySearchIndex(MemoryChunkVectors):
    """SearchIndex (and ChunkVectors, as both SQL indexes are). The keyword index is each
    chunk's search terms, computed once per chunk by `refresh` or by the first search of its
    tenant (SQLite's index does the same)."""

    def __init__(self, db: MemoryDatabase | None = None) -> None:
        super().__init__(db)
        self._terms: dict[int, tuple[str, ...]] = {}

    async def vector_matches(
        self,
        filters: SearchFilters,
        vector: Sequence[float],
        *,
        text: str,
        model: str,
        limit: int,
    ) -> list[CandidateMatch]:
        """Cosine of the raw vectors; `text` (for the SQL indexes' centring) is not needed."""
        scored = [
            (row, item, _cosine(item.vector, vector))
            for row, item in self._latest(filters)
            if item.vector is not None
            and (item.model, item.dim, len(item.vector)) == (model, len(vector), len(vector))
        ]
        return _ranked(scored, limit) if len(vector) else []

    async def keyword_matches(
        self, filters: SearchFilters, text: str, *, limit: int
    ) -> list[CandidateMatch]:
        """Score: how many of the query's terms the chunk holds, the shorter chunk first."""
        wanted = query_terms(text)[:MAX_TERMS]
        need = max(1, math.ceil(MIN_SHOULD_MATCH * len(wanted)))
        await self.refresh(filters.tenant_id)
        scored = []
        for row, item in self._latest(filters):
            held = self._terms[item.chunk_id]
            matched = sum(term in held for term in wanted)
            if matched >= need:
                scored.append((row, item, matched + 1 / (1 + len(held))))
        return _ranked(scored, limit) if wanted else []

    async def chunk_texts(self, chunk_ids: Sequence[int]) -> dict[int, str]:
        wanted = set(chunk_ids)
        return {
            item.chunk_id: item.chunk.text
            for _, item in numbered_chunks(self.db)
            if item.chunk_id in wanted
        }

    async def refresh(self, tenant_id: str | None) -> int:
        added = 0
        for row, item in numbered_chunks(self.db):
            fresh = row.is_latest and item.chunk_id not in self._terms
            if fresh and tenant_id in (None, row.tenant_id):
                self._terms[item.chunk_id] = tuple(index_text(item.chunk.text).split())
                added += 1
        return added

    def _latest(self, filters: SearchFilters) -> list[Stored]:
        """The chunks of the tenant's latest versions that pass the filters."""
        return [
            (row, item)
            for row, item in numbered_chunks(self.db)
            if row.is_latest and row.tenant_id == filters.tenant_id and _allowed(row, filters)
        ]


def _ranked(scored: Iterable[Scored], limit: int) -> list[CandidateMatch]:
    """The `limit` candidates of the best chunks, each once with its best chunks; ties go to
    the lower chunk id, as in SQL's ORDER BY score DESC, chunk_id."""
    groups: dict[str, list[Scored]] = {}
    for entry in sorted(scored, key=lambda e: (-e[2], e[1].chunk_id)):
        groups.setdefault(entry[0].id, []).append(entry)
    matches = []
    for entries in list(groups.values())[: max(limit, 0)]:
        chunks = tuple(
            ChunkMatch(item.chunk_id, item.chunk.kind, score)
            for _, item, score in entries[:CHUNKS_PER_CANDIDATE]
        )
        matches.append(CandidateMatch(_summary(entries[0][0]), chunks[0].score, chunks))
    return matches


def _summary(row: VersionRow) -> CandidateSummary:
    """The public facts; the headline is the first career's position @ company."""
    profile = CandidateProfile.model_validate_json(row.profile_json)
    first = profile.careers[0] if profile.careers else None
    parts = (first.position, first.company) if first else ()
    return CandidateSummary(
        candidate_id=row.candidate_id,
        record_id=row.id,
        version=row.version,
        total_experience_months=profile.total_experience_months,
        skills=tuple(profile.skills),
        headline=" @ ".join(part for part in parts if part),
    )


def skill_key(skill: str) -> str:
    """A skill compared case-, space-, dot- and hyphen-insensitively."""
    return _SKILL_NOISE.sub("", skill).casefold()


def _allowed(row: VersionRow, filters: SearchFilters) -> bool:
    profile = CandidateProfile.model_validate_json(row.profile_json)
    months = profile.total_experience_months
    if filters.min_experience_months is not None and (
        months is None or months < filters.min_experience_months
    ):
        return False
    wanted = {skill_key(s) for s in filters.skills} - {""}
    return wanted <= {skill_key(s) for s in profile.skills}


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / max(norms, 1e-12)
