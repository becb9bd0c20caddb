"""Stage 9: settle the credit reserved at acceptance, once per job whatever the retries, and
give it back when the result is too poor to be worth paying for (the quality refund rule)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import CandidateProfile, Ciphertext, Job, JobStatus
from resume_worker.core.ports.ledger import Ledger

# The fields whose confidences make up a profile's overall confidence; a missing one counts 0.
CORE_FIELDS = ("name", "emails", "phones", "careers", "education", "skills")


@dataclass(frozen=True)
class RefundRule:
    """Refund when overall confidence < `below_confidence` and at least `min_missing` of name,
    contact (email or phone) and last company are missing."""

    enabled: bool = True
    below_confidence: float = 0.3
    min_missing: int = 2


class StoredResult(Protocol):
    """What a quality judgement reads: a ProtectedProfile before storing, a StoredRecord after."""

    @property
    def public(self) -> CandidateProfile: ...

    @property
    def pii(self) -> Mapping[str, Ciphertext]: ...

    @property
    def field_confidence(self) -> Mapping[str, float]: ...


@dataclass(frozen=True)
class Quality:
    confidence: float
    missing: tuple[str, ...]


def assess_quality(result: StoredResult) -> Quality:
    """Overall confidence and which essentials are missing, from what is stored: the public
    profile, the names of the encrypted fields and the confidences (no decryption needed)."""
    present = set(result.pii)
    scores = result.field_confidence
    confidence = sum(scores.get(name, 0.0) for name in CORE_FIELDS) / len(CORE_FIELDS)
    missing = []
    if "name" not in present:
        missing.append("name")
    if not present & {"emails", "phones"}:
        missing.append("contact")
    if not _last_company(result.public):
        missing.append("last_company")
    return Quality(round(confidence, 4), tuple(missing))


def _last_company(profile: CandidateProfile) -> str | None:
    if not profile.careers:
        return None
    latest = max(profile.careers, key=lambda c: (c.is_current, c.end or c.start or ""))
    return latest.company


def refund_due(result: StoredResult, rule: RefundRule) -> bool:
    quality = assess_quality(result)
    return (
        rule.enabled
        and quality.confidence < rule.below_confidence
        and len(quality.missing) >= rule.min_missing
    )


async def charge(
    job: Job, status: JobStatus, *, ledger: Ledger, amount: int, refund: bool = False
) -> bool:
    """Charge a completed or partial job (and refund it when `refund`); release the reservation
    of a rejected or failed one.

    Ledger rows are unique per (job, kind), so a redelivered job cannot charge or refund twice.
    Returns whether the charge or release row was written now.
    """
    if status in (JobStatus.COMPLETED, JobStatus.PARTIAL):
        charged = await ledger.add_ledger_entry(job.tenant_id, job.id, "charge", amount)
        if refund:
            await ledger.add_ledger_entry(job.tenant_id, job.id, "refund", amount)
        return charged
    if job.error_code is ErrorCode.INSUFFICIENT_CREDITS:
        return False  # refused at acceptance: nothing was reserved, so nothing is released
    if status in (JobStatus.REJECTED, JobStatus.FAILED):
        return await ledger.add_ledger_entry(job.tenant_id, job.id, "release", amount)
    return False
