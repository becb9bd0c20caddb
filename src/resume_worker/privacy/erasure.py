"""`candidates delete`: erase a candidate everywhere and log it without personal data.

The database part (every version, PII cell, blind index and chunk; the jobs' file names and blob
keys; the erasure log row listing the blobs still to delete) is one transaction. The original
files are deleted after it commits, then the log row is completed. An erasure interrupted between
the two is finished by running the command again: the log row still lists the pending blobs.
"""

from __future__ import annotations

import uuid

import structlog

from resume_worker.core.ports.blobs import BlobStore
from resume_worker.core.ports.candidates import CandidateAdmin, Erasure

log = structlog.get_logger("resume_worker.erasure")


async def erase_candidate(
    candidates: CandidateAdmin, blobs: BlobStore, candidate_id: str
) -> list[Erasure]:
    """Erase the candidate and finish any earlier erasure of it left incomplete. Returns the
    completed erasure log rows (empty when there was nothing to erase)."""
    erasure = await candidates.erase_candidate(candidate_id, str(uuid.uuid4()))
    pending = await candidates.pending_erasures(candidate_id)
    if erasure is not None and all(e.id != erasure.id for e in pending):
        pending.append(erasure)
    return [await finish_erasure(candidates, blobs, e) for e in pending]


async def finish_erasure(candidates: CandidateAdmin, blobs: BlobStore, erasure: Erasure) -> Erasure:
    """Delete the original files an erasure still lists, then mark it complete."""
    for key in erasure.pending_blobs:
        await blobs.delete(key)
    done = await candidates.complete_erasure(erasure.id, len(erasure.pending_blobs))
    log.info(
        "candidate erased",
        erasure_id=done.id,
        candidate_id=done.candidate_id,
        versions=done.versions,
        blobs=done.blobs_deleted,
    )
    return done
