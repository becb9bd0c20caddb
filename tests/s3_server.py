"""An S3-compatible server on loopback for the storage tests: moto's server mode (the same HTTP
API as AWS S3 and MinIO) in a thread of the test process, on a free port."""

from __future__ import annotations

import uuid
from types import TracebackType
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from resume_worker.adapters.storage.s3_store import S3BlobStore, S3Location, open_s3_client

# moto accepts any credentials; the adapter reads them from the standard AWS variables.
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


class S3Server:
    """A started moto server; `endpoint` is its http://127.0.0.1:PORT URL."""

    def __init__(self) -> None:
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.endpoint = ""

    def __enter__(self) -> S3Server:
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.stop()

    def admin(self) -> Any:
        """A plain boto3 client for setting up and inspecting buckets."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=AWS_ENV["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=AWS_ENV["AWS_SECRET_ACCESS_KEY"],
            region_name=AWS_ENV["AWS_DEFAULT_REGION"],
        )

    def new_bucket(self) -> str:
        name = f"rw-{uuid.uuid4().hex[:12]}"
        self.admin().create_bucket(Bucket=name)
        return name

    def store(
        self,
        monkeypatch: pytest.MonkeyPatch,
        *,
        prefix: str = "blobs",
        retries: int = 2,
        timeout: float = 5,
    ) -> S3BlobStore:
        """An adapter on a new bucket, built the way services.py builds it."""
        for name, value in AWS_ENV.items():
            monkeypatch.setenv(name, value)
        client = open_s3_client(endpoint_url=self.endpoint, timeout=timeout)
        return S3BlobStore(client, S3Location(self.new_bucket(), prefix), retries=retries)
