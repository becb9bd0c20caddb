"""The BlobStore: opaque, already encrypted bytes under a key."""

from __future__ import annotations

from typing import Protocol


class BlobStore(Protocol):
    """Stores opaque (already encrypted) bytes under a key."""

    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...

    async def ping(self) -> None:
        """A cheap check that the store can serve (for readiness probes); raises WorkerError."""
        ...
