"""Stage 9: settle the credit reserved at acceptance, once per job whatever the retries."""

from __future__ import annotations

from resume_worker.models import Job, JobStatus
from resume_worker.ports import Repository


async def charge(job: Job, status: JobStatus, *, ledger: Repository, amount: int) -> bool:
    """Charge a completed or partial job; release the reservation of a rejected or failed one.

    Ledger rows are unique per (job, kind), so a redelivered job cannot charge twice. Returns
    whether a row was written now.
    """
    if status in (JobStatus.COMPLETED, JobStatus.PARTIAL):
        return await ledger.add_ledger_entry(job.tenant_id, job.id, "charge", amount)
    if status in (JobStatus.REJECTED, JobStatus.FAILED):
        return await ledger.add_ledger_entry(job.tenant_id, job.id, "release", amount)
    return False
