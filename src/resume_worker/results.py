"""The documents of stored results, decrypting and masking PII: one job's (DESIGN §4 `--json`
contract), one candidate version's with its list of versions, and an erasure's. The command line
and the HTTP API answer with the same documents."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from resume_worker.crypto import Keyring, field_aad
from resume_worker.models import CandidateProfile, JobOutcome, StoredRecord
from resume_worker.pii import mask_address, mask_email, mask_name, mask_phone
from resume_worker.ports import CandidateVersion, Erasure
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


def mask_profile(flat: dict[str, Any]) -> dict[str, Any]:
    """Display masks for the PII of a flat profile (birth year is shown: a year is not a date)."""
    masked = dict(flat)
    if "name" in masked:
        masked["name"] = mask_name(masked["name"])
    for key, mask in (("emails", mask_email), ("phones", mask_phone), ("links", lambda _: "***")):
        if key in masked:
            masked[key] = [mask(value) for value in masked[key]]
    if "address" in masked:
        masked["address"] = mask_address(masked["address"])
    masked.pop("name_variants", None)
    return masked


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
        flat = to_flat_dict(decrypt_profile(record, keyring))
        candidate = {
            "id": record.candidate_id,
            "version": record.version,
            "profile": flat if reveal_pii else mask_profile(flat),
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
    flat = to_flat_dict(decrypt_profile(record, keyring))
    return {
        **record_summary(record),
        "profile": flat if reveal_pii else mask_profile(flat),
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
