"""`keys rotate`: move every ciphertext to the primary key and every blind index to the current
blind-index key, in small transactions, resumable and safe beside running workers.

Six passes, each a walk over its table in id order with one transaction per batch: PII cells,
job file names, the webhook URLs of API submissions and of webhook endpoints, original files
(blobs), blind indexes. Every batch re-reads its rows inside its
transaction and skips what is already current (the key id is in the ciphertext), so an interrupted
run is finished by running it again, and rows written meanwhile by workers (already under the
primary) are left alone. Workers must already hold the new primary key and keep the old ones.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.models import BlindIndex, CandidateProfile
from resume_worker.core.ports.blobs import BlobStore
from resume_worker.core.ports.keys import BatchProgress, JobBlob, KeyUsage, Resealing, SealedCell
from resume_worker.privacy.blind_indexes import blind_indexes
from resume_worker.privacy.crypto import Keyring, blob_aad, field_aad, key_id_of
from resume_worker.privacy.keys.usage import persist_key_usage

PASSES = ("pii", "file_names", "submission_urls", "endpoint_urls", "blobs", "blind_indexes")
INDEXED_FIELDS = ("name", "emails", "phones")


@dataclass
class PassTally:
    """What one pass did: rows looked at, rewritten, unreadable (left as they are), missing."""

    batches: int = 0
    seen: int = 0
    changed: int = 0
    failed: int = 0
    missing: int = 0

    def add(self, progress: BatchProgress) -> None:
        self.batches += 1
        self.seen += progress.seen
        self.changed += progress.changed


@dataclass
class RotationReport:
    primary_key_id: str
    blind_index_version: int
    passes: dict[str, PassTally] = field(default_factory=lambda: {p: PassTally() for p in PASSES})

    @property
    def failed(self) -> int:
        return sum(tally.failed for tally in self.passes.values())


OnBatch = Callable[[str, BatchProgress], None]


async def rotate_keys(
    store: Resealing,
    counters: KeyUsage,
    blobs: BlobStore,
    keyring: Keyring,
    *,
    batch_size: int = 100,
    on_batch: OnBatch = lambda _pass, _progress: None,
) -> RotationReport:
    """Run the passes to the end; `on_batch` is told after each committed batch."""
    report = RotationReport(keyring.primary_key_id, keyring.blind_index_version)
    steps = _Rotation(keyring, blobs, report).steps(store, batch_size)
    for name in PASSES:
        cursor: str | None = None
        while True:
            progress = await steps[name](cursor)
            report.passes[name].add(progress)
            await persist_key_usage(keyring, counters)
            on_batch(name, progress)
            cursor = progress.cursor
            if cursor is None:
                break
    return report


@dataclass
class _Rotation:
    """The per-row callbacks of the passes; failures are counted, never raised mid-batch."""

    keyring: Keyring
    blobs: BlobStore
    report: RotationReport

    def steps(
        self, store: Resealing, limit: int
    ) -> dict[str, Callable[[str | None], Awaitable[BatchProgress]]]:
        """One batch of each pass, given the cursor to continue after."""
        primary, version = self.keyring.primary_key_id, self.keyring.blind_index_version
        return {
            "pii": lambda after: store.reseal_pii(
                self.reseal("pii"), skip_key_id=primary, after=after, limit=limit
            ),
            "file_names": lambda after: store.reseal_file_names(
                self.reseal("file_names"), after=after, limit=limit
            ),
            "submission_urls": lambda after: store.reseal_submission_urls(
                self.reseal("submission_urls"), after=after, limit=limit
            ),
            "endpoint_urls": lambda after: store.reseal_endpoint_urls(
                self.reseal("endpoint_urls"), after=after, limit=limit
            ),
            "blobs": lambda after: store.reseal_blobs(self.reseal_blob, after=after, limit=limit),
            "blind_indexes": lambda after: store.rebuild_blind_indexes(
                self.reindex, current_version=version, after=after, limit=limit
            ),
        }

    def reseal(self, pass_name: str) -> Callable[[SealedCell], bytes | None]:
        tally = self.report.passes[pass_name]

        def one(cell: SealedCell) -> bytes | None:
            aad = field_aad(cell.tenant_id, cell.owner_id, cell.field)
            try:
                if key_id_of(cell.blob) == self.keyring.primary_key_id:
                    return None
                plaintext = self.keyring.decrypt(cell.blob, aad)
            except WorkerError:
                tally.failed += 1
                return None
            return self.keyring.encrypt(plaintext, aad)

        return one

    async def reseal_blob(self, blob: JobBlob) -> bool:
        tally = self.report.passes["blobs"]
        aad = blob_aad(blob.tenant_id, blob.job_id)
        try:
            sealed = await self.blobs.get(blob.blob_key)
        except WorkerError as exc:
            if exc.code is not ErrorCode.STORAGE_ERROR or exc.retryable:
                raise
            tally.missing += 1  # not retained (storage.retain_originals=false) or already gone
            return False
        try:
            if key_id_of(sealed) == self.keyring.primary_key_id:
                return False
            plaintext = self.keyring.decrypt(sealed, aad)
        except WorkerError:
            tally.failed += 1
            return False
        await self.blobs.put(blob.blob_key, self.keyring.encrypt(plaintext, aad))
        return True

    def reindex(self, cells: Mapping[str, SealedCell]) -> Sequence[BlindIndex] | None:
        values: dict[str, object] = {}
        try:
            for name in INDEXED_FIELDS:
                cell = cells.get(name)
                if cell is not None:
                    aad = field_aad(cell.tenant_id, cell.owner_id, cell.field)
                    values[name] = json.loads(self.keyring.decrypt(cell.blob, aad))
        except WorkerError:
            self.report.passes["blind_indexes"].failed += 1
            return None
        return blind_indexes(CandidateProfile.model_validate(values), self.keyring)
