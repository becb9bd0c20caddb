"""The FastAPI application: its lifespan builds the services from settings and closes them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from resume_worker.api import health, reads, resumes, search
from resume_worker.api.context import ApiConfig, ApiContext
from resume_worker.api.errors import install_error_handlers
from resume_worker.api.metrics import ApiMetrics
from resume_worker.composition.api import build_api
from resume_worker.core.ports.queue import JobQueue
from resume_worker.jobs.scheduling import Backoff, EmbeddedQueue, job_handler
from resume_worker.settings import Settings

DESCRIPTION = """Resume files in; structured, encrypted, searchable candidate profiles out.

Authenticate with `Authorization: Bearer <token>` (`resume-worker apikeys create`). Every error
is `{"error": {"code", "message"}}`."""


def api_config(settings: Settings) -> ApiConfig:
    return ApiConfig(
        max_upload_bytes=int(settings.limits.max_file_mb * 1024 * 1024),
        production=settings.env == "production",
    )


def create_app(settings: Settings, *, queue: JobQueue | None = None) -> FastAPI:
    """The app. `queue` replaces the configured one (tests record what is enqueued); without
    either a broker or `queue`, jobs run in this process (EmbeddedQueue)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with build_api(settings) as built:
            embedded = None
            chosen = queue or built.queue
            if chosen is None:
                retry = settings.retry
                backoff = Backoff(retry.backoff_base_s, retry.backoff_max_s)
                embedded = EmbeddedQueue(
                    job_handler(built.services, backoff=backoff), concurrency=settings.concurrency
                )
                chosen = embedded
            config = api_config(settings)
            app.state.api = ApiContext(built, chosen, config, ApiMetrics(built.figures))
            try:
                yield
            finally:
                if embedded is not None:
                    await embedded.close()

    app = FastAPI(
        title="resume-worker",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    for module in (resumes, reads, search, health):
        app.include_router(module.router)
    return app
