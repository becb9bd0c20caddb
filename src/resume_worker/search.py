"""Candidate search: a query string in, the best candidates of one tenant out, each with the
redacted snippets that matched.

Hybrid search ranks candidates twice, by the cosine similarity of their best chunk to the
embedded query and by the keyword relevance (bm25 over morphemes) of their best chunk, and fuses
the two rankings by reciprocal rank fusion (Cormack et al. 2009): score = sum over rankings of
1 / (k + rank), with k = 60 as in the paper. RRF needs no score calibration between cosine and
bm25, and a candidate near the top of both rankings beats one at the top of only one.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import OrderedDict
from collections.abc import Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from resume_worker.errors import ErrorCode, PermanentError
from resume_worker.ports import (
    CandidateMatch,
    CandidateSummary,
    Embedder,
    SearchFilters,
    SearchIndex,
)

RRF_K = 60
# How many candidates each ranking contributes to the fusion (at least top_k).
FUSION_DEPTH = 50
SNIPPETS_PER_CANDIDATE = 2
SNIPPET_CHARS = 240
Mode = Literal["hybrid", "vector", "keyword"]
MODES: tuple[Mode, ...] = ("hybrid", "vector", "keyword")
# Distinct queries whose vectors a process keeps (384 floats each: about 3 MB as Python lists).
QUERY_CACHE_SIZE = 1024
_WORD = re.compile(r"\w+")
_HANGUL = re.compile(r"[가-힣]")


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


class CachedQueryEmbedder:
    """The embedder with the vectors of the last QUERY_CACHE_SIZE distinct queries kept in the
    process: a repeated query (the next page, a refreshed list, the same search from several
    users) skips the model, the largest single cost of a search (4-6 ms on one core with `local`).
    A query's vector depends on its text and the model only; passages are not cached."""

    def __init__(self, embedder: Embedder, size: int = QUERY_CACHE_SIZE) -> None:
        self._embedder = embedder
        self._size = size
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self.model = embedder.model
        self.dim = embedder.dim
        self.max_tokens = embedder.max_tokens

    def count_tokens(self, text: str) -> int:
        return self._embedder.count_tokens(text)

    async def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return await self._embedder.embed_passages(texts)

    async def embed_query(self, text: str) -> list[float]:
        vector = self._vectors.get(text)
        if vector is None:
            vector = await self._embedder.embed_query(text)
            self._vectors[text] = vector
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        self._vectors.move_to_end(text)
        return vector

    def clear(self) -> None:
        """Forget every query (the benchmark measures searches with the embedding)."""
        self._vectors.clear()


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


def fuse(
    rankings: Mapping[str, Sequence[CandidateMatch]], k: int = RRF_K
) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: (candidate id, sum of 1 / (k + rank)), best first; ties go to
    the candidate with the better single rank, then by id so the order is stable."""
    scores: dict[str, float] = {}
    best_rank: dict[str, int] = {}
    for ranking in rankings.values():
        for rank, match in enumerate(ranking, start=1):
            cid = match.summary.candidate_id
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (k + rank)
            best_rank[cid] = min(best_rank.get(cid, rank), rank)
    return sorted(scores.items(), key=lambda item: (-item[1], best_rank[item[0]], item[0]))


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


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """About `width` characters of `text` around the first place a query word appears (for a
    Korean word also its leading part, as compounds split: 백엔드개발자 -> 백엔드 개발자), or
    its opening when none does; whitespace collapsed."""
    flat = " ".join(text.split())
    at = _first_hit(flat.casefold(), query.casefold())
    start = max(0, at - width // 3)
    piece = flat[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(flat) else ""
    return f"{prefix}{piece}{suffix}"


def _first_hit(text: str, query: str) -> int:
    positions = []
    for word in _WORD.findall(query):
        shortest = 2 if _HANGUL.search(word) else len(word)
        for size in range(len(word), shortest - 1, -1):
            found = text.find(word[:size])
            if found >= 0:
                positions.append(found)
                break
    return min(positions, default=0)


def _ms(began: float) -> float:
    return round((time.perf_counter() - began) * 1000, 2)
