"""Shadow runs of a pure stage after GitHub Scientist: the control's result is always the one
returned, the candidate runs concurrently under its own timeout, its exceptions are recorded and
never raised, and the two results are compared field by field.

The side-effect guard is structural: `run_experiment` receives the pure stage function, the two
variants and the stage's inputs, nothing else. No repository, ledger, blob store or webhook
sender is within the candidate's reach; recording the observation is the caller's job, after.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from resume_worker.core.errors import WorkerError
from resume_worker.core.flags import Side

V = TypeVar("V")
I = TypeVar("I")  # noqa: E741
R = TypeVar("R")
Comparator = Callable[[R, R], dict[str, bool]]


def _no_cost(_result: Any) -> float | None:
    return 0.0


def _always(_inputs: Any) -> bool:
    return True


@dataclass(frozen=True)
class Stage(Generic[V, I, R]):
    """A pure stage open to experiments: `run(variant, inputs)`, its variants by name, the one
    that serves when no flag applies (`default`: today's behaviour), how to compare two results
    and what a result cost. `applies(inputs)` says whether the flag matters for these inputs
    (the PDF strategy, for instance, only for PDFs)."""

    run: Callable[[V, I], Awaitable[R]]
    variants: Mapping[str, V]
    default: V
    compare: Comparator[R]
    cost: Callable[[R], float | None] = _no_cost
    applies: Callable[[I], bool] = _always


@dataclass(frozen=True)
class Trial(Generic[R]):
    """What a shadow run found: the control's result and side, the candidate's side and the
    field matches (empty when the candidate failed or timed out)."""

    result: R
    control: Side
    candidate: Side
    fields: dict[str, bool] = field(default_factory=dict)


class MismatchError(AssertionError):
    """Test mode (rollout.raise_on_mismatch): a candidate disagreed or failed. Names the
    fields only, never their values."""


async def _timed(call: Awaitable[R]) -> tuple[R, float]:
    began = time.perf_counter()
    result = await call
    return result, round((time.perf_counter() - began) * 1000, 2)


def error_name(exc: BaseException) -> str:
    """How a failure is recorded: our error code, else the exception's type name."""
    return exc.code.value if isinstance(exc, WorkerError) else type(exc).__name__


async def run_experiment(
    stage: Stage[V, I, R],
    control: tuple[str, V],
    candidate: tuple[str, V],
    inputs: I,
    *,
    timeout_s: float,
) -> Trial[R]:
    """Run both variants of `stage` on `inputs` concurrently and return the control's result.

    The control's exception propagates (the candidate is cancelled first); the candidate's is
    caught and recorded, as is a candidate still running `timeout_s` after it started (it is
    cancelled; a stage in a worker thread finishes there, its result ignored).
    """
    shadow = asyncio.create_task(_timed(stage.run(candidate[1], inputs)))
    began = time.perf_counter()
    try:
        result, control_ms = await _timed(stage.run(control[1], inputs))
    except BaseException:
        shadow.cancel()
        await asyncio.gather(shadow, return_exceptions=True)
        raise
    ours = Side(control[0], control_ms, stage.cost(result))
    left = max(0.0, timeout_s - (time.perf_counter() - began))
    try:
        theirs, candidate_ms = await asyncio.wait_for(shadow, left)
    except TimeoutError:
        return Trial(result, ours, Side(candidate[0], None, None, "timeout"))
    except Exception as exc:  # a candidate's failure is data, never the job's failure
        return Trial(result, ours, Side(candidate[0], None, None, error_name(exc)))
    try:
        fields = stage.compare(result, theirs)
    except Exception as exc:  # a comparator's bug must not fail the job it observes
        return Trial(
            result, ours, Side(candidate[0], candidate_ms, None, f"compare:{type(exc).__name__}")
        )
    return Trial(result, ours, Side(candidate[0], candidate_ms, stage.cost(theirs)), fields)
