"""The wait before an adapter retries its own call: exponential backoff, full jitter, a cap."""

from __future__ import annotations

import random


def full_jitter(attempt: int, base_s: float, cap_s: float) -> float:
    """uniform(0, min(cap, base * 2^(attempt-1))) after the `attempt`-th failure: callers that
    failed together (one outage, many jobs) come back spread apart instead of in one burst."""
    return random.uniform(0, min(cap_s, base_s * 2 ** (attempt - 1)))
