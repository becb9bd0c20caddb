"""The fake FlagStore: flags, per-job decisions and shadow observations in dicts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from resume_worker.core.flags import Decision, Flag, Observation


def utc_now() -> datetime:
    return datetime.now(UTC)


class MemoryFlagStore:
    """As the SQL store: saving a flag replaces it (updated_at now), a job's first decision per
    flag wins, one observation per job and flag, spend sums the candidates' known costs."""

    def __init__(self, clock: Callable[[], datetime] = utc_now) -> None:
        self.clock = clock
        self.saved: dict[str, Flag] = {}
        self.decisions: dict[tuple[str, str], Decision] = {}  # by (job id, flag)
        self.recorded: list[Observation] = []

    async def flags(self) -> dict[str, Flag]:
        return dict(self.saved)

    async def spent(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for observation in self.recorded:
            cost = observation.candidate.cost or 0.0
            totals[observation.flag] = totals.get(observation.flag, 0.0) + cost
        return totals

    async def save_flag(self, flag: Flag) -> None:
        self.saved[flag.name] = replace(flag, updated_at=self.clock())

    async def decide(self, job_id: str, proposed: Sequence[Decision]) -> dict[str, Decision]:
        for decision in proposed:
            self.decisions.setdefault((job_id, decision.flag), decision)
        observed = {o.flag for o in self.recorded if o.job_id == job_id}
        return {
            flag: replace(decision, observed=flag in observed)
            for (job, flag), decision in self.decisions.items()
            if job == job_id
        }

    async def record(self, observation: Observation) -> bool:
        key = (observation.flag, observation.job_id)
        if any((o.flag, o.job_id) == key for o in self.recorded):
            return False
        fields = dict(observation.fields)
        self.recorded.append(replace(observation, fields=fields, created_at=self.clock()))
        return True

    async def observations(self, flag: str) -> list[Observation]:
        return [o for o in self.recorded if o.flag == flag]

    async def decision_counts(self, flag: str) -> dict[str, int]:
        counts = {"control": 0, "candidate": 0, "shadow": 0, "noise": 0}
        for (_, name), decision in self.decisions.items():
            if name == flag:
                counts[decision.arm] += 1
                counts["shadow"] += decision.shadow
                counts["noise"] += decision.noise
        return counts
