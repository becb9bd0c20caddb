"""The FlagStore: rollout flags, per-job decisions and shadow observations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from resume_worker.core.flags import Decision, Flag, Observation


class FlagStore(Protocol):
    """Rollout flags, the per-job decisions and the shadow observations (DESIGN §2)."""

    async def flags(self) -> dict[str, Flag]: ...

    async def spent(self) -> dict[str, float]:
        """The recorded cost of every flag's candidate shadow runs so far."""
        ...

    async def save_flag(self, flag: Flag) -> None: ...

    async def decide(self, job_id: str, proposed: Sequence[Decision]) -> dict[str, Decision]:
        """Store the proposed decisions the job has none for yet (the first writer wins) and
        return all of the job's stored decisions by flag."""
        ...

    async def record(self, observation: Observation) -> bool:
        """Store a shadow observation; False when the job already has one for the flag."""
        ...

    async def observations(self, flag: str) -> list[Observation]: ...

    async def decision_counts(self, flag: str) -> dict[str, int]:
        """How many jobs each arm served, and how many were shadowed ("shadow", "noise")."""
        ...
