"""The composition root of the HTTP API: the pipeline services plus the API's own stores, the
search index and the readiness probes, built from settings and closed after (services.py builds
the rest)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

from resume_worker.adapters.sql_api_keys import SqlApiKeys
from resume_worker.adapters.sql_engine import WRITE_OPTION, create_engine_for
from resume_worker.adapters.sql_job_figures import SqlJobFigures
from resume_worker.adapters.sql_migrations import upgrade_database
from resume_worker.adapters.sql_search import SqliteSearchIndex
from resume_worker.adapters.sql_submissions import SqlSubmissions
from resume_worker.pipeline import Services
from resume_worker.ports import ApiKeys, BlobStore, JobFigures, JobQueue, Submissions
from resume_worker.services import SearchServices, build_services, database_url
from resume_worker.settings import Settings

Probe = Callable[[], Awaitable[None]]
PROBE_KEY = "health/ready-probe"


@dataclass(frozen=True)
class ApiServices:
    """What the API needs. `queue` is None without a broker: the API then runs jobs itself."""

    services: Services
    keys: ApiKeys
    submissions: Submissions
    figures: JobFigures
    queue: JobQueue | None
    search: SearchServices | None
    probes: Mapping[str, Probe]


def storage_probe(blobs: BlobStore) -> Probe:
    """Write, read back and delete a small object: the store takes writes and returns them."""

    async def probe() -> None:
        await blobs.put(PROBE_KEY, b"ok")
        await blobs.get(PROBE_KEY)
        await blobs.delete(PROBE_KEY)

    return probe


@asynccontextmanager
async def build_api(settings: Settings) -> AsyncIterator[ApiServices]:
    """Every client the API uses, on one extra engine for the API's tables and the search index."""
    async with build_services(settings) as services:
        url = database_url(settings)
        engine = create_engine_for(url, busy_timeout_s=settings.database.busy_timeout_s)
        writer = engine.execution_options(**{WRITE_OPTION: True})
        figures = SqlJobFigures(engine)
        search = (
            SearchServices(
                embedder=services.embedder,
                index=SqliteSearchIndex(engine, writer),
                top_k=settings.search.top_k,
                batch_size=settings.embedding.batch_size,
            )
            if url.startswith("sqlite:///")
            else None
        )
        try:
            yield ApiServices(
                services=services,
                keys=SqlApiKeys(engine, writer),
                submissions=SqlSubmissions(engine, writer),
                figures=figures,
                queue=None,
                search=search,
                probes={"database": figures.ping, "storage": storage_probe(services.blobs)},
            )
        finally:
            await engine.dispose()


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
