"""The documents of stored results, decrypting and masking PII: one job's (DESIGN §4 `--json`
contract), one candidate version's with its list of versions, and an erasure's. The command line
and the HTTP API answer with the same documents."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import structlog

from resume_worker.core.models import CandidateProfile, Job, JobOutcome, StoredRecord
from resume_worker.core.pii import mask_address, mask_email, mask_name, mask_phone
from resume_worker.core.ports.candidates import (
    CandidateAdmin,
    CandidateStore,
    CandidateVersion,
    Erasure,
)
from resume_worker.core.ports.jobs import JobStore
from resume_worker.privacy.crypto import Keyring, field_aad
from resume_worker.stages.validate import to_flat_dict


def decrypt_profile(record: StoredRecord, keyring: Keyring) -> CandidateProfile:
    """The full profile of a stored version: public part plus every decrypted PII field."""
    values = {
        name: json.loads(
            keyring.decrypt(cipher.blob, field_aad(record.tenant_id, record.record_id, name))
        )
        for name, cipher in record.pii.items()
    }
    return record.public.model_copy(update=values)


def masked_profile(profile: CandidateProfile) -> CandidateProfile:
    """The profile with display masks on every PII field (birth year is shown: a year is not a
    date). Gender is masked whole: any part of it would tell it."""
    return profile.model_copy(
        update={
            "name": mask_name(profile.name) if profile.name else None,
            "name_variants": [],
            "emails": [mask_email(e) for e in profile.emails],
            "phones": [mask_phone(p) for p in profile.phones],
            "gender": "***" if profile.gender else None,
            "links": ["***" for _ in profile.links],
            "address": mask_address(profile.address) if profile.address else None,
        }
    )


def shown_profile(record: StoredRecord, keyring: Keyring, *, reveal_pii: bool) -> dict[str, Any]:
    """A stored version's flat profile, masked unless `reveal_pii`."""
    profile = decrypt_profile(record, keyring)
    return to_flat_dict(profile if reveal_pii else masked_profile(profile))


def job_result(
    file: str,
    outcome: JobOutcome,
    record: StoredRecord | None,
    keyring: Keyring,
    *,
    reveal_pii: bool = False,
) -> dict[str, Any]:
    """`{file, job_id, status, error, candidate, chunks, timings_ms}` for one job."""
    error = (
        {"code": outcome.error_code.value, "message": outcome.error_message}
        if outcome.error_code
        else None
    )
    candidate = None
    if record is not None:
        candidate = {
            "id": record.candidate_id,
            "version": record.version,
            "profile": shown_profile(record, keyring, reveal_pii=reveal_pii),
            "field_confidence": record.field_confidence,
            "field_sources": {k: asdict(v) for k, v in record.field_sources.items()},
            "warnings": list(outcome.warnings),
        }
    result = {
        "file": file,
        "job_id": outcome.job_id,
        "status": outcome.status.value,
        "error": error,
        "candidate": candidate,
        "chunks": outcome.chunks,
        "timings_ms": outcome.timings_ms,
    }
    if outcome.usage is not None:  # only jobs that called an LLM
        result["usage"] = asdict(outcome.usage)
    return result


def candidate_document(
    record: StoredRecord,
    versions: Sequence[CandidateVersion],
    keyring: Keyring,
    *,
    reveal_pii: bool = False,
) -> dict[str, Any]:
    """One version of a candidate (the flat profile of DESIGN §4, masked unless `reveal_pii`)
    and the list of its versions."""
    return {
        **record_summary(record),
        "profile": shown_profile(record, keyring, reveal_pii=reveal_pii),
        "field_confidence": record.field_confidence,
        "warnings": list(record.warnings),
        "versions": [
            {
                "version": v.version,
                "record_id": v.record_id,
                "job_id": v.job_id,
                "accepted_at": v.accepted_at.isoformat(timespec="seconds"),
                "is_latest": v.is_latest,
            }
            for v in versions
        ],
    }


def record_summary(record: StoredRecord) -> dict[str, Any]:
    """Which candidate version a document is of."""
    return {
        "id": record.candidate_id,
        "tenant": record.tenant_id,
        "version": record.version,
        "record_id": record.record_id,
        "is_latest": record.is_latest,
    }


def erasure_document(erasure: Erasure) -> dict[str, Any]:
    """What one erasure removed: ids and counts, never PII."""
    return {
        "erasure_id": erasure.id,
        "candidate_id": erasure.candidate_id,
        "tenant": erasure.tenant_id,
        "versions": erasure.versions,
        "pii_fields": erasure.pii_fields,
        "blind_indexes": erasure.blind_indexes,
        "chunks": erasure.chunks,
        "jobs": erasure.jobs,
        "blobs_deleted": erasure.blobs_deleted,
        "completed_at": erasure.completed_at.isoformat() if erasure.completed_at else None,
    }


def log_revealed(**fields: Any) -> None:
    """Every read that shows PII unmasked is logged with who asked and what (ids only)."""
    structlog.get_logger("resume_worker.pii").info("pii revealed", **fields)


def choose_version(
    versions: Sequence[CandidateVersion], version: int | None
) -> CandidateVersion | None:
    """The version asked for, or the latest when none is."""
    return next((v for v in versions if (v.version == version if version else v.is_latest)), None)


async def stored_candidate_document(
    candidates: CandidateAdmin,
    keyring: Keyring,
    candidate_id: str,
    version: int | None,
    *,
    tenant_id: str | None,
    reveal_pii: bool,
) -> dict[str, Any] | None:
    """One version of a candidate (default: the latest) with the list of its versions, as
    `candidates show` and GET /v1/candidates answer; None when `tenant_id` (None: any tenant)
    has no such candidate or version."""
    versions = [
        v
        for v in await candidates.candidate_versions(candidate_id)
        if tenant_id is None or v.tenant_id == tenant_id
    ]
    chosen = choose_version(versions, version)
    record = await candidates.get_record(chosen.record_id) if chosen else None
    if record is None:
        return None
    return candidate_document(record, versions, keyring, reveal_pii=reveal_pii)


@dataclass(frozen=True)
class StoredJob:
    """A job as stored: its row, its outcome and the candidate version it stored, if any."""

    job: Job
    outcome: JobOutcome
    record: StoredRecord | None


async def stored_job(
    jobs: JobStore, candidates: CandidateStore, job_id: str, *, tenant_id: str | None
) -> StoredJob | None:
    """The job with its outcome and version; None when `tenant_id` (None: any) has no such job."""
    job = await jobs.get_job(job_id)
    if job is None or (tenant_id is not None and job.tenant_id != tenant_id):
        return None
    outcome = await jobs.get_outcome(job_id)
    if outcome is None:
        return None
    record = await candidates.get_record(outcome.record_id) if outcome.record_id else None
    return StoredJob(job, outcome, record)


def file_name(job: Job, keyring: Keyring) -> str | None:
    """The uploaded file's name, decrypted (None once its candidate was erased)."""
    if job.file_name is None:
        return None
    aad = field_aad(job.tenant_id, job.id, "file_name")
    return keyring.decrypt(job.file_name.blob, aad).decode("utf-8")


def file_label(job: Job, keyring: Keyring, *, reveal: bool) -> str:
    """The uploaded file's name when PII is revealed (a file name often is a person's name),
    else only its extension."""
    name = file_name(job, keyring) if reveal else None
    if name is not None:
        return name
    return f"***.{job.file_ext}" if job.file_ext else "***"
