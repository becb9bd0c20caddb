"""The BlobStore on a local folder (`file://` URLs): atomic writes, private file modes."""

from __future__ import annotations

import asyncio
import errno
import os
import re
from pathlib import Path

from resume_worker.adapters.error_map import to_worker_error
from resume_worker.core.errors import ErrorCode, PermanentError

SAFE_KEY = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")


class FileBlobStore:
    """Blobs as files below `root`; keys are relative paths of safe characters only."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not SAFE_KEY.match(key) or ".." in key.split("/"):
            raise PermanentError("blob key has unsafe characters", ErrorCode.STORAGE_ERROR)
        return self.root / key

    def _put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(staging, path)

    async def put(self, key: str, data: bytes) -> None:
        try:
            await asyncio.to_thread(self._put, key, data)
        except OSError as exc:
            raise to_worker_error(exc, "storage") from exc

    async def get(self, key: str) -> bytes:
        try:
            return await asyncio.to_thread(self._path(key).read_bytes)
        except OSError as exc:
            raise to_worker_error(exc, "storage") from exc

    async def delete(self, key: str) -> None:
        try:
            await asyncio.to_thread(self._path(key).unlink, True)
        except OSError as exc:
            raise to_worker_error(exc, "storage") from exc

    def _check_root(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, "the blob folder is not writable")

    async def ping(self) -> None:
        """The folder exists (or can be made) and this process may write to it."""
        try:
            await asyncio.to_thread(self._check_root)
        except OSError as exc:
            raise to_worker_error(exc, "storage") from exc
