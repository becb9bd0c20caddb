"""The composition root: the only place that reads settings into clients and closes them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.crosscheck_analyst import CrosscheckAnalyst
from resume_worker.adapters.file_blob_store import FileBlobStore
from resume_worker.adapters.llm_analyst import (
    ChatClient,
    Endpoint,
    LlmAnalyst,
    LlmIdentityVoter,
    Price,
)
from resume_worker.adapters.pg_search import PgSearchIndex
from resume_worker.adapters.rules_analyst import RulesAnalyst
from resume_worker.adapters.s3_blob_store import S3BlobStore, S3Location, open_s3_client
from resume_worker.adapters.sql_engine import WRITE_OPTION, create_engine_for
from resume_worker.adapters.sql_migrations import upgrade_database
from resume_worker.adapters.sql_repository import SqlRepository
from resume_worker.adapters.sql_search import SqliteSearchIndex
from resume_worker.crypto import Keyring, KeyringError
from resume_worker.embedding_services import embedding_problems, open_embedder
from resume_worker.key_config import load_keyring_from
from resume_worker.pipeline import PipelineConfig, Services
from resume_worker.ports import Analyst, Embedder, IdentityVoter
from resume_worker.queue_services import queue_problems
from resume_worker.rollout_services import open_rollout, rollout_problems
from resume_worker.search import CachedQueryEmbedder
from resume_worker.settings import Settings
from resume_worker.shared_services import SharedServices, build_shared
from resume_worker.stages.charge import RefundRule
from resume_worker.stages.chunk_embed import ChunkSizes
from resume_worker.stages.extract_text import OcrLimits
from resume_worker.stages.validate_file import FileLimits
from resume_worker.webhook_services import open_notifier, webhook_problems

log = structlog.get_logger("resume_worker.services")


class ConfigurationError(ValueError):
    """Settings that cannot run; the message lists every problem found."""


def database_url(settings: Settings) -> str:
    """The configured database URL, or SQLite (WAL) in the data folder."""
    return (
        settings.database.url or f"sqlite:///{(settings.data_dir / 'resume-worker.db').resolve()}"
    )


def storage_url(settings: Settings) -> str:
    """The configured blob store URL, or a folder inside the data folder."""
    return settings.storage.url or (settings.data_dir / "blobs").resolve().as_uri()


def config_problems(settings: Settings) -> list[str]:
    """Everything wrong with the settings for this build, as readable lines (empty when fine)."""
    problems: list[str] = []
    crypto = settings.crypto
    if crypto.keys.get_secret_value() or crypto.secrets_dir or settings.env == "production":
        try:
            load_keyring(settings)
        except KeyringError as exc:
            problems.append(str(exc))
    problems += storage_problems(settings) + webhook_problems(settings)
    if not database_url(settings).startswith(("sqlite:///", "postgresql+psycopg://")):
        problems.append(
            "RESUME_WORKER_DATABASE__URL: use sqlite:///PATH or postgresql+psycopg://..."
        )
    problems += queue_problems(settings)
    problems += embedding_problems(settings)
    return problems + llm_problems(settings) + rollout_problems(settings)


def llm_problems(settings: Settings) -> list[str]:
    """The llm and crosscheck analysts need an endpoint and a model (the second endpoint's URL
    and key default to the first's; its model must be named)."""
    llm = settings.llm
    if llm.analyst == "rules":
        return []
    needed = {"RESUME_WORKER_LLM__BASE_URL": llm.base_url, "RESUME_WORKER_LLM__MODEL": llm.model}
    if llm.analyst == "crosscheck":
        needed["RESUME_WORKER_LLM__CROSSCHECK_MODEL"] = llm.crosscheck_model
    return [
        f"{name} is required for llm.analyst={llm.analyst}" for name, v in needed.items() if not v
    ]


def storage_problems(settings: Settings) -> list[str]:
    """file:// and s3://bucket/prefix are the stores; an endpoint URL only means something for
    S3 (MinIO and other S3-compatible servers)."""
    url = storage_url(settings)
    scheme = urlparse(url).scheme
    if scheme == "s3":
        try:
            S3Location.parse(url)
        except ValueError as exc:
            return [f"RESUME_WORKER_STORAGE__URL: {exc}"]
        return []
    problems = [] if scheme == "file" else ["RESUME_WORKER_STORAGE__URL: use file:// or s3://"]
    if settings.storage.endpoint_url:
        problems.append("RESUME_WORKER_STORAGE__ENDPOINT_URL applies to s3:// storage only")
    return problems


def build_blob_store(settings: Settings) -> FileBlobStore | S3BlobStore:
    """The local folder, or S3 with the storage timeout per call and the storage retries."""
    url, storage = storage_url(settings), settings.storage
    if urlparse(url).scheme != "s3":
        return FileBlobStore(Path(urlparse(url).path))
    client = open_s3_client(endpoint_url=storage.endpoint_url, timeout=storage.timeout)
    return S3BlobStore(client, S3Location.parse(url), retries=storage.retries)


def load_keyring(settings: Settings) -> Keyring:
    """Configured keys (settings or crypto.secrets_dir); in development without keys, the data
    folder's dev keyring (see key_config)."""
    loaded = load_keyring_from(settings)
    for weakness in loaded.weaknesses:
        log.warning("weak key allowed in development", problem=weakness)
    if loaded.created:
        log.warning("created a development keyring; set RESUME_WORKER_CRYPTO__KEYS in production")
    return loaded.keyring


def pipeline_config(settings: Settings) -> PipelineConfig:
    limits, chunk = settings.limits, settings.chunk
    return PipelineConfig(
        limits=FileLimits(
            max_file_mb=limits.max_file_mb,
            max_pages=limits.max_pages,
            max_uncompressed_mb=limits.max_uncompressed_mb,
            max_zip_entries=limits.max_zip_entries,
            max_compression_ratio=limits.max_compression_ratio,
        ),
        min_text_chars=limits.min_text_chars,
        ocr_limits=OcrLimits(dpi=settings.ocr.dpi, max_pages=settings.ocr.max_pages),
        chunk_sizes=ChunkSizes(
            max_structured_chars=chunk.max_structured_chars,
            max_raw_full_chars=chunk.max_raw_full_chars,
            section_size=chunk.section_size,
            section_overlap=chunk.section_overlap,
            korean_threshold=chunk.korean_threshold,
            korean_size=chunk.korean_size,
            korean_overlap=chunk.korean_overlap,
        ),
        embedding_batch_size=settings.embedding.batch_size,
        cost_per_job=settings.credits.cost_per_job,
        credits_enforce=bool(settings.credits.enforce),
        refund_rule=RefundRule(
            enabled=settings.credits.refund_enabled,
            below_confidence=settings.credits.refund_below_confidence,
            min_missing=settings.credits.refund_min_missing,
        ),
        retain_originals=settings.storage.retain_originals,
        max_attempts=settings.retry.max_attempts,
    )


def llm_endpoint(settings: Settings, *, second: bool = False) -> Endpoint:
    """The analyst's endpoint, or the crosscheck's second one (empty values: the first's)."""
    llm = settings.llm
    model = llm.crosscheck_model if second else llm.model
    price = llm.prices.get(model)
    if price is None:
        log.warning("no price for the llm model: job usage has no cost", model=model)
    return Endpoint(
        base_url=(llm.crosscheck_base_url if second else "") or llm.base_url,
        model=model,
        api_key=(
            (llm.crosscheck_api_key.get_secret_value() if second else "")
            or llm.api_key.get_secret_value()
        ),
        structured_output=(llm.crosscheck_structured_output if second else None)
        or llm.structured_output,
        timeout=llm.timeout,
        connect_timeout=llm.connect_timeout,
        retries=llm.retries,
        backoff_base_s=llm.backoff_base_s,
        backoff_max_s=llm.backoff_max_s,
        max_output_tokens=llm.max_output_tokens,
        price=Price(price.input, price.output) if price is not None else None,
    )


@asynccontextmanager
async def open_analysts(settings: Settings) -> AsyncIterator[tuple[Analyst, IdentityVoter | None]]:
    """The configured analyst and, for the LLM ones, the identity voter (llm.identity_vote) on
    the first endpoint; their HTTP clients are closed after."""
    llm = settings.llm
    if llm.analyst == "rules":
        yield RulesAnalyst(), None
        return
    clients = [ChatClient(llm_endpoint(settings))]
    if llm.analyst == "crosscheck":
        clients.append(ChatClient(llm_endpoint(settings, second=True)))
    try:
        names, chars = llm.send_names, llm.max_prompt_chars
        analysts = [LlmAnalyst(c, send_names=names, max_prompt_chars=chars) for c in clients]
        analyst: Analyst = analysts[0] if len(analysts) == 1 else CrosscheckAnalyst(*analysts)
        voter = (
            LlmIdentityVoter(clients[0], send_names=names, max_prompt_chars=chars)
            if llm.identity_vote
            else None
        )
        yield analyst, voter
    finally:
        for client in clients:
            await client.aclose()


@asynccontextmanager
async def build_services(
    settings: Settings, *, migrate: bool = True, shared: SharedServices | None = None
) -> AsyncIterator[Services]:
    """Build every client from settings and close them after. The database is migrated first
    unless `migrate` is false: Alembic is not thread-safe, so a worker process migrates once
    before its threads build their own services. A worker passes the `shared` part its process
    built once (tool probes, local model); a one-off command builds its own."""
    problems = config_problems(settings)
    if problems:
        raise ConfigurationError("; ".join(problems))
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True, mode=0o700)
    if migrate:
        await asyncio.to_thread(upgrade_database, database_url(settings))
    if shared is None:
        shared = await asyncio.to_thread(build_shared, settings)
    repository = SqlRepository(
        create_engine_for(database_url(settings), busy_timeout_s=settings.database.busy_timeout_s)
    )
    blobs = build_blob_store(settings)
    try:
        async with (
            open_analysts(settings) as (analyst, identity_voter),
            open_rollout(settings, repository.engine, repository.writer, analyst) as rollout,
            open_embedder(settings, local=shared.local_embedder) as embedder,
            open_notifier(settings, repository.engine, repository.writer) as notifier,
        ):
            yield Services(
                repository=repository,
                blobs=blobs,
                analyst=analyst,
                embedder=embedder,
                keyring=load_keyring(settings),
                config=pipeline_config(settings),
                ocr=shared.ocr,
                convert_doc=shared.convert_doc,
                identity_voter=identity_voter,
                notifier=notifier,
                rollout=rollout,
            )
    finally:
        await repository.close()
        if isinstance(blobs, S3BlobStore):
            blobs.close()


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


@asynccontextmanager
async def build_search(settings: Settings) -> AsyncIterator[SearchServices]:
    """The embedder and the search index of the configured database (closed after)."""
    async with build_services(settings) as services:
        url = database_url(settings)
        engine = create_engine_for(url, busy_timeout_s=settings.database.busy_timeout_s)
        index = open_search_index(url, engine, engine.execution_options(**{WRITE_OPTION: True}))
        try:
            yield SearchServices(
                embedder=CachedQueryEmbedder(services.embedder),
                index=index,
                top_k=settings.search.top_k,
                batch_size=settings.embedding.batch_size,
            )
        finally:
            index.close()
            await engine.dispose()
