"""The API's SQL stores on SQLite and PostgreSQL: hashed keys, Idempotency-Key claims."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.api_keys import SqlApiKeys
from resume_worker.adapters.sql.engine import WRITE_OPTION, create_engine_for
from resume_worker.adapters.sql.migrations import upgrade_database
from resume_worker.adapters.sql.submissions import IN_FLIGHT_S, SqlSubmissions
from tests.privacy.test_crypto import random_keyring
from tests.stored_data import Store


def with_stores(
    store: Store, body: Callable[[SqlApiKeys, SqlSubmissions], Awaitable[None]]
) -> None:
    url = store.database.url if store.database else f"sqlite:///{store.data / 'resume-worker.db'}"
    store.data.mkdir(parents=True, exist_ok=True)
    upgrade_database(url)

    async def run() -> None:
        engine = create_engine_for(url, busy_timeout_s=5)
        writer = engine.execution_options(**{WRITE_OPTION: True})
        try:
            await body(SqlApiKeys(engine, writer), SqlSubmissions(engine, writer, random_keyring()))
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_keys_are_stored_as_digests_and_revocable(store: Store) -> None:
    """The token authenticates, is stored only as its SHA-256, and stops working when revoked;
    a token with a right id and a wrong secret, or another shape, does not authenticate."""

    async def body(keys: SqlApiKeys, _: SqlSubmissions) -> None:
        key, token = await keys.create_key("t1", ["jobs:read", "pii:read"], "ci")
        assert token.startswith(f"rwk_{key.id}_") and len(token) == 4 + 12 + 1 + 43
        found = await keys.authenticate(token)
        assert found is not None and found.tenant_id == "t1"
        assert found.scopes == {"jobs:read", "pii:read"}
        wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
        for bad in (wrong, token + "A", "", "rwk_x_y", token.replace("rwk_", "xyz_")):
            assert await keys.authenticate(bad) is None
        assert [k.id for k in await keys.list_keys("t1")] == [key.id]
        assert await keys.list_keys("t2") == []
        assert await keys.revoke_key(key.id) and not await keys.revoke_key(key.id)
        assert await keys.authenticate(token) is None

    with_stores(store, body)
    rows = store.rows("SELECT secret_sha256, scopes FROM api_keys")
    digest, scopes = rows[0]
    assert len(digest) == 64 and scopes == "jobs:read pii:read"
    assert all(b"rwk_" not in blob for blob in store.written_bytes().values())
    assert digest != hashlib.sha256(b"").hexdigest()


def test_idempotency_claims(store: Store) -> None:
    """A key is claimed once per tenant; the holder's fingerprint and job are reported; a
    released claim frees the key; an abandoned one is taken over after the in-flight window;
    requests without a key never collide."""

    async def body(_: SqlApiKeys, subs: SqlSubmissions) -> None:
        first = await subs.claim("t1", "k", "f1", "https://hooks.example/a")
        assert first.fresh
        held = await subs.claim("t1", "k", "f2", None)
        assert (held.fresh, held.id, held.fingerprint, held.job_id) == (False, first.id, "f1", None)
        assert (await subs.claim("t2", "k", "f1", None)).fresh
        assert (await subs.claim("t1", None, "f1", None)).fresh
        assert (await subs.claim("t1", None, "f1", None)).fresh
        await subs.bind(first.id, "job-1")
        assert (await subs.claim("t1", "k", "f1", None)).job_id == "job-1"
        assert await subs.webhook_url("job-1") == "https://hooks.example/a"
        await subs.release(first.id)  # a bound claim is kept
        assert (await subs.claim("t1", "k", "f1", None)).job_id == "job-1"
        lost = await subs.claim("t1", "lost", "f1", None)
        await subs.release(lost.id)
        assert (await subs.claim("t1", "lost", "f3", None)).fresh
        old = datetime.now(UTC) - timedelta(seconds=IN_FLIGHT_S + 5)
        async with subs.writer.begin() as conn:
            await conn.execute(
                update(t.api_submissions)
                .where(t.api_submissions.c.idempotency_key == "lost")
                .values(created_at=old)
            )
        taken = await subs.claim("t1", "lost", "f4", None)
        assert taken.fresh and taken.fingerprint == "f4"

    with_stores(store, body)
