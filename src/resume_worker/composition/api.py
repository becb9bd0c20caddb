"""The API part of the composition root: the pipeline's services plus the API's own stores,
the search index and the readiness probes, built from settings and closed after."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from functools import partial

from resume_worker.adapters.queue.broker_probe import ping_broker
from resume_worker.adapters.sql.api_keys import SqlApiKeys
from resume_worker.adapters.sql.engine import WRITE_OPTION
from resume_worker.adapters.sql.job_figures import SqlJobFigures
from resume_worker.adapters.sql.migrations import upgrade_database
from resume_worker.adapters.sql.submissions import SqlSubmissions
from resume_worker.composition.config import check_config
from resume_worker.composition.database import database_url, open_engine, open_repository
from resume_worker.composition.pipeline import pipeline_services
from resume_worker.composition.queue import open_queue
from resume_worker.composition.search import SearchServices, search_services
from resume_worker.core.ports.api import ApiKeys, Submissions
from resume_worker.core.ports.candidates import CandidateAdmin
from resume_worker.core.ports.jobs import JobFigures
from resume_worker.core.ports.queue import JobQueue
from resume_worker.pipeline import Services
from resume_worker.settings import Settings

Probe = Callable[[], Awaitable[None]]
BROKER_PROBE_S = 3.0


@dataclass(frozen=True)
class ApiServices:
    """What the API needs. `queue` is None without a broker: the API then runs jobs itself."""

    services: Services
    candidates: CandidateAdmin
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
    check_config(settings)
    async with (
        open_repository(settings) as repository,
        pipeline_services(settings, repository) as services,
        AsyncExitStack() as stack,
    ):
        engine = open_engine(settings)
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
        search = search_services(settings, services.embedder, engine, writer)
        stack.callback(search.index.close)
        yield ApiServices(
            services=services,
            candidates=repository,
            keys=SqlApiKeys(engine, writer),
            submissions=SqlSubmissions(engine, writer, services.keyring),
            figures=figures,
            queue=queue,
            search=search,
            probes=probes,
        )


@asynccontextmanager
async def open_api_keys(settings: Settings) -> AsyncIterator[ApiKeys]:
    """The API key store alone (for `resume-worker apikeys`), on a migrated database."""
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    await asyncio.to_thread(upgrade_database, database_url(settings))
    engine = open_engine(settings)
    try:
        yield SqlApiKeys(engine, engine.execution_options(**{WRITE_OPTION: True}))
    finally:
        await engine.dispose()
