"""Retry-After read from httpx, openai and botocore failures: seconds, milliseconds, HTTP dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import botocore.exceptions
import httpx
import httpx2
import openai
import pytest

from resume_worker.adapters.error_map import to_worker_error
from resume_worker.adapters.retry_after import retry_after_seconds

PII = "Kim Minsu kim@example.com 010-1234-5678 resume.pdf"


def _aws(code: str, status: int, headers: dict[str, str] | None = None) -> Exception:
    """A botocore ClientError as S3 answers it; botocore keeps the headers, lower-cased, in
    ResponseMetadata.HTTPHeaders."""
    metadata: dict[str, Any] = {"HTTPStatusCode": status}
    if headers is not None:
        metadata["HTTPHeaders"] = headers
    response: Any = {"Error": {"Code": code, "Message": PII}, "ResponseMetadata": metadata}
    error: Exception = botocore.exceptions.ClientError(response, "GetObject")
    return error


def _httpx_429(**headers: str) -> httpx.HTTPStatusError:
    request = httpx.Request("GET", "http://127.0.0.1:9/")
    response = httpx.Response(429, request=request, headers=headers)
    return httpx.HTTPStatusError("rate limited", request=request, response=response)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "2.5"}, 2.5),
        ({"Retry-After": "-3"}, 0.0),
        ({"retry-after-ms": "1500", "Retry-After": "9"}, 1.5),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "nan"}, None),
        ({}, None),
    ],
)
def test_retry_after_reads_seconds_and_milliseconds(
    headers: dict[str, str], expected: float | None
) -> None:
    """Retry-After in seconds and retry-after-ms are read; junk is ignored."""
    assert retry_after_seconds(_httpx_429(**headers)) == expected


def test_retry_after_reads_http_dates() -> None:
    """An HTTP-date Retry-After gives the seconds until then (zero when already past)."""
    future = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    past = format_datetime(datetime.now(UTC) - timedelta(seconds=120), usegmt=True)
    wait = retry_after_seconds(_httpx_429(**{"Retry-After": future}))
    assert wait is not None and 115 <= wait <= 120
    assert retry_after_seconds(_httpx_429(**{"Retry-After": past})) == 0.0


def test_retry_after_from_openai_errors_and_through_our_errors() -> None:
    """openai errors are read too, and our mapped error carries the wait and its cause."""
    request = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    response = httpx2.Response(429, request=request, headers={"retry-after": "3"})
    exc = openai.RateLimitError(PII, response=response, body={"error": {"message": PII}})
    assert retry_after_seconds(exc) == 3.0
    error = to_worker_error(exc, "llm")
    assert error.details["retry_after_s"] == 3.0 and error.details["status"] == 429
    assert retry_after_seconds(error) == 3.0
    assert retry_after_seconds(TimeoutError()) is None


def test_retry_after_from_botocore_response_metadata() -> None:
    """botocore's ClientError keeps its headers, lower-cased, in ResponseMetadata.HTTPHeaders:
    Retry-After is read there too, and reaches our storage error; none asked, none given."""
    assert retry_after_seconds(_aws("SlowDown", 503, {"retry-after": "2"})) == 2.0
    assert retry_after_seconds(_aws("SlowDown", 503, {"retry-after-ms": "750"})) == 0.75
    assert retry_after_seconds(_aws("SlowDown", 503, {"content-type": "text/xml"})) is None
    assert retry_after_seconds(_aws("SlowDown", 503)) is None
    error = to_worker_error(_aws("SlowDown", 503, {"retry-after": "2"}), "storage")
    assert error.retryable and error.details["retry_after_s"] == 2.0
    assert retry_after_seconds(botocore.exceptions.ClientError({}, "GetObject")) is None
