"""The rollout report: match rates net of the control's noise, error rate, latency and cost
deltas, and the raise / hold / kill rules."""

from __future__ import annotations

from resume_worker.core.flags import Flag, Observation, Side
from resume_worker.rollout.report import THRESHOLDS, build_report, percentile

FLAG = Flag("analyst_model", "s", "shadow", 0, "job", "a", "b", 1.0, cost_budget=1.0)


def run(
    n: int,
    fields: dict[str, bool],
    *,
    noise: bool = False,
    error: str | None = None,
    ms: float = 100,
) -> Observation:
    candidate = "a" if noise else "b"
    return Observation(
        "analyst_model",
        f"job-{n}-{noise}",
        noise,
        Side("a", 100.0, 0.01),
        Side(candidate, None if error else ms, None if error else 0.012, error),
        {} if error else fields,
    )


def report(observations: list[Observation]) -> dict:  # type: ignore[type-arg]
    return build_report(FLAG, observations, {"control": len(observations)}, spent=0.5)


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile([], 0.5)) == (
        50,
        95,
        None,
    )


def test_noise_baseline_is_added_back_and_other_pairs_left_out() -> None:
    """A field the control itself disagrees on 20 % of the time, matched by the candidate 70 %
    of the time, nets 90 %; observations of another candidate do not count."""
    candidates = [run(n, {"summary": n < 7, "name": True}) for n in range(10)]
    noise = [run(n, {"summary": n < 8, "name": True}, noise=True) for n in range(10)]
    stale = [
        Observation("analyst_model", "old", False, Side("a", 1.0), Side("c", 1.0), {"name": False})
    ]
    found = report(candidates + noise + stale)
    assert found["observations"] == {"candidate": 10, "noise": 10}
    assert found["fields"]["summary"] == {
        "compared": 10,
        "match_rate": 0.7,
        "noise_match_rate": 0.8,
        "net_match_rate": 0.9,
    }
    assert found["fields"]["name"]["net_match_rate"] == 1.0


def test_kill_on_a_clear_mismatch_with_reasons_and_thresholds() -> None:
    """One field never matching over 5 runs recommends kill, and says why and by which rule."""
    found = report([run(n, {"skills": False, "name": True}) for n in range(5)])
    assert found["recommendation"]["action"] == "kill"
    assert "net match rate 0.0%" in found["recommendation"]["reasons"][0]
    assert found["recommendation"]["thresholds"] == THRESHOLDS


def test_kill_on_errors_hold_on_few_runs_raise_when_every_rule_holds() -> None:
    """Errors over 5 % kill; a clean but short run holds; 30 clean, fast, cheap runs raise."""
    errors = [run(n, {}, error="timeout" if n < 2 else None) for n in range(10)]
    assert report(errors)["recommendation"]["action"] == "kill"
    assert report(errors)["candidate_errors"] == {"timeout": 2}
    few = report([run(n, {"name": True}) for n in range(10)])
    assert few["recommendation"]["action"] == "hold"
    clean = [run(n, {"name": True}, ms=110) for n in range(30)]
    found = report(clean)
    assert found["recommendation"] == {"action": "raise", "reasons": [], "thresholds": THRESHOLDS}
    assert found["latency_ms"]["delta"] == {"p50": 10.0, "p95": 10.0}
    assert found["cost"]["delta_mean"] == 0.002 and found["cost"]["spent"] == 0.5
    slow = report([run(n, {"name": True}, ms=400) for n in range(30)])
    assert slow["recommendation"]["action"] == "hold"
    assert "p95 latency x4.0" in slow["recommendation"]["reasons"][0]
