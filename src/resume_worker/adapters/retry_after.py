"""How long a failed response asked us to wait: Retry-After and retry-after-ms, for every SDK.

adapters/error_map.py stores the answer in our error's `details["retry_after_s"]`, where the one
retry loop (core/retry.py) reads it; the webhook sender reads a receiver's headers directly.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any


def retry_after_seconds(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms, Retry-After seconds or HTTP date).

    Looks at `exc` and its `__cause__` chain for a response (httpx/openai, or botocore's dict);
    the first response found decides, and None means it asked nothing (or there was none).
    """
    for current in _chain(exc):
        headers = response_headers(getattr(current, "response", None))
        if headers is not None:
            return parse_retry_after(headers)
    return None


def response_headers(response: Any) -> Any | None:
    """The headers of an httpx/openai response, or of botocore's parsed response: a dict whose
    `ResponseMetadata.HTTPHeaders` holds them with lower-cased names; None for anything else."""
    if isinstance(response, dict):
        metadata = response.get("ResponseMetadata")
        headers = metadata.get("HTTPHeaders") if isinstance(metadata, dict) else None
        return headers if isinstance(headers, dict) else None
    headers = getattr(response, "headers", None)
    return headers if headers is not None and hasattr(headers, "get") else None


def parse_retry_after(headers: Any) -> float | None:
    """Seconds a response's headers ask for (retry-after-ms, Retry-After seconds or HTTP date).

    Names are looked up in lower case: httpx headers ignore case and botocore lower-cases them.
    """
    millis = _finite(headers.get("retry-after-ms"))
    if millis is not None:
        return max(0.0, millis / 1000)
    value = headers.get("retry-after")
    if not isinstance(value, str) or not value.strip():
        return None
    seconds = _finite(value)
    if seconds is not None:
        return max(0.0, seconds)
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError):
        return None
    return None if when.tzinfo is None else max(0.0, (when - datetime.now(UTC)).total_seconds())


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    current: BaseException | None = exc
    for _ in range(8):  # a cause chain is short; the bound guards against cycles
        if current is None:
            return
        yield current
        current = current.__cause__
