"""Endpoints, deliveries and attempts in SQL (SQLite or PostgreSQL, the repository's engine)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.webhook_urls import (
    ENDPOINT_URL_COLUMNS,
    endpoint_url,
    find_endpoint,
    new_endpoint,
    submitted_webhook_url,
)
from resume_worker.adapters.webhooks.events import Event
from resume_worker.adapters.webhooks.sender import AttemptResult, Verdict
from resume_worker.privacy.crypto import Keyring

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


@dataclass(frozen=True)
class Delivery:
    """One event for one endpoint (`url` decrypted: never show it whole); `body` is what every
    attempt sends, byte for byte. While pending, `next_attempt_at` says when its next attempt is
    due; `schedule_from` is the number of the attempt its current retry schedule began with."""

    id: str
    event_id: str
    event_type: str
    tenant_id: str
    job_id: str
    endpoint_id: str
    url: str = field(repr=False)
    body: bytes
    status: str
    attempts: int
    error_code: str | None
    endpoint_disabled: bool
    created_at: datetime
    next_attempt_at: datetime | None = None
    schedule_from: int = 1


def _now() -> datetime:
    return datetime.now(UTC)


def _delivery(row: Any, keyring: Keyring) -> Delivery:
    return Delivery(
        id=row.id,
        event_id=row.event_id,
        event_type=row.event_type,
        tenant_id=row.tenant_id,
        job_id=row.job_id,
        endpoint_id=row.endpoint_id,
        url=endpoint_url(keyring, row),
        body=row.body.encode("utf-8"),
        status=row.status,
        attempts=row.attempts,
        error_code=row.error_code,
        endpoint_disabled=row.disabled_at is not None,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        schedule_from=row.schedule_from,
    )


DELIVERY_COLUMNS = (
    *t.webhook_deliveries.c,
    *ENDPOINT_URL_COLUMNS,
    t.webhook_endpoints.c.disabled_at,
)
DELIVERY_FROM = t.webhook_deliveries.join(t.webhook_endpoints)


class SqlWebhookStore:
    """Insert-or-get writes, so two runs of one job (a redelivered message) share one delivery.
    Endpoint URLs are sealed with `keyring` (adapters/sql/webhook_urls.py)."""

    def __init__(self, engine: AsyncEngine, writer: AsyncEngine, keyring: Keyring) -> None:
        self.engine = engine
        self.writer = writer
        self.keyring = keyring

    async def job_webhook_url(self, job_id: str) -> str | None:
        """The webhook URL the job was submitted with (the API's POST /v1/resumes), if any."""
        async with self.engine.connect() as conn:
            return await submitted_webhook_url(conn, self.keyring, job_id)

    async def open_delivery(self, url: str, event: Event) -> Delivery:
        """The delivery of `event` to the tenant's endpoint at `url`, created on first call."""
        endpoint_id = await self._endpoint(event.tenant_id, url)
        found = await self._find(endpoint_id, event.id)
        if found is not None:
            return found
        now = _now()
        row = {
            "id": str(uuid.uuid4()),
            "event_id": event.id,
            "event_type": event.type,
            "endpoint_id": endpoint_id,
            "tenant_id": event.tenant_id,
            "job_id": event.job_id,
            "body": event.body.decode("utf-8"),
            "status": PENDING,
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
            "next_attempt_at": now,
            "schedule_from": 1,
        }
        await self._insert_once(insert(t.webhook_deliveries).values(**row))
        found = await self._find(endpoint_id, event.id)
        assert found is not None  # inserted now or by the run that won the race
        return found

    async def get_delivery(self, delivery_id: str) -> Delivery | None:
        query = select(*DELIVERY_COLUMNS).select_from(DELIVERY_FROM)
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(query.where(t.webhook_deliveries.c.id == delivery_id))
            ).first()
        return _delivery(row, self.keyring) if row else None

    async def claim(self, delivery_id: str, *, lease_s: float, early_s: float) -> Delivery | None:
        """Take a pending delivery whose next attempt is due (up to `early_s` seconds early, for
        clocks a little apart) for one attempt: one conditional update pushes its due time
        `lease_s` ahead, so a second message for it, or a sweep, finds it not due meanwhile.
        None when it is not pending, not due, or not there."""
        now = _now()
        c = t.webhook_deliveries.c
        async with self.writer.begin() as conn:
            taken = await conn.execute(
                update(t.webhook_deliveries)
                .where(
                    c.id == delivery_id,
                    c.status == PENDING,
                    c.next_attempt_at <= now + timedelta(seconds=early_s),
                )
                .values(next_attempt_at=now + timedelta(seconds=lease_s), updated_at=now)
            )
        if taken.rowcount != 1:
            return None
        return await self.get_delivery(delivery_id)

    async def reschedule(self, delivery_id: str, at: datetime) -> None:
        """Still pending: the next attempt is due at `at`."""
        async with self.writer.begin() as conn:
            await conn.execute(
                update(t.webhook_deliveries)
                .where(t.webhook_deliveries.c.id == delivery_id)
                .values(next_attempt_at=at, updated_at=_now())
            )

    async def overdue(self, before: datetime, limit: int) -> list[str]:
        """Pending deliveries whose next attempt was due before `before`, oldest first."""
        c = t.webhook_deliveries.c
        query = (
            select(c.id)
            .where(c.status == PENDING, c.next_attempt_at < before)
            .order_by(c.next_attempt_at, c.id)
            .limit(limit)
        )
        async with self.engine.connect() as conn:
            return [str(found) for found in (await conn.execute(query)).scalars()]

    async def list_deliveries(
        self, *, tenant_id: str | None, status: str | None, limit: int
    ) -> list[Delivery]:
        """Newest first."""
        c = t.webhook_deliveries.c
        query = select(*DELIVERY_COLUMNS).select_from(DELIVERY_FROM)
        if tenant_id is not None:
            query = query.where(c.tenant_id == tenant_id)
        if status is not None:
            query = query.where(c.status == status)
        query = query.order_by(c.created_at.desc(), c.id).limit(limit)
        async with self.engine.connect() as conn:
            return [_delivery(row, self.keyring) for row in await conn.execute(query)]

    async def attempts(self, delivery_id: str) -> list[dict[str, Any]]:
        a = t.webhook_attempts.c
        query = select(t.webhook_attempts).where(a.delivery_id == delivery_id).order_by(a.id)
        async with self.engine.connect() as conn:
            return [dict(row._mapping) for row in await conn.execute(query)]

    async def record_attempt(
        self, delivery_id: str, started_at: datetime, result: AttemptResult
    ) -> int:
        """Store the attempt and count it on the delivery; returns the attempt's number."""
        c = t.webhook_deliveries.c
        async with self.writer.begin() as conn:
            counted = update(t.webhook_deliveries).where(c.id == delivery_id)
            number = (
                await conn.execute(
                    counted.values(attempts=c.attempts + 1, updated_at=_now()).returning(c.attempts)
                )
            ).scalar_one()
            await conn.execute(
                insert(t.webhook_attempts).values(
                    delivery_id=delivery_id,
                    number=number,
                    started_at=started_at,
                    duration_ms=result.duration_ms,
                    verdict=result.verdict.value,
                    status_code=result.status_code,
                    error=(result.error or "")[:200] or None,
                )
            )
        return int(number)

    async def finish(self, delivery: Delivery, verdict: Verdict, error_code: str | None) -> None:
        """Delivered, or failed with the error code; a 410 also disables the endpoint."""
        now = _now()
        status = DELIVERED if verdict is Verdict.DELIVERED else FAILED
        async with self.writer.begin() as conn:
            await conn.execute(
                update(t.webhook_deliveries)
                .where(t.webhook_deliveries.c.id == delivery.id)
                .values(
                    status=status,
                    error_code=error_code,
                    updated_at=now,
                    delivered_at=now if status == DELIVERED else None,
                    next_attempt_at=None,
                )
            )
            if verdict is Verdict.GONE:
                await _disable(conn, delivery.endpoint_id, "HTTP 410 Gone", now)

    async def reopen(self, delivery_id: str, *, enable_endpoint: bool) -> Delivery | None:
        """Make a delivery pending again (same event id and body), due now, on a new retry
        schedule beginning with its next attempt, for an operator's redelivery."""
        delivery = await self.get_delivery(delivery_id)
        if delivery is None:
            return None
        c = t.webhook_deliveries.c
        now = _now()
        async with self.writer.begin() as conn:
            await conn.execute(
                update(t.webhook_deliveries)
                .where(c.id == delivery_id)
                .values(
                    status=PENDING,
                    error_code=None,
                    updated_at=now,
                    next_attempt_at=now,
                    schedule_from=c.attempts + 1,
                )
            )
            if enable_endpoint:
                await conn.execute(
                    update(t.webhook_endpoints)
                    .where(t.webhook_endpoints.c.id == delivery.endpoint_id)
                    .values(disabled_at=None, disabled_reason=None)
                )
        return await self.get_delivery(delivery_id)

    async def _endpoint(self, tenant_id: str, url: str) -> str:
        query = find_endpoint(self.keyring, tenant_id, url)
        async with self.engine.connect() as conn:
            found = (await conn.execute(query)).scalar()
        if found is None:
            row = new_endpoint(self.keyring, tenant_id, url, _now())
            await self._insert_once(insert(t.webhook_endpoints).values(**row))
            async with self.engine.connect() as conn:
                found = (await conn.execute(query)).scalar_one()
        return str(found)

    async def _find(self, endpoint_id: str, event_id: str) -> Delivery | None:
        d = t.webhook_deliveries.c
        query = select(*DELIVERY_COLUMNS).select_from(DELIVERY_FROM)
        query = query.where(d.endpoint_id == endpoint_id, d.event_id == event_id)
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return _delivery(row, self.keyring) if row else None

    async def _insert_once(self, statement: Any) -> None:
        """Insert, or accept that a concurrent run inserted the same unique row first."""
        try:
            async with self.writer.begin() as conn:
                await conn.execute(statement)
        except IntegrityError:
            return


async def _disable(conn: AsyncConnection, endpoint_id: str, reason: str, now: datetime) -> None:
    await conn.execute(
        update(t.webhook_endpoints)
        .where(t.webhook_endpoints.c.id == endpoint_id)
        .values(disabled_at=now, disabled_reason=reason)
    )
