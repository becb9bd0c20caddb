"""Key bookkeeping: the encryption counters, the census of stored ciphertexts, re-encryption."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from resume_worker.core.models import BlindIndex


@dataclass(frozen=True)
class SealedCell:
    """One stored ciphertext and what its AAD binds it to: tenant, owner and field. The owner is
    the candidate version (record id) for PII, the job for a file name or original file, and
    the API submission or webhook endpoint for a webhook URL."""

    tenant_id: str
    owner_id: str
    field: str
    blob: bytes = dataclasses.field(repr=False)


@dataclass(frozen=True)
class BatchProgress:
    """One batch of a resumable pass: rows looked at, rows rewritten, where to go on from
    (None once the pass has reached the end)."""

    seen: int
    changed: int
    cursor: str | None

    @classmethod
    def of_page(
        cls, ids: list[str], changed: int, limit: int, *, seen: int | None = None
    ) -> BatchProgress:
        """A batch over a page of `ids` (asked for `limit`): a full page may have more after it,
        a short one was the last. `seen` counts rows when they are not the ids (cells)."""
        cursor = ids[-1] if len(ids) == limit else None
        return cls(seen=len(ids) if seen is None else seen, changed=changed, cursor=cursor)


@dataclass(frozen=True)
class JobBlob:
    job_id: str
    tenant_id: str
    blob_key: str


Reseal = Callable[[SealedCell], bytes | None]
"""Returns the cell's new ciphertext, or None to leave the cell as it is."""


ResealBlob = Callable[[JobBlob], Awaitable[bool]]
"""Rewrites one job's original file; returns whether it changed anything."""


Reindex = Callable[[Mapping[str, SealedCell]], Sequence[BlindIndex] | None]
"""From a version's PII cells (by field), its new blind indexes, or None to leave them."""


class KeyUsage(Protocol):
    """The persisted per-key encryption counters."""

    async def add_key_usage(self, counts: Mapping[str, int]) -> dict[str, int]:
        """Add encryptions per key id to the persisted counters; returns their new totals."""
        ...

    async def key_usage(self) -> dict[str, int]: ...


class KeyCensus(Protocol):
    """Which keys the stored ciphertexts use (`keys check`)."""

    async def ciphertext_key_ids(self) -> dict[str, dict[str, int]]:
        """How many stored ciphertexts use each key id, per kind (`pii`, `file_name`,
        `webhook_url`)."""
        ...

    async def blind_index_versions(self) -> dict[int, int]:
        """Blind-index rows per version."""
        ...

    async def job_blobs(self, *, after: str | None, limit: int) -> list[JobBlob]: ...


class Resealing(Protocol):
    """Resumable batched re-encryption to the primary key (`keys rotate`)."""

    async def reseal_pii(
        self, reseal: Reseal, *, skip_key_id: str, after: str | None, limit: int
    ) -> BatchProgress:
        """In one transaction, re-read the PII cells of up to `limit` versions (by record id after
        `after`) that have a cell not under `skip_key_id`, and write what `reseal` returns."""
        ...

    async def reseal_file_names(
        self, reseal: Reseal, *, after: str | None, limit: int
    ) -> BatchProgress:
        """In one transaction, re-read up to `limit` job file names; write what `reseal` returns."""
        ...

    async def reseal_submission_urls(
        self, reseal: Reseal, *, after: str | None, limit: int
    ) -> BatchProgress:
        """The same for the webhook URLs of API submissions."""
        ...

    async def reseal_endpoint_urls(
        self, reseal: Reseal, *, after: str | None, limit: int
    ) -> BatchProgress:
        """The same for the URLs of webhook endpoints."""
        ...

    async def reseal_blobs(
        self, reseal: ResealBlob, *, after: str | None, limit: int
    ) -> BatchProgress:
        """In one write transaction, call `reseal` for up to `limit` jobs that still hold an
        original file, so an erasure cannot delete a blob while it is being rewritten."""
        ...

    async def rebuild_blind_indexes(
        self, reindex: Reindex, *, current_version: int, after: str | None, limit: int
    ) -> BatchProgress:
        """In one transaction, replace the blind indexes of up to `limit` versions that have a row
        of another version with what `reindex` returns for their PII cells."""
        ...
