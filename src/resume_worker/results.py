"""The result document of one job (DESIGN §4 `--json` contract), decrypting and masking PII."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from resume_worker.crypto import Keyring, field_aad
from resume_worker.models import CandidateProfile, JobOutcome, StoredRecord
from resume_worker.pii import mask_address, mask_email, mask_name, mask_phone
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
