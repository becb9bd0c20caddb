"""A job's path through the flags: decided once at its start and stored, consulted at every
flagged stage boundary, where an `off` flag (a kill included) overrides the stored decision."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import structlog

from resume_worker.core.flags import Decision, Flag, Observation
from resume_worker.core.models import Job
from resume_worker.core.ports.analyst import Analyst
from resume_worker.core.ports.rollout import FlagStore
from resume_worker.rollout.bucketing import decide
from resume_worker.rollout.experiment import MismatchError, Stage, Trial, run_experiment
from resume_worker.rollout.reader import FlagReader, Snapshot

log = structlog.get_logger("resume_worker.rollout")
V = TypeVar("V")
I = TypeVar("I")  # noqa: E741
R = TypeVar("R")


@dataclass(frozen=True)
class ExperimentOptions:
    """rollout.candidate_timeout_s, rollout.noise_rate and rollout.raise_on_mismatch."""

    candidate_timeout_s: float = 120.0
    noise_rate: float = 0.1
    raise_on_mismatch: bool = False


@dataclass(frozen=True)
class Rollout:
    """The worker's rollout: the flag store, its cached reader, the experiment options and the
    analysts the analyst_model flag may name (by variant name)."""

    store: FlagStore
    reader: FlagReader
    options: ExperimentOptions = field(default_factory=ExperimentOptions)
    analysts: Mapping[str, Analyst] = field(default_factory=dict)

    async def for_job(self, job: Job) -> JobRollout:
        """Decide every live flag for the job, or take the decisions an earlier attempt
        stored. With no live flag nothing is written."""
        snapshot = await self.reader.current()
        proposed = [
            _within_budget(decision, flag, snapshot)
            for flag in snapshot.flags.values()
            if (decision := decide(flag, job, noise_rate=self.options.noise_rate)) is not None
        ]
        decisions = await self.store.decide(job.id, proposed) if proposed else {}
        return JobRollout(job.id, self, decisions)


def _within_budget(decision: Decision, flag: Flag, snapshot: Snapshot) -> Decision:
    if not decision.shadow or snapshot.within_budget(flag):
        return decision
    return Decision(decision.flag, decision.arm, decision.variant, decision.bucket)


@dataclass(frozen=True)
class JobRollout:
    """One job's decisions; `run` serves a flagged stage the way its flag says now."""

    job_id: str
    rollout: Rollout | None = None
    decisions: Mapping[str, Decision] = field(default_factory=dict)

    async def run(self, flag_name: str, stage: Stage[V, I, R], inputs: I) -> R:
        """The stage's result for this job: the default variant when the flag is absent, off
        or killed; else the decided variant, with a shadow run beside it when one is due."""
        decision = self.decisions.get(flag_name)
        if self.rollout is None or decision is None or not stage.applies(inputs):
            return await stage.run(stage.default, inputs)
        snapshot = await self.rollout.reader.current()
        flag = snapshot.flags.get(flag_name)
        served = stage.variants.get(decision.variant)
        if flag is None or flag.state == "off" or served is None:
            if served is None:
                log.warning("unknown variant: default served", flag=flag_name)
            return await stage.run(stage.default, inputs)
        shadow = stage.variants.get(decision.shadow_variant)
        due = decision.shadow and not decision.observed and flag.state == "shadow"
        if not due or shadow is None or not snapshot.within_budget(flag):
            return await stage.run(served, inputs)
        trial = await run_experiment(
            stage,
            (decision.variant, served),
            (decision.shadow_variant, shadow),
            inputs,
            timeout_s=self.rollout.options.candidate_timeout_s,
        )
        await self._record(decision, trial)
        return trial.result

    async def _record(self, decision: Decision, trial: Trial[R]) -> None:
        """Store the observation (field names, timings, costs: no values) after both sides."""
        assert self.rollout is not None
        observation = Observation(
            decision.flag, self.job_id, decision.noise, trial.control, trial.candidate, trial.fields
        )
        await self.rollout.store.record(observation)
        mismatched = sorted(name for name, same in trial.fields.items() if not same)
        log.info(
            "shadow run observed",
            flag=decision.flag,
            noise=decision.noise,
            mismatched=mismatched,
            candidate_error=trial.candidate.error,
            control_ms=trial.control.ms,
            candidate_ms=trial.candidate.ms,
        )
        if self.rollout.options.raise_on_mismatch and (mismatched or trial.candidate.error):
            raise MismatchError(
                f"{decision.flag}: candidate {decision.shadow_variant} differs in {mismatched}"
                f" (error: {trial.candidate.error})"
            )
