"""What every route reaches through the request: the built services, the queue, the limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from fastapi import Request

from resume_worker.api.metrics import ApiMetrics
from resume_worker.composition.api import ApiServices
from resume_worker.core.ports.queue import JobQueue


@dataclass(frozen=True)
class ApiConfig:
    """Plain values read from settings once at start-up."""

    max_upload_bytes: int
    production: bool


@dataclass(frozen=True)
class ApiContext:
    built: ApiServices
    queue: JobQueue
    config: ApiConfig
    metrics: ApiMetrics


def context(request: Request) -> ApiContext:
    """The context the app's lifespan stored on `app.state.api`."""
    return cast(ApiContext, request.app.state.api)
