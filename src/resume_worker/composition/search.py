"""The search part of the composition root: the embedder and the search index of the configured
database, for `search`, `reembed` and the API's GET /v1/search."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql.engine import WRITE_OPTION
from resume_worker.adapters.sql.search_pg.index import PgSearchIndex
from resume_worker.adapters.sql.search_sqlite.index import SqliteSearchIndex
from resume_worker.composition.database import database_url, open_engine
from resume_worker.composition.pipeline import build_services
from resume_worker.core.ports.embedder import Embedder
from resume_worker.search.query_cache import CachedQueryEmbedder
from resume_worker.settings import Settings


@dataclass(frozen=True)
class SearchServices:
    """What `search` and `reembed` need: the configured embedder and the search index."""

    embedder: Embedder
    index: SqliteSearchIndex | PgSearchIndex
    top_k: int
    batch_size: int


def open_search_index(
    url: str, engine: AsyncEngine, writer: AsyncEngine
) -> SqliteSearchIndex | PgSearchIndex:
    """The database's search index: NumPy and FTS5 on SQLite, pgvector and full text on
    PostgreSQL (the owner closes it, then disposes of the engine)."""
    if url.startswith("sqlite:///"):
        return SqliteSearchIndex(engine, writer)
    return PgSearchIndex(engine, writer)


def search_services(
    settings: Settings, embedder: Embedder, engine: AsyncEngine, writer: AsyncEngine
) -> SearchServices:
    """The search index of the configured database on `engine`, and `embedder` with its
    query vectors cached (the owner closes the index)."""
    return SearchServices(
        embedder=CachedQueryEmbedder(embedder),
        index=open_search_index(database_url(settings), engine, writer),
        top_k=settings.search.top_k,
        batch_size=settings.embedding.batch_size,
    )


@asynccontextmanager
async def build_search(settings: Settings) -> AsyncIterator[SearchServices]:
    """The embedder and the search index of the configured database (closed after)."""
    async with build_services(settings) as services:
        engine = open_engine(settings)
        writer = engine.execution_options(**{WRITE_OPTION: True})
        search = search_services(settings, services.embedder, engine, writer)
        try:
            yield search
        finally:
            search.index.close()
            await engine.dispose()
