"""The BlobStore on S3-compatible storage (`s3://bucket/prefix` URLs, AWS, MinIO or any other).

boto3 is synchronous: each call runs in a worker thread (`asyncio.to_thread`), which keeps the
job's event loop free without a second, async SDK, and boto3 clients are thread-safe. The SDK's
own retries are off so that one layer retries: this adapter, `retries` times on a retryable
failure (timeouts, throttling, 5xx, lost connections) through the one retry loop, core/retry.py
(exponential backoff with full jitter, Retry-After honoured when it fits under the cap).
Credentials come from the standard AWS chain (environment, shared files, instance roles).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlparse

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from resume_worker.adapters.error_map import to_worker_error
from resume_worker.adapters.storage.file_store import SAFE_KEY
from resume_worker.core.errors import ErrorCode, PermanentError, WorkerError
from resume_worker.core.retry import CallRetry, RetryBudget

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

T = TypeVar("T")
BACKOFF_BASE_S = 0.2
BACKOFF_MAX_S = 5.0


@dataclass(frozen=True)
class S3Location:
    """Where blobs go: a bucket and a key prefix inside it ("" for the bucket's root)."""

    bucket: str
    prefix: str

    @classmethod
    def parse(cls, url: str) -> S3Location:
        """`s3://bucket/some/prefix` -> S3Location("bucket", "some/prefix")."""
        parsed = urlparse(url)
        if parsed.scheme != "s3" or not parsed.netloc:
            raise ValueError("an S3 storage URL looks like s3://bucket/prefix")
        return cls(parsed.netloc, parsed.path.strip("/"))


def open_s3_client(*, endpoint_url: str, timeout: float) -> S3Client:
    """A client with SDK retries off, `timeout` for connecting and for each read, and path-style
    addressing when an endpoint is given (MinIO and other S3-compatible servers)."""
    config = Config(
        connect_timeout=timeout,
        read_timeout=timeout,
        retries={"total_max_attempts": 1},
        s3={"addressing_style": "path"} if endpoint_url else None,
    )
    client: S3Client = boto3.session.Session().client(
        "s3", endpoint_url=endpoint_url or None, config=config
    )
    return client


class S3BlobStore:
    """Blobs as objects under `prefix/` in one bucket; keys obey the file store's rules."""

    def __init__(self, client: S3Client, location: S3Location, *, retries: int) -> None:
        self.client = client
        self.location = location
        self.retries = retries
        budget = RetryBudget(retries, BACKOFF_BASE_S, BACKOFF_MAX_S)
        self._retry = CallRetry("storage", budget, (BotoCoreError, ClientError), _to_error)

    def _object_key(self, key: str) -> str:
        if not SAFE_KEY.match(key) or ".." in key.split("/"):
            raise PermanentError("blob key has unsafe characters", ErrorCode.STORAGE_ERROR)
        prefix = self.location.prefix
        return f"{prefix}/{key}" if prefix else key

    async def put(self, key: str, data: bytes) -> None:
        name, bucket = self._object_key(key), self.location.bucket
        await self._call(lambda: self.client.put_object(Bucket=bucket, Key=name, Body=data))

    async def get(self, key: str) -> bytes:
        name, bucket = self._object_key(key), self.location.bucket

        def read() -> bytes:
            data: bytes = self.client.get_object(Bucket=bucket, Key=name)["Body"].read()
            return data

        return await self._call(read)

    async def delete(self, key: str) -> None:
        """Deleting a missing object succeeds, as S3 itself answers."""
        name, bucket = self._object_key(key), self.location.bucket
        await self._call(lambda: self.client.delete_object(Bucket=bucket, Key=name))

    async def ping(self) -> None:
        """One HEAD on the bucket: reachable, credentials accepted, bucket present."""
        bucket = self.location.bucket
        await self._call(lambda: self.client.head_bucket(Bucket=bucket))

    def close(self) -> None:
        self.client.close()

    async def _call(self, call: Callable[[], T]) -> T:
        """Run `call` in a thread (each attempt anew); retry a retryable failure per budget."""
        return await self._retry.run(lambda: asyncio.to_thread(call))


def _to_error(exc: Exception) -> WorkerError:
    return to_worker_error(exc, "storage")
