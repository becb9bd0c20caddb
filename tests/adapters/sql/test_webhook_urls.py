"""Webhook URLs an older version stored in plaintext, on SQLite and PostgreSQL: after the upgrade
they keep working as they are, encrypt_stored_webhook_urls seals them (once), and afterwards no
byte of them is left in the database (the SQLite file and its WAL, or a pg_dump). Sealed URLs
are counted by `keys check` and moved to a new key by `keys rotate`."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import insert, select

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.engine import create_engine_for
from resume_worker.adapters.sql.migrations import upgrade_database
from resume_worker.adapters.sql.repository import SqlRepository
from resume_worker.adapters.sql.submissions import SqlSubmissions
from resume_worker.adapters.sql.webhook_urls import encrypt_stored_webhook_urls
from resume_worker.adapters.webhooks import SqlWebhookStore
from resume_worker.adapters.webhooks.events import Event, job_event
from resume_worker.privacy.crypto import Keyring, parse_keyring
from resume_worker.privacy.keys.rotation import rotate_keys
from tests.adapters.webhooks.test_delivery import ended
from tests.fakes.blobs import MemoryBlobStore
from tests.privacy.test_crypto import b64, random_keyring
from tests.stored_data import Store

T = TypeVar("T")
TOKEN = "tok-7c1e9b44d2"
SUBMITTED = f"https://submitted.example/in?token={TOKEN}-a"
ENDPOINT = f"https://endpoint.example/hook/{TOKEN}-b"
KEYRING = random_keyring()
NOW = datetime(2026, 1, 2, tzinfo=UTC)


def database_url(store: Store) -> str:
    store.data.mkdir(parents=True, exist_ok=True)
    return store.database.url if store.database else f"sqlite:///{store.data / 'resume-worker.db'}"


def on_repository(url: str, body: Callable[[SqlRepository, SqlWebhookStore], Awaitable[T]]) -> T:
    """`body` on a repository and the delivery log of the database, closed after."""

    async def scenario() -> T:
        repository = SqlRepository(create_engine_for(url, busy_timeout_s=5))
        try:
            store = SqlWebhookStore(repository.engine, repository.writer, KEYRING)
            return await body(repository, store)
        finally:
            await repository.close()

    return asyncio.run(scenario())


def event() -> Event:
    found = job_event(*ended(), NOW)
    assert found is not None
    return found


def old_database(store: Store) -> str:
    """A database at 0011 (before URLs were sealed) holding a submission and an endpoint with
    plaintext URLs, written as that version's code wrote them (WAL on SQLite)."""
    url = database_url(store)
    config = Config()
    config.set_main_option("script_location", "resume_worker.adapters.sql:alembic")
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "0011")

    async def write(repository: SqlRepository, _: SqlWebhookStore) -> None:
        async with repository.writer.begin() as conn:
            await conn.execute(
                insert(t.api_submissions).values(
                    id="s1", tenant_id="tenant-a", fingerprint="f" * 64, job_id="job-old",
                    webhook_url=SUBMITTED, created_at=NOW,
                )
            )  # fmt: skip
            await conn.execute(
                insert(t.webhook_endpoints).values(
                    id="e1", tenant_id="tenant-a", url=ENDPOINT, created_at=NOW
                )
            )

    on_repository(url, write)
    return url


async def urls_in_use(store: SqlWebhookStore, events: list[Event]) -> list[Any]:
    """The submitted URL of the old job, then for each event the endpoint and URL its delivery
    to ENDPOINT has."""
    found: list[Any] = [await store.job_webhook_url("job-old")]
    for each in events:
        delivery = await store.open_delivery(ENDPOINT, each)
        again = await store.get_delivery(delivery.id)
        assert again is not None
        found.append((again.endpoint_id, again.url))
    return found


def test_plaintext_urls_work_until_sealed_then_leave_no_trace(store: Store) -> None:
    """Upgraded, the old rows are read and found as they are (the old endpoint is reused, not
    duplicated); sealing rewrites both rows (a second run none); every read gives the same
    URLs after; the token is in no byte of the database any more, while it is still open
    (as beside running workers) and after."""
    url = old_database(store)
    assert any(TOKEN.encode() in data for data in store.written_bytes().values())
    upgrade_database(url)
    before, after = event(), event()

    def leaks() -> list[str]:
        return [name for name, data in store.written_bytes().items() if TOKEN.encode() in data]

    async def upgrade(repository: SqlRepository, log: SqlWebhookStore) -> tuple[Any, ...]:
        old = await urls_in_use(log, [before])
        sealed = await encrypt_stored_webhook_urls(repository, KEYRING)
        again = await encrypt_stored_webhook_urls(repository, KEYRING)
        left = leaks()
        new = await urls_in_use(log, [before, after])
        submissions = SqlSubmissions(repository.engine, repository.writer, KEYRING)
        submitted = await submissions.webhook_url("job-old")
        async with repository.engine.connect() as conn:
            endpoints = (await conn.execute(select(t.webhook_endpoints))).all()
        return old, sealed, again, left, new, submitted, endpoints, await repository.key_usage()

    old, sealed, again, left, new, submitted, endpoints, usage = on_repository(url, upgrade)
    assert old == [SUBMITTED, ("e1", ENDPOINT)]
    assert (sealed, again, left) == (2, 0, [])
    assert new == [SUBMITTED, ("e1", ENDPOINT), ("e1", ENDPOINT)] and submitted == SUBMITTED
    (endpoint,) = endpoints
    assert (endpoint.id, endpoint.url) == ("e1", None) and endpoint.url_enc and endpoint.url_digest
    assert usage == {KEYRING.primary_key_id: 2}
    assert leaks() == []


def test_an_old_twin_of_a_sealed_endpoint_is_sealed_without_a_digest(store: Store) -> None:
    """An endpoint an older version wrote in plaintext beside a sealed one for the same URL is
    sealed too, without a digest: its deliveries keep their URL, lookups find the sealed one."""
    url = database_url(store)
    upgrade_database(url)
    first, second = event(), event()

    async def twins(repository: SqlRepository, store: SqlWebhookStore) -> tuple[Any, ...]:
        sealed_one = await store.open_delivery(ENDPOINT, first)
        async with repository.writer.begin() as conn:
            row = {"id": "old-twin", "tenant_id": "tenant-a", "url": ENDPOINT, "created_at": NOW}
            await conn.execute(insert(t.webhook_endpoints).values(**row))
        old = await store.open_delivery(ENDPOINT, second)
        assert old.endpoint_id == sealed_one.endpoint_id  # the sealed one is preferred
        await encrypt_stored_webhook_urls(repository, KEYRING)
        e = t.webhook_endpoints.c
        async with repository.engine.connect() as conn:
            query = select(e.id, e.url, e.url_digest.is_not(None)).order_by(e.id)
            rows = [tuple(r) for r in await conn.execute(query)]
        found = await store.open_delivery(ENDPOINT, event())
        return sealed_one.endpoint_id, rows, found.endpoint_id

    sealed_id, rows, found_id = on_repository(url, twins)
    assert sorted(rows) == sorted([("old-twin", None, False), (sealed_id, None, True)])
    assert found_id == sealed_id


def rotated_keyrings() -> tuple[Keyring, Keyring, Keyring]:
    """One pair of keys: k1 primary; k2 primary; k2 primary with k1 disabled."""
    spec, blind = f"k1:{b64(os.urandom(32))},k2:{b64(os.urandom(32))}", b64(os.urandom(32))

    def keyring(primary: str, *disabled: str) -> Keyring:
        return parse_keyring(spec, primary, blind, production=True, disabled_key_ids=disabled)[0]

    return keyring("k1"), keyring("k2"), keyring("k2", "k1")


def test_keys_check_and_rotate_cover_sealed_webhook_urls(store: Store) -> None:
    """The census counts a submission's and an endpoint's sealed URL under k1; rotating to k2
    reseals both, which then open with k1 disabled."""
    url = database_url(store)
    upgrade_database(url)
    old, new, old_disabled = rotated_keyrings()

    async def rotate(repository: SqlRepository, _: SqlWebhookStore) -> tuple[Any, ...]:
        submissions = SqlSubmissions(repository.engine, repository.writer, old)
        claim = await submissions.claim("tenant-a", None, "f" * 64, SUBMITTED)
        await submissions.bind(claim.id, "job-1")
        sealing = SqlWebhookStore(repository.engine, repository.writer, old)
        await sealing.open_delivery(ENDPOINT, event())
        before = (await repository.ciphertext_key_ids())["webhook_url"]
        report = await rotate_keys(repository, repository, MemoryBlobStore(), new)
        after = (await repository.ciphertext_key_ids())["webhook_url"]
        log = SqlWebhookStore(repository.engine, repository.writer, old_disabled)
        (delivery,) = await log.list_deliveries(tenant_id=None, status=None, limit=10)
        moved = [report.passes[name].changed for name in ("submission_urls", "endpoint_urls")]
        return before, after, moved, await log.job_webhook_url("job-1"), delivery.url

    before, after, moved, submitted, endpoint = on_repository(url, rotate)
    assert (before, after, moved) == ({"k1": 2}, {"k2": 2}, [1, 1])
    assert (submitted, endpoint) == (SUBMITTED, ENDPOINT)
