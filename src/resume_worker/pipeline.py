"""The whole pipeline of one job in one function: stages in order, each result fed forward."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date

from resume_worker.core.models import (
    Analysis,
    Chunks,
    ExtractedText,
    Job,
    JobOutcome,
    JobStatus,
    ProtectedProfile,
    StoredCandidate,
    Usage,
    ValidatedFile,
    total_usage,
)
from resume_worker.core.ports.analyst import Analyst, IdentityVoter
from resume_worker.core.ports.blobs import BlobStore
from resume_worker.core.ports.candidates import CandidateStore
from resume_worker.core.ports.documents import DocConverter, OcrRunner
from resume_worker.core.ports.embedder import Embedder
from resume_worker.core.ports.jobs import JobStore
from resume_worker.core.ports.keys import KeyUsage
from resume_worker.core.ports.ledger import Ledger
from resume_worker.core.ports.webhooks import Notifier
from resume_worker.privacy.crypto import Keyring, blob_aad
from resume_worker.rollout import JobRollout, Rollout, Stage, compare_analyses, compare_texts
from resume_worker.stages.analyze import analyze
from resume_worker.stages.charge import RefundRule, charge, refund_due
from resume_worker.stages.check_identity import check_identity
from resume_worker.stages.check_kind import check_kind
from resume_worker.stages.chunk_embed import ChunkSizes, chunk_embed, embedding_gap
from resume_worker.stages.extract_text import OcrLimits, extract_text
from resume_worker.stages.extract_text.pdf import PDF_STRATEGIES, PdfStrategy
from resume_worker.stages.protect import protect
from resume_worker.stages.validate import validate
from resume_worker.stages.validate_file import FileLimits, validate_file


@dataclass(frozen=True)
class PipelineConfig:
    """The plain values the pipeline reads, taken from settings once at start-up."""

    limits: FileLimits = field(default_factory=FileLimits)
    min_text_chars: int = 100
    ocr_limits: OcrLimits = field(default_factory=OcrLimits)
    chunk_sizes: ChunkSizes = field(default_factory=ChunkSizes)
    embedding_batch_size: int = 16
    cost_per_job: int = 1
    credits_enforce: bool = False
    refund_rule: RefundRule = field(default_factory=RefundRule)
    retain_originals: bool = True
    max_attempts: int = 3


@dataclass(frozen=True)
class Services:
    """Everything a job needs from outside, built by composition.pipeline.build_services.
    The job rows, candidates, ledger and key counters are one database's, each seen through
    the port of its role."""

    jobs: JobStore
    candidates: CandidateStore
    ledger: Ledger
    key_usage: KeyUsage
    blobs: BlobStore
    analyst: Analyst
    embedder: Embedder
    keyring: Keyring
    config: PipelineConfig = field(default_factory=PipelineConfig)
    ocr: OcrRunner | None = None
    convert_doc: DocConverter | None = None
    identity_voter: IdentityVoter | None = None
    notifier: Notifier | None = None
    rollout: Rollout | None = None


class _Timings(dict[str, float]):
    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self[name] = round((time.perf_counter() - began) * 1000, 2)


# The shipped rollout flags (DESIGN §2): each picks a variant of one pure stage.
ANALYST_MODEL = "analyst_model"
PDF_EXTRACTOR = "pdf_extractor"


async def _read(
    job: Job, services: Services, rollout: JobRollout, timings: _Timings
) -> ExtractedText:
    """Stages 1-2: the job's file decrypted, checked and read."""
    with timings.stage("load"):
        sealed = await services.blobs.get(job.blob_key)
        data = services.keyring.decrypt(sealed, blob_aad(job.tenant_id, job.id))
    with timings.stage("validate_file"):
        file = await asyncio.to_thread(
            validate_file, data, extension=job.file_ext, limits=services.config.limits
        )
    with timings.stage("extract_text"):
        return await rollout.run(PDF_EXTRACTOR, _text_stage(services), file)


def _text_stage(services: Services) -> Stage[PdfStrategy, ValidatedFile, ExtractedText]:
    """extract_text with every reader option the configuration sets (in a thread); its
    variants are the PDF strategies, so pdf_extractor only matters for PDFs."""
    config, ocr, convert_doc = services.config, services.ocr, services.convert_doc

    async def read(strategy: PdfStrategy, file: ValidatedFile) -> ExtractedText:
        return await asyncio.to_thread(
            extract_text,
            file,
            min_text_chars=config.min_text_chars,
            max_uncompressed_mb=config.limits.max_uncompressed_mb,
            ocr=ocr,
            ocr_limits=config.ocr_limits,
            convert_doc=convert_doc,
            pdf_strategy=strategy,
        )

    strategies: dict[str, PdfStrategy] = {name: name for name in PDF_STRATEGIES}
    return Stage(read, strategies, "columns", compare_texts, applies=lambda f: f.format == "pdf")


def _analysis_cost(analysis: Analysis) -> float | None:
    return analysis.usage.cost if analysis.usage else 0.0


def _analyze_stage(services: Services) -> Stage[Analyst, ExtractedText, Analysis]:
    """analyze with the configured analyst, or one the analyst_model flag names."""
    analysts = services.rollout.analysts if services.rollout else {}

    async def run(analyst: Analyst, text: ExtractedText) -> Analysis:
        return await analyze(text, analyst=analyst)

    return Stage(run, analysts, services.analyst, compare_analyses, cost=_analysis_cost)


async def run_pipeline(job: Job, services: Services) -> JobOutcome:
    """Run stages 1-9 for a job that is processing. Raises WorkerError; jobs.runner catches."""
    config, keyring, timings = services.config, services.keyring, _Timings()
    rollout = await services.rollout.for_job(job) if services.rollout else JobRollout(job.id)
    text = await _read(job, services, rollout, timings)
    with timings.stage("check_kind"):
        check_kind(text)
    with timings.stage("check_identity"):
        vote_usage = await check_identity(text, voter=services.identity_voter)
    with timings.stage("analyze"):
        analysis = await rollout.run(ANALYST_MODEL, _analyze_stage(services), text)
    with timings.stage("validate"):
        profile = validate(analysis, text, today=date.today())
    with timings.stage("protect"):
        record_id = str(uuid.uuid4())
        protected = protect(
            profile, text, keyring=keyring, tenant_id=job.tenant_id, record_id=record_id
        )
    with timings.stage("chunk_embed"):
        chunks = await chunk_embed(
            protected,
            embedder=services.embedder,
            sizes=config.chunk_sizes,
            batch_size=config.embedding_batch_size,
        )
    outcome = _outcome(job, protected, chunks, total_usage(vote_usage, analysis.usage))
    with timings.stage("store"):
        stored = await services.candidates.store_candidate(job, protected, chunks, outcome)
    with timings.stage("charge"):
        refund = refund_due(protected, config.refund_rule)
        await charge(
            job, outcome.status, ledger=services.ledger, amount=config.cost_per_job, refund=refund
        )
    return _stored_outcome(outcome, stored, timings)


def _outcome(
    job: Job, protected: ProtectedProfile, chunks: Chunks, usage: Usage | None
) -> JobOutcome:
    """What the job ends with once its chunks are made: partial when some were not embedded."""
    return JobOutcome(
        job.id,
        JobStatus.PARTIAL if chunks.warnings else JobStatus.COMPLETED,
        *embedding_gap(chunks),
        chunks=len(chunks.items),
        warnings=(*protected.warnings, *chunks.warnings),
        usage=usage,
    )


def _stored_outcome(outcome: JobOutcome, stored: StoredCandidate, timings: _Timings) -> JobOutcome:
    return replace(
        outcome,
        candidate_id=stored.candidate_id,
        version=stored.version,
        record_id=stored.record_id,
        warnings=(*outcome.warnings, *stored.warnings),
        timings_ms=dict(timings),
    )
