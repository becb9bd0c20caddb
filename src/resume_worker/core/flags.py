"""Rollout flags, the per-job decisions taken from them and the shadow observations: the records
the flag store keeps and the rollout reads (DESIGN §2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, get_args

FlagState = Literal["off", "shadow", "percent", "on"]
StickyKey = Literal["tenant", "job"]
Arm = Literal["control", "candidate"]
FLAG_STATES: tuple[FlagState, ...] = get_args(FlagState)
STICKY_KEYS: tuple[StickyKey, ...] = get_args(StickyKey)


@dataclass(frozen=True)
class Flag:
    """One rollout flag.

    `salt` plays Unleash's groupId in the bucket hash; `sticky` says whether a tenant or a job
    keeps its bucket. In `shadow` the control serves and the candidate runs beside it for a
    `sample` share of jobs, until the candidates' recorded cost reaches `cost_budget` (None: no
    limit). `killed_at` is set by `rollout kill`, which also turns the flag off.
    """

    name: str
    salt: str
    state: FlagState = "off"
    percent: int = 0
    sticky: StickyKey = "job"
    control: str = ""
    candidate: str = ""
    sample: float = 0.0
    cost_budget: float | None = None
    killed_at: datetime | None = None
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.state not in FLAG_STATES or self.sticky not in STICKY_KEYS:
            raise ValueError(f"flag {self.name}: unknown state or sticky key")
        if not 0 <= self.percent <= 100:
            raise ValueError(f"flag {self.name}: percent must be within 0..100")
        if not 0.0 <= self.sample <= 1.0:
            raise ValueError(f"flag {self.name}: the shadow sample rate must be within 0..1")
        if self.cost_budget is not None and self.cost_budget < 0:
            raise ValueError(f"flag {self.name}: the cost budget cannot be negative")
        if self.state != "off" and not (self.control and self.candidate):
            raise ValueError(f"flag {self.name}: {self.state} needs a control and a candidate")


@dataclass(frozen=True)
class Decision:
    """How one job takes one flag, decided once and stored so a retry takes the same path.

    `arm` and `variant` serve the job; `shadow` runs the other side beside the control (a
    `noise` shadow runs the control twice, to measure how much it disagrees with itself);
    `observed` is true once the shadow run's observation is stored (a retry does not repeat it).
    """

    flag: str
    arm: Arm
    variant: str
    bucket: int
    shadow: bool = False
    noise: bool = False
    shadow_variant: str = ""
    observed: bool = False


@dataclass(frozen=True)
class Side:
    """One side of a shadow run: its variant, how long it took (None when it timed out), what
    it cost (None when unknown) and how it failed (an error code or type, or "timeout")."""

    variant: str
    ms: float | None
    cost: float | None = 0.0
    error: str | None = None


@dataclass(frozen=True)
class Observation:
    """A shadow run of one job: both sides and, per compared field, whether they matched.
    Field names, timings and costs only: never a value from the document."""

    flag: str
    job_id: str
    noise: bool
    control: Side
    candidate: Side
    fields: dict[str, bool] = field(default_factory=dict)
    created_at: datetime | None = None
