"""The pipeline part of the composition root: the Services every job runs with, built from
settings on one repository and closed after (CLI commands, each worker thread, the API)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from resume_worker.adapters.sql.repository import SqlRepository
from resume_worker.adapters.storage.s3_store import S3BlobStore
from resume_worker.composition.analysts import open_analysts
from resume_worker.composition.config import check_config
from resume_worker.composition.database import open_repository
from resume_worker.composition.embedding import open_embedder
from resume_worker.composition.keyring import load_keyring
from resume_worker.composition.rollout import open_rollout
from resume_worker.composition.shared import SharedServices, build_shared
from resume_worker.composition.storage import build_blob_store
from resume_worker.composition.webhooks import open_notifier
from resume_worker.pipeline import PipelineConfig, Services
from resume_worker.settings import Settings
from resume_worker.stages.charge import RefundRule
from resume_worker.stages.chunk_embed import ChunkSizes
from resume_worker.stages.extract_text import OcrLimits
from resume_worker.stages.validate_file import FileLimits


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


@asynccontextmanager
async def build_services(
    settings: Settings, *, migrate: bool = True, shared: SharedServices | None = None
) -> AsyncIterator[Services]:
    """Check the settings, then build every client and close them after. The database is
    migrated first unless `migrate` is false (see open_repository). A worker passes the `shared`
    part its process built once (tool probes, local model); a one-off command builds its own."""
    check_config(settings)
    async with (
        open_repository(settings, migrate=migrate) as repository,
        pipeline_services(settings, repository, shared=shared) as services,
    ):
        yield services


@asynccontextmanager
async def pipeline_services(
    settings: Settings, repository: SqlRepository, *, shared: SharedServices | None = None
) -> AsyncIterator[Services]:
    """The pipeline's services on `repository` (its jobs, candidates, ledger and key counters),
    every other client built here and closed after."""
    if shared is None:
        shared = await asyncio.to_thread(build_shared, settings)
    keyring = load_keyring(settings)
    blobs = build_blob_store(settings)
    try:
        async with (
            open_analysts(settings) as (analyst, identity_voter),
            open_rollout(settings, repository.engine, repository.writer, analyst) as rollout,
            open_embedder(settings, local=shared.local_embedder) as embedder,
            open_notifier(settings, repository.engine, repository.writer, keyring) as notifier,
        ):
            yield Services(
                jobs=repository,
                candidates=repository,
                ledger=repository,
                key_usage=repository,
                blobs=blobs,
                analyst=analyst,
                embedder=embedder,
                keyring=keyring,
                config=pipeline_config(settings),
                ocr=shared.ocr,
                convert_doc=shared.convert_doc,
                identity_voter=identity_voter,
                notifier=notifier,
                rollout=rollout,
            )
    finally:
        if isinstance(blobs, S3BlobStore):
            blobs.close()
