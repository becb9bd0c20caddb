"""The BlobStore on S3-compatible storage (`s3://bucket/prefix` URLs, AWS, MinIO or any other).

boto3 is synchronous: each call runs in a worker thread (`asyncio.to_thread`), which keeps the
job's event loop free without a second, async SDK, and boto3 clients are thread-safe. The SDK's
own retries are off so that one layer retries: this adapter, `retries` times on a retryable
failure (timeouts, throttling, 5xx, lost connections) with exponential backoff and full jitter.
Credentials come from the standard AWS chain (environment, shared files, instance roles).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlparse

import boto3
import structlog
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from resume_worker.adapters.error_map import to_worker_error
from resume_worker.adapters.storage.file_store import SAFE_KEY
from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.retry import full_jitter

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

T = TypeVar("T")
log = structlog.get_logger("resume_worker.storage")
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
        """Run `call` in a thread; retry a retryable failure up to `retries` times."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return await asyncio.to_thread(call)
            except (BotoCoreError, ClientError) as exc:
                error = to_worker_error(exc, "storage")
                if not error.retryable or attempt > self.retries:
                    raise error from exc
                wait = full_jitter(attempt, BACKOFF_BASE_S, BACKOFF_MAX_S)
                log.warning(
                    "storage call failed, retrying",
                    error_type=error.details.get("error_type"),
                    attempt=attempt,
                    wait_s=round(wait, 3),
                )
            await asyncio.sleep(wait)
