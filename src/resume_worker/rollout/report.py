"""A flag's shadow observations as a report: field match rates net of the control's own noise,
the candidate's error rate, latency and cost deltas, and a raise / hold / kill recommendation."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from resume_worker.core.flags import Flag, Observation, Side

# The recommendation's rules, printed with every report (and in the README).
THRESHOLDS: dict[str, float] = {
    "kill_min_observations": 5,
    "kill_error_rate_above": 0.05,
    "kill_field_match_below": 0.90,
    "raise_min_observations": 30,
    "raise_error_rate_at_most": 0.01,
    "raise_field_match_at_least": 0.98,
    "raise_p95_latency_ratio_at_most": 1.5,
    "raise_mean_cost_ratio_at_most": 1.25,
}


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _rates(observations: Sequence[Observation]) -> dict[str, tuple[int, float]]:
    """Per field: how many runs compared it and the share that matched."""
    compared: Counter[str] = Counter()
    matched: Counter[str] = Counter()
    for observation in observations:
        for name, same in observation.fields.items():
            compared[name] += 1
            matched[name] += same
    return {name: (count, matched[name] / count) for name, count in sorted(compared.items())}


def field_report(
    candidates: Sequence[Observation], noise: Sequence[Observation]
) -> dict[str, dict[str, Any]]:
    """Match rates per field. The net rate adds back the mismatch the control shows against
    itself (its noise), so a non-deterministic control does not count against the candidate:
    net = min(1, candidate match + (1 - noise match))."""
    baseline = _rates(noise)
    fields: dict[str, dict[str, Any]] = {}
    for name, (count, rate) in _rates(candidates).items():
        noise_rate = baseline.get(name, (0, 1.0))[1]
        fields[name] = {
            "compared": count,
            "match_rate": round(rate, 4),
            "noise_match_rate": round(noise_rate, 4),
            "net_match_rate": round(min(1.0, rate + (1.0 - noise_rate)), 4),
        }
    return fields


def _latency(sides: Sequence[Side]) -> dict[str, float | None]:
    times = [side.ms for side in sides if side.ms is not None]
    return {"p50": percentile(times, 0.50), "p95": percentile(times, 0.95)}


def _cost(sides: Sequence[Side]) -> dict[str, Any]:
    """Total and mean cost of the sides that finished; `unknown` counts those without a price."""
    costs = [side.cost for side in sides if side.error is None]
    known = [cost for cost in costs if cost is not None]
    mean = round(sum(known) / len(known), 8) if known else None
    return {"total": round(sum(known), 8), "mean": mean, "unknown": len(costs) - len(known)}


def _delta(ours: float | None, theirs: float | None) -> float | None:
    return None if ours is None or theirs is None else round(theirs - ours, 8)


def _ratio(ours: float | None, theirs: float | None) -> float | None:
    if ours is None or theirs is None:
        return None
    return round(theirs / ours, 3) if ours > 0 else (1.0 if theirs <= 0 else math.inf)


def performance(candidates: Sequence[Observation]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Latency p50/p95 and cost of both sides over the candidate runs, with their deltas."""
    ours, theirs = (
        _latency([o.control for o in candidates]),
        _latency([o.candidate for o in candidates]),
    )
    delta = {key: _delta(ours[key], theirs[key]) for key in ("p50", "p95")}
    paid, paying = _cost([o.control for o in candidates]), _cost([o.candidate for o in candidates])
    latency = {"control": ours, "candidate": theirs, "delta": delta}
    cost = {
        "control": paid,
        "candidate": paying,
        "delta_mean": _delta(paid["mean"], paying["mean"]),
    }
    return latency, cost


def _kill_reasons(error_rate: float, worst: float | None) -> list[str]:
    t = THRESHOLDS
    reasons = []
    if error_rate > t["kill_error_rate_above"]:
        reasons.append(f"candidate error rate {error_rate:.1%} > {t['kill_error_rate_above']:.0%}")
    if worst is not None and worst < t["kill_field_match_below"]:
        reasons.append(f"a field's net match rate {worst:.1%} < {t['kill_field_match_below']:.0%}")
    return reasons


def _hold_reasons(
    count: int, error_rate: float, worst: float | None, latency: float | None, cost: float | None
) -> list[str]:
    t = THRESHOLDS
    reasons = []
    if count < t["raise_min_observations"]:
        reasons.append(f"{count} observations; raising needs {t['raise_min_observations']:.0f}")
    if error_rate > t["raise_error_rate_at_most"]:
        limit = t["raise_error_rate_at_most"]
        reasons.append(f"candidate error rate {error_rate:.1%} > {limit:.0%}")
    if worst is not None and worst < t["raise_field_match_at_least"]:
        reasons.append(f"worst net match rate {worst:.1%} < {t['raise_field_match_at_least']:.0%}")
    if latency is not None and latency > t["raise_p95_latency_ratio_at_most"]:
        reasons.append(f"p95 latency x{latency} > x{t['raise_p95_latency_ratio_at_most']}")
    if cost is not None and cost > t["raise_mean_cost_ratio_at_most"]:
        reasons.append(f"mean cost x{cost} > x{t['raise_mean_cost_ratio_at_most']}")
    return reasons


def recommend(
    count: int,
    error_rate: float,
    worst: float | None,
    latency: dict[str, Any],
    cost: dict[str, Any],
) -> dict[str, Any]:
    """kill when the candidate fails or disagrees clearly (from a few observations on), raise
    when every rule in THRESHOLDS holds over enough observations, else hold; with the reasons."""
    kills = _kill_reasons(error_rate, worst) if count >= THRESHOLDS["kill_min_observations"] else []
    if kills:
        return {"action": "kill", "reasons": kills, "thresholds": THRESHOLDS}
    slower = _ratio(latency["control"]["p95"], latency["candidate"]["p95"])
    dearer = _ratio(cost["control"]["mean"], cost["candidate"]["mean"])
    holds = _hold_reasons(count, error_rate, worst, slower, dearer)
    return {"action": "hold" if holds else "raise", "reasons": holds, "thresholds": THRESHOLDS}


def build_report(
    flag: Flag, observations: Sequence[Observation], decisions: dict[str, int], spent: float
) -> dict[str, Any]:
    """The whole report of one flag, over the observations of its current variant pair."""
    pairs = {(flag.control, flag.candidate), (flag.control, flag.control)}
    runs = [o for o in observations if (o.control.variant, o.candidate.variant) in pairs]
    candidates = [o for o in runs if not o.noise]
    noise = [o for o in runs if o.noise]
    errors = Counter(o.candidate.error for o in candidates if o.candidate.error)
    error_rate = sum(errors.values()) / len(candidates) if candidates else 0.0
    fields = field_report(candidates, noise)
    worst = min((entry["net_match_rate"] for entry in fields.values()), default=None)
    latency, cost = performance(candidates)
    return {
        "flag": _flag_document(flag),
        "decisions": decisions,
        "observations": {"candidate": len(candidates), "noise": len(noise)},
        "fields": fields,
        "candidate_error_rate": round(error_rate, 4),
        "candidate_errors": dict(errors),
        "latency_ms": latency,
        "cost": cost | {"spent": round(spent, 8), "budget": flag.cost_budget},
        "recommendation": recommend(len(candidates), error_rate, worst, latency, cost),
    }


def _flag_document(flag: Flag) -> dict[str, Any]:
    document = asdict(flag)
    for key in ("killed_at", "updated_at"):
        document[key] = document[key].isoformat(timespec="seconds") if document[key] else None
    return document
