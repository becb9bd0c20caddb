"""Webhook URLs in SQL, the one place that writes and reads them: sealed per row with the keyring
(privacy/webhook_urls.py), an endpoint found by its URL's keyed digest, and the plaintext columns
of rows an older version wrote read until `encrypt_stored_webhook_urls` seals them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.engine import truncate_wal
from resume_worker.privacy.crypto import Keyring
from resume_worker.privacy.keys.usage import persist_key_usage
from resume_worker.privacy.webhook_urls import (
    ENDPOINT_URL_FIELD,
    SUBMISSION_URL_FIELD,
    open_webhook_url,
    seal_webhook_url,
    webhook_url_digest,
)

if TYPE_CHECKING:
    from resume_worker.adapters.sql.repository import SqlRepository

# Rows sealed per write transaction by encrypt_stored_webhook_urls.
SEAL_BATCH = 200
# What a delivery row needs from its endpoint to know the URL (with the delivery's tenant and
# endpoint id).
ENDPOINT_URL_COLUMNS = (t.webhook_endpoints.c.url_enc, t.webhook_endpoints.c.url)


def submission_url_values(
    keyring: Keyring, url: str | None, *, tenant_id: str, submission_id: str
) -> dict[str, bytes | None]:
    """The columns that store a submission's webhook URL: sealed, or none without a URL."""
    sealed = None
    if url is not None:
        sealed = seal_webhook_url(
            keyring, url, tenant_id=tenant_id, row_id=submission_id, field=SUBMISSION_URL_FIELD
        )
    return {"webhook_url_enc": sealed}


async def submitted_webhook_url(conn: AsyncConnection, keyring: Keyring, job_id: str) -> str | None:
    """The webhook URL the job was submitted with through the API, if any."""
    s = t.api_submissions.c
    query = select(s.id, s.tenant_id, s.webhook_url_enc, s.webhook_url).where(s.job_id == job_id)
    row = (await conn.execute(query)).first()
    if row is None:
        return None
    return open_webhook_url(
        keyring,
        row.webhook_url_enc,
        row.webhook_url,
        tenant_id=row.tenant_id,
        row_id=row.id,
        field=SUBMISSION_URL_FIELD,
    )


def endpoint_url(keyring: Keyring, row: Any) -> str:
    """The URL of a delivery row's endpoint (the row has ENDPOINT_URL_COLUMNS, its tenant_id
    and endpoint_id)."""
    url = open_webhook_url(
        keyring,
        row.url_enc,
        row.url,
        tenant_id=row.tenant_id,
        row_id=row.endpoint_id,
        field=ENDPOINT_URL_FIELD,
    )
    assert url is not None  # every endpoint holds its URL, sealed or (older rows) not
    return url


def find_endpoint(keyring: Keyring, tenant_id: str, url: str) -> Select[tuple[str]]:
    """The id of the tenant's endpoint for `url`: by digest, or an older row's plaintext."""
    e = t.webhook_endpoints.c
    digest = webhook_url_digest(keyring, tenant_id, url)
    older = and_(e.url_digest.is_(None), e.url == url)
    return (
        select(e.id)
        .where(e.tenant_id == tenant_id, or_(e.url_digest == digest, older))
        .order_by(e.url_digest.is_(None), e.id)
        .limit(1)
    )


def new_endpoint(keyring: Keyring, tenant_id: str, url: str, now: datetime) -> dict[str, Any]:
    """A webhook_endpoints row for the tenant's `url`, sealed and with its digest."""
    endpoint_id = str(uuid.uuid4())
    return {
        "id": endpoint_id,
        "tenant_id": tenant_id,
        "url_enc": seal_webhook_url(
            keyring, url, tenant_id=tenant_id, row_id=endpoint_id, field=ENDPOINT_URL_FIELD
        ),
        "url_digest": webhook_url_digest(keyring, tenant_id, url),
        "created_at": now,
    }


async def encrypt_stored_webhook_urls(repository: SqlRepository, keyring: Keyring) -> int:
    """Seal the webhook URLs an older version stored in plaintext (API submissions, webhook
    endpoints) and NULL the plaintext; returns how many rows it sealed.

    Migrations have no keys, so this runs after them: at a worker's start and from the
    operator's maintenance command. Batches of one write transaction each, their encryptions
    added to the key counters; a row is rewritten only while it still holds the plaintext just
    read, so it is safe beside running workers and to run again. On SQLite the old bytes are
    zeroed where they were (secure_delete) and the WAL is truncated after, unless a reader
    holds it (then at a later checkpoint); on PostgreSQL dead row versions keep them until a
    VACUUM of the two tables, which is the caller's to run."""
    sealed = 0
    for seal_batch in (_seal_submissions, _seal_endpoints):
        while True:
            async with repository.writer.begin() as conn:
                seen, changed = await seal_batch(conn, keyring)
            await persist_key_usage(keyring, repository)
            sealed += changed
            if seen < SEAL_BATCH:
                break
    if sealed:
        await truncate_wal(repository.engine)
    return sealed


async def _seal_submissions(conn: AsyncConnection, keyring: Keyring) -> tuple[int, int]:
    """One batch of plaintext submission URLs: (rows read, rows sealed)."""
    s = t.api_submissions.c
    query = select(s.id, s.tenant_id, s.webhook_url).where(s.webhook_url.is_not(None))
    rows = (await conn.execute(query.order_by(s.id).limit(SEAL_BATCH))).all()
    changed = 0
    for row in rows:
        values = submission_url_values(
            keyring, row.webhook_url, tenant_id=row.tenant_id, submission_id=row.id
        )
        result = await conn.execute(
            update(t.api_submissions)
            .where(s.id == row.id, s.webhook_url == row.webhook_url)
            .values(**values, webhook_url=None)
        )
        changed += result.rowcount
    return len(rows), changed


async def _seal_endpoints(conn: AsyncConnection, keyring: Keyring) -> tuple[int, int]:
    """One batch of plaintext endpoint URLs: (rows read, rows sealed). A row whose URL another
    endpoint of its tenant already has sealed (written meanwhile by an older version beside a
    newer one) is sealed without a digest: its deliveries keep it, lookups find the other."""
    e = t.webhook_endpoints.c
    query = select(e.id, e.tenant_id, e.url).where(e.url.is_not(None))
    rows = (await conn.execute(query.order_by(e.id).limit(SEAL_BATCH))).all()
    changed = 0
    for row in rows:
        digest: str | None = webhook_url_digest(keyring, row.tenant_id, row.url)
        twin = select(e.id).where(e.tenant_id == row.tenant_id, e.url_digest == digest)
        if (await conn.execute(twin)).first() is not None:
            digest = None
        sealed = seal_webhook_url(
            keyring, row.url, tenant_id=row.tenant_id, row_id=row.id, field=ENDPOINT_URL_FIELD
        )
        result = await conn.execute(
            update(t.webhook_endpoints)
            .where(e.id == row.id, e.url == row.url)
            .values(url_enc=sealed, url_digest=digest, url=None)
        )
        changed += result.rowcount
    return len(rows), changed
