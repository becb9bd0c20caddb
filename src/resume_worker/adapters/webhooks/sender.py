"""One delivery attempt over HTTP: vet the URL, sign, POST to the vetted address without
following redirects, and say what the answer means for the retry schedule."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

import httpx

from resume_worker.adapters.error_map import to_worker_error
from resume_worker.adapters.retry_after import parse_retry_after
from resume_worker.adapters.webhooks.signing import signature_header
from resume_worker.adapters.webhooks.ssrf import (
    AddressRefusedError,
    AllowList,
    Resolver,
    Target,
    UnresolvedHostError,
    system_resolver,
    vet,
)

USER_AGENT = "resume-worker-webhooks/1"


class Verdict(str, Enum):
    """What an attempt's result means: done, try again later, give up, or the endpoint is gone
    (HTTP 410: the receiver asks never to be called again, so the endpoint is disabled)."""

    DELIVERED = "delivered"
    RETRY = "retry"
    FAILED = "failed"
    GONE = "gone"


@dataclass(frozen=True)
class AttemptResult:
    """What one attempt did: never the response body, which is the receiver's data."""

    verdict: Verdict
    status_code: int | None = None
    error: str | None = None
    retry_after_s: float | None = None
    duration_ms: int = 0


def verdict_for(status: int) -> Verdict:
    """2xx delivered; 410 gone; 408, 429 and 5xx again later; redirects and other 4xx never."""
    if 200 <= status < 300:
        return Verdict.DELIVERED
    if status == 410:
        return Verdict.GONE
    if status in (408, 429) or status >= 500:
        return Verdict.RETRY
    return Verdict.FAILED


@dataclass(frozen=True)
class HttpSender:
    """Sends signed webhook requests. A new client per attempt: the connection is made to the
    address vetted for that attempt (with the URL's name as Host and TLS SNI), never from a
    pool, a proxy (trust_env off) or a redirect."""

    keys: tuple[bytes, ...]
    timeout_s: float
    https_only: bool
    allow: AllowList
    resolve: Resolver = system_resolver
    clock: Callable[[], float] = time.time
    # The CAs receivers' certificates are checked against (httpx's default: certifi), for the
    # URL's name, not for the pinned address. Built once: loading the CAs costs ~60 ms.
    tls: ssl.SSLContext = field(default_factory=httpx.create_ssl_context)

    async def attempt(self, url: str, msg_id: str, body: bytes) -> AttemptResult:
        began = time.monotonic()
        result = await self._attempt(url, msg_id, body)
        elapsed = int((time.monotonic() - began) * 1000)
        return AttemptResult(
            result.verdict, result.status_code, result.error, result.retry_after_s, elapsed
        )

    async def _attempt(self, url: str, msg_id: str, body: bytes) -> AttemptResult:
        try:
            async with asyncio.timeout(self.timeout_s):
                target = await vet(
                    url, https_only=self.https_only, allow=self.allow, resolve=self.resolve
                )
                return await self._post(target, msg_id, body)
        except AddressRefusedError as exc:
            return AttemptResult(Verdict.FAILED, error=f"refused: {exc}")
        except UnresolvedHostError as exc:
            return AttemptResult(Verdict.RETRY, error=str(exc))
        except TimeoutError:
            return AttemptResult(Verdict.RETRY, error="timed out")
        except (httpx.HTTPError, OSError) as exc:
            error = to_worker_error(exc, "webhook")
            verdict = Verdict.RETRY if error.retryable else Verdict.FAILED
            return AttemptResult(verdict, error=str(error.details["error_type"]))

    async def _post(self, target: Target, msg_id: str, body: bytes) -> AttemptResult:
        """POST without reading the answer's body: only its status and Retry-After count."""
        timestamp = int(self.clock())
        headers = {
            "host": target.host_header(),
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature_header(self.keys, msg_id, timestamp, body),
        }
        extensions = {"sni_hostname": target.url.host} if target.url.scheme == "https" else {}
        async with (
            httpx.AsyncClient(
                timeout=self.timeout_s,
                follow_redirects=False,
                trust_env=False,
                verify=self.tls,
            ) as client,
            client.stream(
                "POST", target.pinned_url(), content=body, headers=headers, extensions=extensions
            ) as response,
        ):
            status = response.status_code
            wait = parse_retry_after(response.headers)
        error = None if 200 <= status < 300 else f"HTTP {status}"
        return AttemptResult(verdict_for(status), status, error, wait)
