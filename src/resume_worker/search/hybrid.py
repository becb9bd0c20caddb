"""Candidate search: a query string in, the best candidates of one tenant out, each with the
redacted snippets that matched.

Hybrid search ranks candidates twice, by the cosine similarity of their best chunk to the
embedded query and by the keyword relevance (bm25 over morphemes) of their best chunk, and fuses
the two rankings by reciprocal rank fusion (fusion.py).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.ports.embedder import Embedder
from resume_worker.core.ports.search import (
    CandidateMatch,
    CandidateSummary,
    SearchFilters,
    SearchIndex,
)
from resume_worker.search.fusion import fuse
from resume_worker.search.snippets import snippet

# How many candidates each ranking contributes to the fusion (at least top_k).
FUSION_DEPTH = 50
SNIPPETS_PER_CANDIDATE = 2
Mode = Literal["hybrid", "vector", "keyword"]
MODES: tuple[Mode, ...] = ("hybrid", "vector", "keyword")


@dataclass(frozen=True)
class Snippet:
    kind: str
    text: str


@dataclass(frozen=True)
class SearchHit:
    rank: int
    summary: CandidateSummary
    score: float
    scores: dict[str, float]
    snippets: tuple[Snippet, ...]


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    timings_ms: dict[str, float]


async def search_candidates(
    query: str,
    filters: SearchFilters,
    *,
    index: SearchIndex,
    embedder: Embedder,
    top_k: int,
    mode: Mode = "hybrid",
) -> SearchResult:
    """The `top_k` best candidates for `query` within `filters`, best first."""
    if not query.strip():
        raise PermanentError("the search query is empty", ErrorCode.VALIDATION_ERROR)
    began = time.perf_counter()
    timings: dict[str, float] = {}
    depth = max(top_k, FUSION_DEPTH)
    branches: dict[str, Coroutine[Any, Any, list[CandidateMatch]]] = {}
    if mode in ("hybrid", "vector"):
        branches["vector"] = _vector(
            query, filters, index=index, embedder=embedder, depth=depth, timings=timings
        )
    if mode in ("hybrid", "keyword"):
        branches["keyword"] = _keyword(query, filters, index, depth, timings)
    rankings = dict(zip(branches, await asyncio.gather(*branches.values()), strict=True))
    fused = fuse(rankings)[:top_k]
    hits = await _with_snippets(fused, rankings, index, query)
    timings["total"] = _ms(began)
    return SearchResult(hits, timings)


def search_document(
    query: str, filters: SearchFilters, mode: str, top_k: int, result: SearchResult
) -> dict[str, Any]:
    """The document `search --json` prints and GET /v1/search answers: the request, then one
    entry per candidate, best first."""
    return {
        "query": query,
        "tenant": filters.tenant_id,
        "mode": mode,
        "top": top_k,
        "filters": {
            "min_experience_months": filters.min_experience_months,
            "skills": list(filters.skills),
        },
        "results": [
            {
                "rank": hit.rank,
                "candidate_id": hit.summary.candidate_id,
                "version": hit.summary.version,
                "record_id": hit.summary.record_id,
                "score": hit.score,
                "scores": hit.scores,
                "headline": hit.summary.headline,
                "total_experience_months": hit.summary.total_experience_months,
                "skills": list(hit.summary.skills),
                "snippets": [{"kind": s.kind, "text": s.text} for s in hit.snippets],
            }
            for hit in result.hits
        ],
        "timings_ms": result.timings_ms,
    }


async def _vector(
    query: str,
    filters: SearchFilters,
    *,
    index: SearchIndex,
    embedder: Embedder,
    depth: int,
    timings: dict[str, float],
) -> list[CandidateMatch]:
    began = time.perf_counter()
    vector = await embedder.embed_query(query)
    timings["embed"] = _ms(began)
    matches = await index.vector_matches(
        filters, vector, text=query, model=embedder.model, limit=depth
    )
    timings["vector"] = _ms(began) - timings["embed"]
    return matches


async def _keyword(
    query: str, filters: SearchFilters, index: SearchIndex, depth: int, timings: dict[str, float]
) -> list[CandidateMatch]:
    began = time.perf_counter()
    matches = await index.keyword_matches(filters, query, limit=depth)
    timings["keyword"] = _ms(began)
    return matches


async def _with_snippets(
    fused: list[tuple[str, float]],
    rankings: Mapping[str, Sequence[CandidateMatch]],
    index: SearchIndex,
    query: str,
) -> tuple[SearchHit, ...]:
    """Hits with their best chunks as snippets: keyword matches first (they show the words),
    then the closest chunks by meaning."""
    by_source = {
        name: {m.summary.candidate_id: m for m in ranking} for name, ranking in rankings.items()
    }
    picked: dict[str, list[tuple[int, str]]] = {}
    for cid, _ in fused:
        matches = [by_source[n][cid] for n in ("keyword", "vector") if cid in by_source.get(n, {})]
        chunks = dict.fromkeys((c.chunk_id, c.kind) for m in matches for c in m.chunks)
        picked[cid] = list(chunks)[:SNIPPETS_PER_CANDIDATE]
    texts = await index.chunk_texts([chunk for chunks in picked.values() for chunk, _ in chunks])
    hits = []
    for rank, (cid, score) in enumerate(fused, start=1):
        found = {n: by_source[n][cid] for n in by_source if cid in by_source[n]}
        summary = next(iter(found.values())).summary
        snippets = tuple(
            Snippet(kind, snippet(texts[chunk], query))
            for chunk, kind in picked[cid]
            if chunk in texts
        )
        scores = {name: round(m.score, 4) for name, m in found.items()}
        hits.append(SearchHit(rank, summary, round(score, 6), scores, snippets))
    return tuple(hits)


def _ms(began: float) -> float:
    return round((time.perf_counter() - began) * 1000, 2)
