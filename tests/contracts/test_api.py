"""The ApiKeys and Submissions contract: the same suite on the fakes and the SQL stores on SQLite
and PostgreSQL. Also home of the engines the other SQL stores' contract suites use."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.api_keys import SqlApiKeys
from resume_worker.adapters.sql.submissions import IN_FLIGHT_S, SqlSubmissions
from resume_worker.composition.database import open_repository
from resume_worker.core.ports.api import ApiKey, ApiKeys, Submissions
from tests.contracts.backends import BACKENDS, Backend, open_backend
from tests.fakes.api import MemoryApiKeys, MemorySubmissions
from tests.privacy.test_crypto import random_keyring


@asynccontextmanager
async def sql_engines(backend: Backend) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    """The repository's engine and write engine on the backend's migrated database, as the
    composition root hands them to the SQL stores; closed after."""
    assert backend.settings is not None
    async with open_repository(backend.settings) as repository:
        yield repository.engine, repository.writer


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The fakes, or an empty migrated database of each SQL backend."""
    return open_backend(request, tmp_path)


@dataclass
class Stores:
    keys: ApiKeys
    submissions: Submissions
    backdate: Callable[[float], Awaitable[None]]  # every claim was made that many seconds ago


def run(backend: Backend, body: Callable[[Stores], Awaitable[None]]) -> None:
    """`body` on the fakes, or on the SQL stores of the backend, in a fresh event loop."""

    async def scenario() -> None:
        if backend.settings is None:
            submissions = MemorySubmissions()

            async def backdate_fake(seconds: float) -> None:
                for row in submissions.rows.values():
                    row.created_at = datetime.now(UTC) - timedelta(seconds=seconds)

            await body(Stores(MemoryApiKeys(), submissions, backdate_fake))
            return
        async with sql_engines(backend) as (engine, writer):

            async def backdate_sql(seconds: float) -> None:
                then = datetime.now(UTC) - timedelta(seconds=seconds)
                async with writer.begin() as conn:
                    await conn.execute(update(t.api_submissions).values(created_at=then))

            sql = SqlSubmissions(engine, writer, random_keyring())
            await body(Stores(SqlApiKeys(engine, writer), sql, backdate_sql))

    asyncio.run(scenario())


def public(key: ApiKey | None) -> tuple[object, ...] | None:
    """What a key says apart from its timestamps."""
    return None if key is None else (key.id, key.tenant_id, key.name, key.scopes)


def test_a_token_authenticates_its_key_until_revoked(backend: Backend) -> None:
    """A new token (`rwk_...`) authenticates its own key only; a changed, extended or foreign
    token does not; revoking works once and stops only that key's token."""

    async def body(stores: Stores) -> None:
        keys = stores.keys
        key, token = await keys.create_key("t1", ["jobs:read", "pii:read"], "ci")
        other, other_token = await keys.create_key("t2", ["resumes:write"], "uploads")
        assert token.startswith("rwk_") and token != other_token
        assert (key.tenant_id, key.name) == ("t1", "ci") and key.scopes == {"jobs:read", "pii:read"}
        assert public(await keys.authenticate(token)) == public(key)
        assert public(await keys.authenticate(other_token)) == public(other)
        wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
        for bad in (wrong, token + "A", "", "rwk_x_y", token.replace("rwk_", "xyz_")):
            assert await keys.authenticate(bad) is None
        assert await keys.revoke_key(key.id)
        assert not await keys.revoke_key(key.id)
        assert not await keys.revoke_key("no-such-key")
        assert await keys.authenticate(token) is None
        assert public(await keys.authenticate(other_token)) == public(other)

    run(backend, body)


def test_keys_are_listed_per_tenant_in_creation_order(backend: Backend) -> None:
    """list_keys gives a tenant's keys (or everyone's) oldest first, revoked ones included with
    their revocation time."""

    async def body(stores: Stores) -> None:
        keys = stores.keys
        first, _ = await keys.create_key("t1", ["jobs:read"], "one")
        second, _ = await keys.create_key("t2", ["jobs:read"], "two")
        third, _ = await keys.create_key("t1", ["search:read", "candidates:read"], "three")
        assert [k.id for k in await keys.list_keys("t1")] == [first.id, third.id]
        assert [k.id for k in await keys.list_keys(None)] == [first.id, second.id, third.id]
        assert await keys.list_keys("t9") == []
        await keys.revoke_key(first.id)
        listed = await keys.list_keys("t1")
        assert [public(k) for k in listed] == [public(first), public(third)]
        assert listed[0].revoked_at is not None and listed[1].revoked_at is None
        assert listed[0].created_at <= listed[0].revoked_at

    run(backend, body)


def test_key_timestamps_are_utc(backend: Backend) -> None:
    """created_at and revoked_at come back timezone-aware, in UTC, at the time of the call."""

    async def body(stores: Stores) -> None:
        before = datetime.now(UTC)
        key, _ = await stores.keys.create_key("t1", ["jobs:read"], "one")
        await stores.keys.revoke_key(key.id)
        (listed,) = await stores.keys.list_keys("t1")
        assert listed.created_at.utcoffset() == timedelta(0)
        assert listed.revoked_at is not None and listed.revoked_at.utcoffset() == timedelta(0)
        assert before <= listed.created_at <= listed.revoked_at <= datetime.now(UTC)

    run(backend, body)


def test_an_idempotency_key_is_held_by_its_first_claim(backend: Backend) -> None:
    """The first claim of a key is fresh; later ones report its fingerprint and, once bound,
    its job; another tenant's same key and requests without a key never collide."""

    async def body(stores: Stores) -> None:
        subs = stores.submissions
        first = await subs.claim("t1", "k", "f1", "https://hooks.example/a")
        assert (first.fresh, first.fingerprint, first.job_id) == (True, "f1", None)
        held = await subs.claim("t1", "k", "f2", None)
        assert (held.fresh, held.id, held.fingerprint, held.job_id) == (False, first.id, "f1", None)
        assert (await subs.claim("t2", "k", "f1", None)).fresh
        keyless = [await subs.claim("t1", None, "f1", None) for _ in range(2)]
        assert all(c.fresh for c in keyless) and keyless[0].id != keyless[1].id
        await subs.bind(first.id, "job-1")
        again = await subs.claim("t1", "k", "f3", None)
        assert (again.fresh, again.id, again.fingerprint, again.job_id) == (
            False,
            first.id,
            "f1",
            "job-1",
        )

    run(backend, body)


def test_a_released_or_abandoned_claim_frees_the_key(backend: Backend) -> None:
    """A released claim frees its key; a bound one is kept; a claim without a job is taken over
    once it is older than the in-flight window, not before; a bound one never is."""

    async def body(stores: Stores) -> None:
        subs = stores.submissions
        bound = await subs.claim("t1", "bound", "f1", None)
        await subs.bind(bound.id, "job-1")
        await subs.release(bound.id)
        assert (await subs.claim("t1", "bound", "f1", None)).job_id == "job-1"
        lost = await subs.claim("t1", "lost", "f1", None)
        await subs.release(lost.id)
        retried = await subs.claim("t1", "lost", "f2", None)
        assert retried.fresh and retried.id != lost.id
        await stores.backdate(IN_FLIGHT_S - 60)
        assert not (await subs.claim("t1", "lost", "f3", None)).fresh
        await stores.backdate(IN_FLIGHT_S + 5)
        taken = await subs.claim("t1", "lost", "f4", None)
        assert (taken.fresh, taken.fingerprint, taken.job_id) == (True, "f4", None)
        assert taken.id != retried.id
        assert (await subs.claim("t1", "bound", "f9", None)).job_id == "job-1"

    run(backend, body)


def test_claims_racing_for_one_key_make_one_holder(backend: Backend) -> None:
    """Three requests claiming one key at once: exactly one is fresh; all name its claim."""

    async def body(stores: Stores) -> None:
        claims = await asyncio.gather(
            *(stores.submissions.claim("t1", "race", f"f{n}", None) for n in range(3))
        )
        assert sum(c.fresh for c in claims) == 1
        assert len({c.id for c in claims}) == 1
        winner = next(c for c in claims if c.fresh)
        assert all(c.fingerprint == winner.fingerprint for c in claims)

    run(backend, body)


def test_the_webhook_url_is_found_by_the_bound_job(backend: Backend) -> None:
    """webhook_url(job) is the URL its claim was made with (key or not); None for a claim
    without one, an unbound claim's would-be job, or an unknown job."""

    async def body(stores: Stores) -> None:
        subs = stores.submissions
        with_url = await subs.claim("t1", None, "f1", "https://hooks.example/a")
        without = await subs.claim("t1", "k", "f2", None)
        await subs.claim("t1", "unbound", "f3", "https://hooks.example/never")
        await subs.bind(with_url.id, "job-1")
        await subs.bind(without.id, "job-2")
        assert await subs.webhook_url("job-1") == "https://hooks.example/a"
        assert await subs.webhook_url("job-2") is None
        assert await subs.webhook_url("job-3") is None

    run(backend, body)
