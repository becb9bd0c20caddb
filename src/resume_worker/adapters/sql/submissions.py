"""API submissions in SQL: one row per accepted upload, unique per (tenant, Idempotency-Key).

The unique constraint decides between two requests racing with one key: the second insert fails
and reads the first's row instead. A row still without a job after IN_FLIGHT_S was left by a
request that died between claiming and accepting; the next request with that key takes it over.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.webhook_urls import submission_url_values, submitted_webhook_url
from resume_worker.core.errors import ErrorCode, RetryableError
from resume_worker.core.ports.api import Claim
from resume_worker.privacy.crypto import Keyring

IN_FLIGHT_S = 300


class SqlSubmissions:
    """Implements ports.Submissions on the repository's engine (`writer`: write transactions);
    webhook URLs are sealed with `keyring` (adapters/sql/webhook_urls.py)."""

    def __init__(self, engine: AsyncEngine, writer: AsyncEngine, keyring: Keyring) -> None:
        self.engine = engine
        self.writer = writer
        self.keyring = keyring

    async def claim(
        self,
        tenant_id: str,
        idempotency_key: str | None,
        fingerprint: str,
        webhook_url: str | None,
    ) -> Claim:
        for _ in range(2):  # a second pass after taking over an abandoned claim
            claim_id = str(uuid.uuid4())
            url = submission_url_values(
                self.keyring, webhook_url, tenant_id=tenant_id, submission_id=claim_id
            )
            try:
                async with self.writer.begin() as conn:
                    await conn.execute(
                        insert(t.api_submissions).values(
                            id=claim_id,
                            tenant_id=tenant_id,
                            idempotency_key=idempotency_key,
                            fingerprint=fingerprint,
                            created_at=datetime.now(UTC),
                            **url,
                        )
                    )
                return Claim(claim_id, fresh=True, fingerprint=fingerprint, job_id=None)
            except IntegrityError:
                held = await self._held(tenant_id, idempotency_key)
                if held is not None:
                    return held
        raise RetryableError(
            "the Idempotency-Key changed hands while claiming it; retry the request",
            ErrorCode.DB_CONNECTION,
        )

    async def _held(self, tenant_id: str, idempotency_key: str | None) -> Claim | None:
        """The claim holding the key, or None after deleting one that was abandoned."""
        s = t.api_submissions.c
        async with self.writer.begin() as conn:
            row = (
                await conn.execute(
                    select(s.id, s.fingerprint, s.job_id, s.created_at).where(
                        s.tenant_id == tenant_id, s.idempotency_key == idempotency_key
                    )
                )
            ).first()
            if row is None:
                return None
            created = row.created_at
            if row.job_id is None and datetime.now(UTC) - created > timedelta(seconds=IN_FLIGHT_S):
                await conn.execute(delete(t.api_submissions).where(s.id == row.id))
                return None
        return Claim(row.id, fresh=False, fingerprint=row.fingerprint, job_id=row.job_id)

    async def bind(self, claim_id: str, job_id: str) -> None:
        async with self.writer.begin() as conn:
            await conn.execute(
                update(t.api_submissions)
                .where(t.api_submissions.c.id == claim_id)
                .values(job_id=job_id)
            )

    async def release(self, claim_id: str) -> None:
        async with self.writer.begin() as conn:
            await conn.execute(
                delete(t.api_submissions).where(
                    t.api_submissions.c.id == claim_id, t.api_submissions.c.job_id.is_(None)
                )
            )

    async def webhook_url(self, job_id: str) -> str | None:
        async with self.engine.connect() as conn:
            return await submitted_webhook_url(conn, self.keyring, job_id)
