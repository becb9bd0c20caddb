"""The fake KeyUsage, KeyCensus and Resealing: counters and ciphertexts in a MemoryDatabase, and
the batched passes of `keys rotate` with the SQL adapter's cursors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from resume_worker.core.ports.keys import (
    BatchProgress,
    JobBlob,
    Reindex,
    Reseal,
    ResealBlob,
    SealedCell,
)
from resume_worker.privacy.crypto import key_id_of, key_id_or_unreadable
from tests.fakes.database import MemoryPort


class MemoryKeyUsage(MemoryPort):
    """Encryptions per key id, summed over every run."""

    async def add_key_usage(self, counts: Mapping[str, int]) -> dict[str, int]:
        """Totals of the keys given a positive count only."""
        totals: dict[str, int] = {}
        for key_id, count in counts.items():
            if count > 0:
                self.db.key_usage[key_id] = self.db.key_usage.get(key_id, 0) + count
                totals[key_id] = self.db.key_usage[key_id]
        return totals

    async def key_usage(self) -> dict[str, int]:
        return dict(self.db.key_usage)


class MemoryKeyCensus(MemoryPort):
    """Which keys the stored ciphertexts use, and which jobs hold an original file."""

    async def ciphertext_key_ids(self) -> dict[str, dict[str, int]]:
        pii = Counter(key_id_of(blob) for v in self.db.versions.values() for blob in v.pii.values())
        names = Counter(
            key_id_or_unreadable(j.file_name)
            for j in self.db.jobs.values()
            if j.file_name is not None
        )
        return {"pii": dict(pii), "file_name": dict(names), "webhook_url": {}}

    async def blind_index_versions(self) -> dict[int, int]:
        return dict(
            Counter(bi.version for v in self.db.versions.values() for bi in v.blind_indexes)
        )

    async def job_blobs(self, *, after: str | None, limit: int) -> list[JobBlob]:
        return _job_blobs(self, after, limit)


class MemoryResealing(MemoryPort):
    """The passes compute a whole batch before writing it, so a `reseal` that raises leaves the
    batch unchanged, as the SQL transaction's rollback does."""

    async def reseal_pii(
        self, reseal: Reseal, *, skip_key_id: str, after: str | None, limit: int
    ) -> BatchProgress:
        def stale(blob: bytes) -> bool:
            return key_id_of(blob) != skip_key_id

        versions = self.db.versions
        records = sorted(
            v.id
            for v in versions.values()
            if v.id > (after or "") and any(map(stale, v.pii.values()))
        )[:limit]
        cells = [
            SealedCell(versions[r].tenant_id, r, name, blob)
            for r in records
            for name, blob in versions[r].pii.items()
            if stale(blob)
        ]
        sealed = [(cell, reseal(cell)) for cell in cells]
        changed = [(cell, new) for cell, new in sealed if new is not None]
        for _, new in changed:
            key_id_of(new)  # SQL stores the new key id: an unreadable ciphertext raises
        for cell, new in changed:
            versions[cell.owner_id].pii[cell.field] = new
        return BatchProgress.of_page(records, len(changed), limit, seen=len(cells))

    async def reseal_file_names(
        self, reseal: Reseal, *, after: str | None, limit: int
    ) -> BatchProgress:
        rows = sorted(
            (j for j in self.db.jobs.values() if j.file_name is not None and j.id > (after or "")),
            key=lambda j: j.id,
        )[:limit]
        sealed = [
            (row, reseal(SealedCell(row.tenant_id, row.id, "file_name", row.file_name or b"")))
            for row in rows
        ]
        changed = [(row, new) for row, new in sealed if new is not None]
        for row, new in changed:
            row.file_name = new
        return BatchProgress.of_page([row.id for row in rows], len(changed), limit)

    async def reseal_submission_urls(
        self, reseal: Reseal, *, after: str | None, limit: int
    ) -> BatchProgress:
        """Webhook URLs live in the delivery log, which the fake repository has none of."""
        return BatchProgress.of_page([], 0, limit)

    async def reseal_endpoint_urls(
        self, reseal: Reseal, *, after: str | None, limit: int
    ) -> BatchProgress:
        """As reseal_submission_urls."""
        return BatchProgress.of_page([], 0, limit)

    async def reseal_blobs(
        self, reseal: ResealBlob, *, after: str | None, limit: int
    ) -> BatchProgress:
        found = _job_blobs(self, after, limit)
        changed = 0
        for blob in found:
            changed += int(await reseal(blob))
        return BatchProgress.of_page([b.job_id for b in found], changed, limit)

    async def rebuild_blind_indexes(
        self, reindex: Reindex, *, current_version: int, after: str | None, limit: int
    ) -> BatchProgress:
        """A version without PII cells is passed over (SQL finds its owner through them)."""
        versions = self.db.versions
        records = sorted(
            v.id
            for v in versions.values()
            if v.id > (after or "") and any(bi.version != current_version for bi in v.blind_indexes)
        )[:limit]
        rebuilt = {}
        for record_id in records:
            row = versions[record_id]
            cells = {f: SealedCell(row.tenant_id, row.id, f, b) for f, b in row.pii.items()}
            indexes = reindex(cells) if cells else None
            if indexes is not None:
                rebuilt[record_id] = list(indexes)
        for record_id, indexes in rebuilt.items():
            versions[record_id].blind_indexes = indexes
        return BatchProgress.of_page(records, len(rebuilt), limit)


def _job_blobs(port: MemoryPort, after: str | None, limit: int) -> list[JobBlob]:
    rows = sorted(
        (j for j in port.db.jobs.values() if j.blob_key and j.id > (after or "")),
        key=lambda j: j.id,
    )
    return [JobBlob(j.id, j.tenant_id, j.blob_key or "") for j in rows[:limit]]
