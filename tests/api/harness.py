"""The API under test: the real app on a temporary data folder (SQLite or PostgreSQL), entered
through its lifespan and driven by httpx over ASGITransport, with keys made through the store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from resume_worker.api.app import create_app
from resume_worker.api.context import ApiContext
from resume_worker.core.ports.api import API_SCOPES
from resume_worker.settings import Settings

ALL_SCOPES = tuple(API_SCOPES)


@dataclass
class RecordingQueue:
    """A JobQueue that only records what it was given (the jobs stay queued)."""

    enqueued: list[tuple[str, float]] = field(default_factory=list)

    async def enqueue(self, job_id: str, *, delay_s: float = 0) -> None:
        self.enqueued.append((job_id, delay_s))


@dataclass
class Api:
    client: httpx.AsyncClient
    ctx: ApiContext
    queue: RecordingQueue | None

    async def key(self, tenant: str = "t1", scopes: Sequence[str] = ALL_SCOPES) -> str:
        """A new key's token, as `Authorization` headers take it."""
        _, token = await self.ctx.built.keys.create_key(tenant, scopes, "test")
        return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@asynccontextmanager
async def running_api(
    data_dir: Path, *, record: bool = True, **overrides: Any
) -> AsyncIterator[Api]:
    """The app with its lifespan entered; `record`: a RecordingQueue, else the embedded one."""
    settings = Settings(data_dir=data_dir, log_format="json", **overrides)
    queue = RecordingQueue() if record else None
    app = create_app(settings, queue=queue)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
            yield Api(client, app.state.api, queue)
