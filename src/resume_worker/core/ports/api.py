"""The HTTP API's stores: per-tenant API keys and submissions (Idempotency-Keys, webhook URLs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

API_SCOPES = (
    "resumes:write",
    "jobs:read",
    "candidates:read",
    "pii:read",
    "candidates:delete",
    "search:read",
)


@dataclass(frozen=True)
class ApiKey:
    """A tenant's API key as stored: its public id and scopes (the token itself is never kept)."""

    id: str
    tenant_id: str
    name: str
    scopes: frozenset[str]
    created_at: datetime
    revoked_at: datetime | None = None


class ApiKeys(Protocol):
    """Per-tenant API keys stored as SHA-256 digests of random tokens."""

    async def create_key(
        self, tenant_id: str, scopes: Sequence[str], name: str
    ) -> tuple[ApiKey, str]:
        """A new key and its token; the token is shown once and only its digest is stored."""
        ...

    async def authenticate(self, token: str) -> ApiKey | None:
        """The live key the token belongs to (constant-time digest comparison), else None."""
        ...

    async def list_keys(self, tenant_id: str | None) -> list[ApiKey]: ...

    async def revoke_key(self, key_id: str) -> bool:
        """Revoke a live key; False when there is no such live key."""
        ...


@dataclass(frozen=True)
class Claim:
    """The answer to claiming an Idempotency-Key: `fresh` when this request owns it now;
    otherwise the earlier request's fingerprint and job (None while it is still in flight)."""

    id: str
    fresh: bool
    fingerprint: str
    job_id: str | None


class Submissions(Protocol):
    """Uploads accepted through the API: Idempotency-Keys per tenant and webhook URLs per job."""

    async def claim(
        self,
        tenant_id: str,
        idempotency_key: str | None,
        fingerprint: str,
        webhook_url: str | None,
    ) -> Claim:
        """Take the key for this request, or report who holds it (no key: always fresh). A claim
        left without a job for longer than the in-flight window is taken over."""
        ...

    async def bind(self, claim_id: str, job_id: str) -> None: ...

    async def release(self, claim_id: str) -> None:
        """Drop a claim whose request failed before it made a job, so the key can be retried."""
        ...

    async def webhook_url(self, job_id: str) -> str | None: ...
