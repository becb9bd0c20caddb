"""Sticky, monotonic bucketing exactly as Unleash's gradual rollout does it (DESIGN §2)."""

from __future__ import annotations

import random
from collections.abc import Callable

import mmh3

from resume_worker.core.flags import Decision, Flag
from resume_worker.core.models import Job

# Unleash's strategy seed and normaliser: a bucket is 1..100.
SEED = 0
NORMALIZER = 100


def normalized_value(sticky_id: str, group_id: str, normalizer: int = NORMALIZER) -> int:
    """Unleash's `normalizedValue(id, groupId)`: MurmurHash3 x86_32, seed 0, unsigned, over the
    UTF-8 of "groupId:id", modulo `normalizer`, plus one."""
    digest = mmh3.hash(f"{group_id}:{sticky_id}".encode(), SEED, signed=False)
    return digest % normalizer + 1


def sticky_id(flag: Flag, job: Job) -> str:
    return job.tenant_id if flag.sticky == "tenant" else job.id


def is_enabled(flag: Flag, key: str) -> bool:
    """Whether `key` falls inside the flag's percentage. A bucket never changes, so raising the
    percentage only ever moves keys from control to candidate."""
    return normalized_value(key, flag.salt) <= flag.percent


def decide(
    flag: Flag, job: Job, *, noise_rate: float, draw: Callable[[], float] = random.random
) -> Decision | None:
    """The job's path through a live flag (None for an `off` one).

    `on` serves the candidate, `percent` the candidate inside the percentage, `shadow` the
    control, with the candidate beside it for a `sample` share of jobs; of those shadow runs a
    `noise_rate` share run the control twice instead, to measure its own noise.
    """
    if flag.state == "off":
        return None
    key = sticky_id(flag, job)
    serves_candidate = flag.state == "on" or (flag.state == "percent" and is_enabled(flag, key))
    shadow = flag.state == "shadow" and draw() < flag.sample
    noise = shadow and draw() < noise_rate
    return Decision(
        flag.name,
        "candidate" if serves_candidate else "control",
        flag.candidate if serves_candidate else flag.control,
        normalized_value(key, flag.salt),
        shadow=shadow,
        noise=noise,
        shadow_variant=(flag.control if noise else flag.candidate) if shadow else "",
    )
