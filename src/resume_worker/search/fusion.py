"""Reciprocal rank fusion (Cormack et al. 2009) of several retrievers' candidate rankings:
score = sum over rankings of 1 / (k + rank), with k = 60 as in the paper. RRF needs no score
calibration between cosine and bm25, and a candidate near the top of both rankings beats one at
the top of only one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from resume_worker.core.ports.search import CandidateMatch

RRF_K = 60


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
