"""The composition root of the HTTP API: the pipeline services plus the API's own stores, the
search index and the readiness probes, built from settings and closed after (services.py builds
the rest)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.broker_probe import ping_broker
from resume_worker.adapters.sql_api_keys import SqlApiKeys
from resume_worker.adapters.sql_engine import WRITE_OPTION, create_engine_for
from resume_worker.adapters.sql_job_figures import SqlJobFigures
from resume_worker.adapters.sql_migrations import upgrade_database
from resume_worker.adapters.sql_submissions import SqlSubmissions
from resume_worker.pipeline import Services
from resume_worker.ports import ApiKeys, JobFigures, JobQueue, Submissions
from resume_worker.queue_services import open_queue
from resume_worker.search import CachedQueryEmbedder
from resume_worker.services import (
    SearchServices,
    build_services,
    database_url,
    open_search_index,
)
from resume_worker.settings import Settings

Probe = Callable[[], Awaitable[None]]
BROKER_PROBE_S = 3.0


@dataclass(frozen=True)
class ApiServices:
    """What the API needs. `queue` is None without a broker: the API then runs jobs itself."""

    services: Services
    keys: ApiKeys
    submissions: Submissions
    figures: JobFigures
    queue: JobQueue | None
    search: SearchServices
    probes: Mapping[str, Probe]


@asynccontextmanager
async def build_api(settings: Settings) -> AsyncIterator[ApiServices]:
    """Every client the API uses, on one extra engine for the API's tables and the search
    index; with a broker configured, its job queue (and a readiness probe for it)."""
    async with build_services(settings) as services, AsyncExitStack() as stack:
        url = database_url(settings)
        engine = create_engine_for(url, busy_timeout_s=settings.database.busy_timeout_s)
        stack.push_async_callback(engine.dispose)
        writer = engine.execution_options(**{WRITE_OPTION: True})
        figures = SqlJobFigures(engine)
        probes: dict[str, Probe] = {"database": figures.ping, "storage": services.blobs.ping}
        queue: JobQueue | None = None
        if settings.queue.broker_url:
            queue = stack.enter_context(open_queue(settings))
            probes["broker"] = partial(
                ping_broker, settings.queue.broker_url, timeout_s=BROKER_PROBE_S
            )
        search = _search(settings, services, engine, writer)
        stack.callback(search.index.close)
        yield ApiServices(
            services=services,
            keys=SqlApiKeys(engine, writer),
            submissions=SqlSubmissions(engine, writer),
            figures=figures,
            queue=queue,
            search=search,
            probes=probes,
        )


def _search(
    settings: Settings, services: Services, engine: AsyncEngine, writer: AsyncEngine
) -> SearchServices:
    """The search index of the configured database, on the API's engine."""
    return SearchServices(
        embedder=CachedQueryEmbedder(services.embedder),
        index=open_search_index(database_url(settings), engine, writer),
        top_k=settings.search.top_k,
        batch_size=settings.embedding.batch_size,
    )


@asynccontextmanager
async def open_api_keys(settings: Settings) -> AsyncIterator[ApiKeys]:
    """The API key store alone (for `resume-worker apikeys`), on a migrated database."""
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    url = database_url(settings)
    await asyncio.to_thread(upgrade_database, url)
    engine = create_engine_for(url, busy_timeout_s=settings.database.busy_timeout_s)
    try:
        yield SqlApiKeys(engine, engine.execution_options(**{WRITE_OPTION: True}))
    finally:
        await engine.dispose()
