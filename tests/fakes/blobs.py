"""The fake BlobStore: blobs in a dict."""

from __future__ import annotations

from resume_worker.core.errors import ErrorCode, PermanentError


class MemoryBlobStore:
    """Blobs in a dict; unknown keys fail like a missing file does."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    async def put(self, key: str, data: bytes) -> None:
        self.blobs[key] = bytes(data)

    async def get(self, key: str) -> bytes:
        if key not in self.blobs:
            raise PermanentError("storage call failed (FileNotFoundError)", ErrorCode.STORAGE_ERROR)
        return self.blobs[key]

    async def delete(self, key: str) -> None:
        self.blobs.pop(key, None)

    async def ping(self) -> None:
        return None
