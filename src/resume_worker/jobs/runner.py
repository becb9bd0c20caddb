"""Accepting a file as a job, and running a job: the one place that catches errors."""

from __future__ import annotations

import asyncio
import re
import traceback
import uuid
from pathlib import PurePath

import structlog

from resume_worker.core.errors import REJECTION_CODES, ErrorCode, RetryableError, WorkerError
from resume_worker.core.models import Ciphertext, Job, JobOutcome, JobStatus
from resume_worker.pipeline import Services, run_pipeline
from resume_worker.privacy.crypto import blob_aad, field_aad
from resume_worker.privacy.keys.usage import persist_key_usage
from resume_worker.stages.charge import charge, refund_due

log = structlog.get_logger("resume_worker.jobs")
SAFE_EXTENSION = re.compile(r"^[a-z0-9]{1,10}$")


def safe_extension(file_name: str) -> str:
    """The lower-case extension, or "" when it is not a short alphanumeric one."""
    suffix = PurePath(file_name).suffix.lower().lstrip(".")
    return suffix if SAFE_EXTENSION.match(suffix) else ""


async def accept_job(services: Services, data: bytes, *, file_name: str, tenant_id: str) -> Job:
    """Create a queued job: a credit reserved (checked against the balance in the same
    transaction when enforced), the file encrypted into the blob store, its name encrypted on the
    row. With enforcement on and no credit left, the job is created rejected and nothing is kept
    but its row."""
    job_id = str(uuid.uuid4())
    job = Job(
        job_id, tenant_id, JobStatus.QUEUED, safe_extension(file_name), f"{tenant_id}/{job_id}"
    )
    config, jobs = services.config, services.jobs
    sealed_name = services.keyring.encrypt(
        file_name.encode("utf-8"), field_aad(tenant_id, job_id, "file_name")
    )
    reserved = await services.ledger.reserve_credit(
        tenant_id, job_id, config.cost_per_job, enforce=config.credits_enforce
    )
    if not reserved:
        rejected = Job(job_id, tenant_id, JobStatus.REJECTED, job.file_ext, "")
        await jobs.create_job(rejected, file_name=Ciphertext(sealed_name))
        await jobs.finish_job(
            JobOutcome(
                job_id,
                JobStatus.REJECTED,
                ErrorCode.INSUFFICIENT_CREDITS,
                "크레딧이 부족합니다 / Not enough credits for this job",
            )
        )
        return rejected
    await services.blobs.put(
        job.blob_key, services.keyring.encrypt(data, blob_aad(job.tenant_id, job.id))
    )
    await jobs.create_job(job, file_name=Ciphertext(sealed_name))
    await persist_key_usage(services.keyring, services.key_usage)
    return job


async def run_job(
    job_id: str, services: Services, *, time_limit_s: float | None = None
) -> JobOutcome:
    """Run a queued job to a defined state. A job that already ended is not run again: its
    stored outcome is returned (after making sure its credit is settled).

    With a time limit (the distributed worker) the run is cut off after `time_limit_s` seconds,
    and a job another live run holds is left alone: the returned outcome then says processing.
    """
    job = await services.jobs.get_job(job_id)
    if job is None:
        raise KeyError(job_id)
    return await run_loaded_job(job, services, time_limit_s)


async def run_loaded_job(job: Job, services: Services, time_limit_s: float | None) -> JobOutcome:
    """run_job once the job's row has been read (the one read a delivery makes)."""
    structlog.contextvars.bind_contextvars(job_id=job.id)
    try:
        if job.status.is_terminal:
            return await _settled(job, services)
        started = await _start(job.id, services, time_limit_s)
        if started is None:
            log.info("job held by another run")
            return JobOutcome(job.id, JobStatus.PROCESSING)
        job = started
        log.info("job started", attempt=job.attempts, file_ext=job.file_ext)
        outcome = await _attempt(job, services, time_limit_s)
        log.info("job ended", status=outcome.status.value, code=_code(outcome))
        await persist_key_usage(services.keyring, services.key_usage)
        await _notify(job, outcome, services)
        return outcome
    finally:
        structlog.contextvars.unbind_contextvars("job_id")


async def _start(job_id: str, services: Services, time_limit_s: float | None) -> Job | None:
    """Take the job: unconditionally in the embedded runtime (one process runs it), else only
    when no live run holds it (see JobStore.claim_job: a run lives at most its time limit)."""
    if time_limit_s is None:
        return await services.jobs.start_job(job_id)
    return await services.jobs.claim_job(job_id, lease_s=time_limit_s)


async def _run_limited(job: Job, services: Services, time_limit_s: float | None) -> JobOutcome:
    """run_pipeline, cut off at the time limit: a run past it fails retryable (JOB_TIMEOUT)."""
    limit = asyncio.timeout(time_limit_s)
    try:
        async with limit:
            return await run_pipeline(job, services)
    except TimeoutError as exc:
        if not limit.expired():
            raise
        raise RetryableError(
            f"the job ran past its time limit ({time_limit_s:g} s)", ErrorCode.JOB_TIMEOUT
        ) from exc


async def _attempt(job: Job, services: Services, time_limit_s: float | None) -> JobOutcome:
    try:
        outcome = await _run_limited(job, services, time_limit_s)
    except WorkerError as exc:
        outcome = _failed_outcome(job, exc, services.config.max_attempts)
    except Exception as exc:  # the one catch-all: any bug ends the job failed, never the process
        log.error(
            "internal error",
            error_type=type(exc).__name__,
            where=[
                f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}"
                for f in traceback.extract_tb(exc.__traceback__)
            ][-5:],
        )
        outcome = JobOutcome(
            job.id,
            JobStatus.FAILED,
            ErrorCode.INTERNAL_ERROR,
            f"internal error ({type(exc).__name__})",
        )
    else:
        await services.jobs.finish_job(outcome)  # adds the timings of store and charge
        await _forget_original(job, services)
        return outcome
    await services.jobs.finish_job(outcome)
    if outcome.status.is_terminal:
        await charge(
            job, outcome.status, ledger=services.ledger, amount=services.config.cost_per_job
        )
        await _forget_original(job, services)
    return outcome


def _failed_outcome(job: Job, exc: WorkerError, max_attempts: int) -> JobOutcome:
    if exc.retryable and job.attempts < max_attempts:
        status = JobStatus.QUEUED
    elif exc.code in REJECTION_CODES:
        status = JobStatus.REJECTED
    else:
        status = JobStatus.FAILED
    log.warning("job error", code=exc.code.value, retryable=exc.retryable, status=status.value)
    return JobOutcome(job.id, status, exc.code, exc.message)


async def _settled(job: Job, services: Services) -> JobOutcome:
    """A redelivered finished job: write any ledger row a crash kept from being written, the
    quality refund included (judged from the stored version, as the pipeline judged it)."""
    outcome = await services.jobs.get_outcome(job.id)
    assert outcome is not None  # the job row exists
    candidates = services.candidates
    record = await candidates.get_record(outcome.record_id) if outcome.record_id else None
    refund = record is not None and refund_due(record, services.config.refund_rule)
    await charge(
        job,
        outcome.status,
        ledger=services.ledger,
        amount=services.config.cost_per_job,
        refund=refund,
    )
    await _notify(job, outcome, services)
    return outcome


async def _notify(job: Job, outcome: JobOutcome, services: Services) -> None:
    """Stage 11, after store and charge, once the job has ended (a redelivered finished job
    too: the notifier sends an event no earlier run finished sending). One attempt, bounded by
    the webhook timeout; retries are scheduled outside this slot. What the receiver did is on
    the delivery record; only the record itself failing reaches here, and it is logged."""
    if services.notifier is None or not outcome.status.is_terminal:
        return
    try:
        await services.notifier.notify(job, outcome)
    except WorkerError as exc:
        log.warning("webhook not recorded", code=exc.code.value, retryable=exc.retryable)


async def _forget_original(job: Job, services: Services) -> None:
    if not services.config.retain_originals and job.blob_key:
        await services.blobs.delete(job.blob_key)


def _code(outcome: JobOutcome) -> str | None:
    return outcome.error_code.value if outcome.error_code else None
