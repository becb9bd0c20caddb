"""The blob store part of the composition root: a local folder or S3, from storage.* settings."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from resume_worker.adapters.storage.file_store import FileBlobStore
from resume_worker.adapters.storage.s3_store import S3BlobStore, S3Location, open_s3_client
from resume_worker.settings import Settings


def storage_url(settings: Settings) -> str:
    """The configured blob store URL, or a folder inside the data folder."""
    return settings.storage.url or (settings.data_dir / "blobs").resolve().as_uri()


def storage_problems(settings: Settings) -> list[str]:
    """file:// and s3://bucket/prefix are the stores; an endpoint URL only means something for
    S3 (MinIO and other S3-compatible servers)."""
    url = storage_url(settings)
    scheme = urlparse(url).scheme
    if scheme == "s3":
        try:
            S3Location.parse(url)
        except ValueError as exc:
            return [f"RESUME_WORKER_STORAGE__URL: {exc}"]
        return []
    problems = [] if scheme == "file" else ["RESUME_WORKER_STORAGE__URL: use file:// or s3://"]
    if settings.storage.endpoint_url:
        problems.append("RESUME_WORKER_STORAGE__ENDPOINT_URL applies to s3:// storage only")
    return problems


def build_blob_store(settings: Settings) -> FileBlobStore | S3BlobStore:
    """The local folder, or S3 with the storage timeout per call and the storage retries."""
    url, storage = storage_url(settings), settings.storage
    if urlparse(url).scheme != "s3":
        return FileBlobStore(Path(urlparse(url).path))
    client = open_s3_client(endpoint_url=storage.endpoint_url, timeout=storage.timeout)
    return S3BlobStore(client, S3Location.parse(url), retries=storage.retries)
