"""The fake API stores: API keys and Idempotency-Key claims in dicts."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from resume_worker.core.ports.api import ApiKey, Claim

# How long a claim without a job holds its key before the next request takes it over.
IN_FLIGHT_S = 300


def utc_now() -> datetime:
    return datetime.now(UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class MemoryApiKeys:
    """Keys in a dict; as in the SQL store a token is kept only as its SHA-256, compared in
    constant time, and revoked keys stay listed with their revocation time."""

    def __init__(self, clock: Callable[[], datetime] = utc_now) -> None:
        self.clock = clock
        self.keys: dict[str, ApiKey] = {}
        self.digests: dict[str, str] = {}

    async def create_key(
        self, tenant_id: str, scopes: Sequence[str], name: str
    ) -> tuple[ApiKey, str]:
        key_id = secrets.token_hex(6)
        token = f"rwk_{key_id}_{secrets.token_urlsafe(32)}"
        key = ApiKey(key_id, tenant_id, name, frozenset(scopes), self.clock())
        self.keys[key_id] = key
        self.digests[key_id] = _digest(token)
        return key, token

    async def authenticate(self, token: str) -> ApiKey | None:
        digest = _digest(token)
        for key_id, stored in self.digests.items():
            key = self.keys[key_id]
            if hmac.compare_digest(stored, digest) and key.revoked_at is None:
                return key
        return None

    async def list_keys(self, tenant_id: str | None) -> list[ApiKey]:
        found = [k for k in self.keys.values() if tenant_id in (None, k.tenant_id)]
        return sorted(found, key=lambda k: (k.created_at, k.id))

    async def revoke_key(self, key_id: str) -> bool:
        key = self.keys.get(key_id)
        if key is None or key.revoked_at is not None:
            return False
        self.keys[key_id] = replace(key, revoked_at=self.clock())
        return True


@dataclass
class Submission:
    """One accepted upload: its claim on an Idempotency-Key (or none) and the job it made."""

    id: str
    tenant_id: str
    idempotency_key: str | None
    fingerprint: str
    webhook_url: str | None
    created_at: datetime
    job_id: str | None = None


class MemorySubmissions:
    """Claims in a dict, one per (tenant, Idempotency-Key); a claim left without a job for
    longer than `in_flight_s` (by `clock`) is taken over, as in the SQL store."""

    def __init__(
        self, *, in_flight_s: float = IN_FLIGHT_S, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.in_flight_s = in_flight_s
        self.clock = clock
        self.rows: dict[str, Submission] = {}

    async def claim(
        self,
        tenant_id: str,
        idempotency_key: str | None,
        fingerprint: str,
        webhook_url: str | None,
    ) -> Claim:
        held = self._holder(tenant_id, idempotency_key)
        if held is not None:
            return Claim(held.id, fresh=False, fingerprint=held.fingerprint, job_id=held.job_id)
        row = Submission(
            str(uuid.uuid4()), tenant_id, idempotency_key, fingerprint, webhook_url, self.clock()
        )
        self.rows[row.id] = row
        return Claim(row.id, fresh=True, fingerprint=fingerprint, job_id=None)

    def _holder(self, tenant_id: str, idempotency_key: str | None) -> Submission | None:
        """The claim holding the key, after dropping one that was abandoned."""
        if idempotency_key is None:
            return None
        for row in list(self.rows.values()):
            if (row.tenant_id, row.idempotency_key) != (tenant_id, idempotency_key):
                continue
            abandoned = self.clock() - row.created_at > timedelta(seconds=self.in_flight_s)
            if row.job_id is None and abandoned:
                del self.rows[row.id]
                return None
            return row
        return None

    async def bind(self, claim_id: str, job_id: str) -> None:
        if claim_id in self.rows:
            self.rows[claim_id].job_id = job_id

    async def release(self, claim_id: str) -> None:
        row = self.rows.get(claim_id)
        if row is not None and row.job_id is None:
            del self.rows[claim_id]

    async def webhook_url(self, job_id: str) -> str | None:
        for row in self.rows.values():
            if row.job_id == job_id:
                return row.webhook_url
        return None
