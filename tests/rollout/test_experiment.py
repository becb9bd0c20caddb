"""Shadow runs after Scientist: the control's result always comes back, the candidate runs
concurrently under its own timeout, its failures are recorded and never raised."""

from __future__ import annotations

import asyncio
import time

import pytest

from resume_worker.core.errors import ErrorCode, RetryableError
from resume_worker.rollout.compare import FieldComparator
from resume_worker.rollout.experiment import Stage, Trial, run_experiment

Result = dict[str, str]
compare: FieldComparator[Result] = FieldComparator(
    fields={"name": lambda r: r.get("name"), "skill": lambda r: r.get("skill")}
)


def stage(
    behaviours: dict[str, object], delays: dict[str, float] | None = None
) -> Stage[str, str, Result]:
    """A stage whose variants return a dict, raise, or sleep first (by variant name)."""

    async def run(variant: str, text: str) -> Result:
        await asyncio.sleep((delays or {}).get(variant, 0))
        outcome = behaviours[variant]
        if isinstance(outcome, BaseException):
            raise outcome
        assert isinstance(outcome, dict)
        return outcome | {"input": text}

    return Stage(run, {}, "a", compare, cost=lambda r: float(len(r)))


def trial(found: Stage[str, str, Result], *, timeout_s: float = 5.0) -> Trial[Result]:
    return asyncio.run(run_experiment(found, ("a", "a"), ("b", "b"), "text", timeout_s=timeout_s))


def test_control_result_is_returned_and_fields_compared() -> None:
    """The control's own result comes back; the comparison names the differing field."""
    done = trial(
        stage({"a": {"name": "Kim", "skill": "go"}, "b": {"name": "kim ", "skill": "rust"}})
    )
    assert done.result == {"name": "Kim", "skill": "go", "input": "text"}
    assert done.fields == {"name": True, "skill": False}
    assert (done.control.variant, done.candidate.variant) == ("a", "b")
    assert done.control.cost == 3.0 and done.candidate.error is None


def test_candidate_exception_is_recorded_not_raised() -> None:
    """A failing candidate leaves its error code; the control's result still comes back."""
    failing = RetryableError("llm down", ErrorCode.LLM_UNAVAILABLE)
    done = trial(stage({"a": {"name": "x"}, "b": failing}))
    assert done.result["name"] == "x"
    assert done.candidate.error == "LLM_UNAVAILABLE" and done.fields == {}
    assert trial(stage({"a": {}, "b": ZeroDivisionError()})).candidate.error == "ZeroDivisionError"


def test_candidate_times_out_alone() -> None:
    """A slow candidate is cut at its own timeout: recorded as "timeout", control unaffected."""
    began = time.perf_counter()
    done = trial(stage({"a": {"name": "x"}, "b": {"name": "x"}}, {"b": 5.0}), timeout_s=0.3)
    assert time.perf_counter() - began < 2.0
    assert done.candidate.error == "timeout" and done.candidate.ms is None
    assert done.result["name"] == "x"


def test_both_sides_run_concurrently() -> None:
    """Two 0.4 s sides take about 0.4 s together, not 0.8 s."""
    began = time.perf_counter()
    trial(stage({"a": {}, "b": {}}, {"a": 0.4, "b": 0.4}))
    assert time.perf_counter() - began < 0.75


def test_control_exception_propagates_and_cancels_the_candidate() -> None:
    """The control's failure is the job's failure; the candidate is cancelled, not left running."""
    cancelled = asyncio.Event()

    async def run(variant: str, _text: str) -> Result:
        if variant == "a":
            await asyncio.sleep(0.05)  # the candidate has started by now
            raise RetryableError("timeout", ErrorCode.LLM_TIMEOUT)
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return {}

    async def scenario() -> None:
        with pytest.raises(RetryableError):
            await run_experiment(
                Stage(run, {}, "a", compare), ("a", "a"), ("b", "b"), "t", timeout_s=5
            )
        assert cancelled.is_set()

    asyncio.run(scenario())


def test_a_broken_comparator_is_recorded_not_raised() -> None:
    """A comparator that raises marks the run, never the job."""

    def broken(_a: Result, _b: Result) -> dict[str, bool]:
        raise KeyError("boom")

    found = Stage(stage({"a": {}, "b": {}}).run, {}, "a", broken)
    done = asyncio.run(run_experiment(found, ("a", "a"), ("b", "b"), "t", timeout_s=5))
    assert done.candidate.error == "compare:KeyError"
