"""The JobQueue: hands job ids to the workers."""

from __future__ import annotations

from typing import Protocol


class JobQueue(Protocol):
    """Hands jobs to the workers. The message is the job id; the job row holds the rest."""

    async def enqueue(self, job_id: str, *, delay_s: float = 0) -> None:
        """Deliver `job_id` to a worker, no sooner than `delay_s` seconds from now."""
        ...
