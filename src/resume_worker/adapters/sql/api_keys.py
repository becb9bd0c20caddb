"""API keys in SQL: random tokens shown once, stored as SHA-256 digests, found by a public id.

A token reads `rwk_<id>_<secret>`: `id` is 12 hex characters stored in the clear to find the row,
`secret` is 32 random bytes (URL-safe base64). Only the SHA-256 of the whole token is stored, and
it is compared in constant time. A fast hash is enough here: the secret has 256 bits of entropy,
so there is nothing to brute-force, unlike a password.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.core.ports.api import ApiKey

TOKEN_PREFIX = "rwk"  # noqa: S105 - the public prefix of a token, not a secret
TOKEN_SHAPE = re.compile(r"^rwk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
# Compared against when the id matches no key, so a miss costs what a hit costs.
_NO_DIGEST = hashlib.sha256(b"no such key").hexdigest()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def mint_token() -> tuple[str, str]:
    """A new (key id, token) pair."""
    key_id = secrets.token_hex(6)
    return key_id, f"{TOKEN_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"


def _key(row: Any) -> ApiKey:
    return ApiKey(
        id=row.id,
        tenant_id=row.tenant_id,
        name=row.name,
        scopes=frozenset(row.scopes.split()),
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


class SqlApiKeys:
    """Implements ports.ApiKeys on the repository's engine (`writer`: its write transactions)."""

    def __init__(self, engine: AsyncEngine, writer: AsyncEngine) -> None:
        self.engine = engine
        self.writer = writer

    async def create_key(
        self, tenant_id: str, scopes: Sequence[str], name: str
    ) -> tuple[ApiKey, str]:
        key_id, token = mint_token()
        key = ApiKey(key_id, tenant_id, name, frozenset(scopes), datetime.now(UTC))
        async with self.writer.begin() as conn:
            await conn.execute(
                insert(t.api_keys).values(
                    id=key.id,
                    tenant_id=key.tenant_id,
                    name=key.name,
                    secret_sha256=token_digest(token),
                    scopes=" ".join(sorted(key.scopes)),
                    created_at=key.created_at,
                )
            )
        return key, token

    async def authenticate(self, token: str) -> ApiKey | None:
        shape = TOKEN_SHAPE.match(token)
        if shape is None:
            return None
        k = t.api_keys.c
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(t.api_keys).where(k.id == shape.group(1), k.revoked_at.is_(None))
                )
            ).first()
        stored = row.secret_sha256 if row is not None else _NO_DIGEST
        if not hmac.compare_digest(stored, token_digest(token)) or row is None:
            return None
        return _key(row)

    async def list_keys(self, tenant_id: str | None) -> list[ApiKey]:
        query = select(t.api_keys).order_by(t.api_keys.c.created_at, t.api_keys.c.id)
        if tenant_id is not None:
            query = query.where(t.api_keys.c.tenant_id == tenant_id)
        async with self.engine.connect() as conn:
            return [_key(row) for row in await conn.execute(query)]

    async def revoke_key(self, key_id: str) -> bool:
        k = t.api_keys.c
        async with self.writer.begin() as conn:
            changed = await conn.execute(
                update(t.api_keys)
                .where(k.id == key_id, k.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
        return changed.rowcount == 1
