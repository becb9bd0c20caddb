"""The events a job's end sends: a type per terminal status, a stable id, a body of ids, the
status and the error code only (never a name, a file name, an error message or other PII)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from resume_worker.core.models import Job, JobOutcome, JobStatus

EVENT_TYPES = {
    JobStatus.COMPLETED: "job.completed",
    JobStatus.PARTIAL: "job.partial",
    JobStatus.REJECTED: "job.rejected",
    JobStatus.FAILED: "job.failed",
}
# uuid5 namespace of event ids: the same job, type and attempt always give the same id.
EVENT_NAMESPACE = uuid.UUID("5b0f9b5e-7f51-4d8e-9a43-0c7c2d4a1e60")


@dataclass(frozen=True)
class Event:
    """One message: `id` is the webhook-id header, kept by every retry and redelivery."""

    id: str
    type: str
    tenant_id: str
    job_id: str
    body: bytes = field(repr=False)


def event_id(job: Job, event_type: str) -> str:
    """Derived, not drawn: a worker that crashed after the job ended and a redelivered message
    that settles the job compute the same id, so the receiver sees one event. A job retried by
    an operator ends in a new attempt and so in a new event."""
    name = f"{job.id}:{event_type}:{job.attempts}"
    return "msg_" + uuid.uuid5(EVENT_NAMESPACE, name).hex


def job_event(job: Job, outcome: JobOutcome, now: datetime) -> Event | None:
    """The event for a job that ended, or None while it has not."""
    event_type = EVENT_TYPES.get(outcome.status)
    if event_type is None:
        return None
    data = {
        "job_id": job.id,
        "tenant_id": job.tenant_id,
        "status": outcome.status.value,
        "candidate_id": outcome.candidate_id,
        "version": outcome.version,
        "error_code": outcome.error_code.value if outcome.error_code else None,
    }
    payload = {"type": event_type, "timestamp": now.isoformat(), "data": data}
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return Event(event_id(job, event_type), event_type, job.tenant_id, job.id, body)
