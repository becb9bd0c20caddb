"""The CandidateStore and CandidateAdmin contract: the same suite on the fake and on
SqlRepository over SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from resume_worker.core.models import JobStatus, StoredCandidate, StoredRecord
from resume_worker.core.ports.candidates import NAME_DISAGREES, CandidateAdmin, CandidateStore
from tests.contracts.backends import BACKENDS, Backend, Ports, open_backend
from tests.contracts.records import (
    Person,
    accept,
    chunks_of,
    completed,
    new_id,
    protect,
    store,
    submit,
)
from tests.fakes.candidates import MemoryCandidateAdmin, MemoryCandidateStore
from tests.fakes.database import MemoryDatabase
from tests.fakes.jobs import MemoryJobStore

KIM = Person("Kim", "kim@example.com", "010-1111-2222")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The fake, SqlRepository on SQLite and SqlRepository on PostgreSQL."""
    return open_backend(request, tmp_path)


def test_stored_version_reads_back_whole(backend: Backend) -> None:
    """A stored profile is version 1 of a new candidate and reads back as stored (public part,
    PII ciphertexts, confidences, sources, warnings); the job's outcome names it."""

    async def scenario(ports: Ports) -> None:
        job = await accept(ports)
        protected = protect(KIM, warnings=("DATE_GUESSED",))
        stored = await store(ports, job, protected, chunks=2)
        assert (stored.version, stored.record_id, stored.created, stored.warnings) == (
            1,
            protected.record_id,
            True,
            (),
        )
        assert await ports.get_record(protected.record_id) == StoredRecord(
            record_id=protected.record_id,
            candidate_id=stored.candidate_id,
            tenant_id="t1",
            version=1,
            job_id=job.id,
            is_latest=True,
            public=protected.public,
            pii=protected.pii,
            field_confidence=protected.field_confidence,
            field_sources=protected.field_sources,
            warnings=("DATE_GUESSED",),
        )
        outcome = await ports.get_outcome(job.id)
        assert outcome is not None
        assert (outcome.status, outcome.candidate_id, outcome.record_id, outcome.version) == (
            JobStatus.COMPLETED,
            stored.candidate_id,
            protected.record_id,
            1,
        )
        assert outcome.chunks == 2
        assert await ports.get_record("no-such-record") is None

    backend.run(scenario)


def test_store_is_idempotent_by_job(backend: Backend) -> None:
    """Storing for the same job again returns the first version (not created) and stores
    nothing more, whatever the second profile."""

    async def scenario(ports: Ports) -> None:
        job, _, first = await submit(ports, KIM)
        again = protect(Person("Lee", "lee@example.com"))
        second = await store(ports, job, again)
        assert second == StoredCandidate(first.candidate_id, 1, first.record_id, created=False)
        assert len(await ports.candidate_versions(first.candidate_id)) == 1
        assert await ports.get_record(again.record_id) is None
        assert len(await ports.latest_records(None, after=None, limit=10)) == 1

    backend.run(scenario)


def test_same_contact_and_name_is_the_next_version(backend: Backend) -> None:
    """A profile sharing an e-mail or a phone with a candidate whose name agrees becomes its
    next version; only the newest version is latest."""

    async def scenario(ports: Ports) -> None:
        _, first, one = await submit(ports, KIM)
        _, second, two = await submit(ports, Person("Kim", "kim@example.com", "010-9999-0000"))
        _, third, three = await submit(ports, Person("Kim", "kim@work.example", "010-1111-2222"))
        assert {two.candidate_id, three.candidate_id} == {one.candidate_id}
        assert (two.version, three.version, two.created, two.warnings) == (2, 3, True, ())
        versions = await ports.candidate_versions(one.candidate_id)
        assert [(v.record_id, v.version, v.is_latest) for v in versions] == [
            (first.record_id, 1, False),
            (second.record_id, 2, False),
            (third.record_id, 3, True),
        ]
        assert {v.tenant_id for v in versions} == {"t1"}
        newest = await ports.get_record(third.record_id)
        assert newest is not None and newest.is_latest and newest.version == 3
        assert not (await ports.get_record(first.record_id)).is_latest  # type: ignore[union-attr]

    backend.run(scenario)


def test_contact_match_with_another_name_is_a_new_candidate(backend: Backend) -> None:
    """A matching e-mail under another name, or under no name, is stored as a new candidate
    with a warning in the result, the record and the job's outcome."""

    async def scenario(ports: Ports) -> None:
        _, _, kim = await submit(ports, KIM)
        job, protected, lee = await submit(ports, Person("Lee", "kim@example.com"))
        _, _, nameless = await submit(ports, Person(None, "kim@example.com"))
        for stored in (lee, nameless):
            assert stored.candidate_id != kim.candidate_id
            assert (stored.version, stored.warnings) == (1, (NAME_DISAGREES,))
        assert lee.candidate_id != nameless.candidate_id
        record = await ports.get_record(protected.record_id)
        assert record is not None and record.warnings == (NAME_DISAGREES,)
        outcome = await ports.get_outcome(job.id)
        assert outcome is not None and outcome.warnings == (NAME_DISAGREES,)

    backend.run(scenario)


def test_without_contacts_or_across_tenants_is_a_new_candidate(backend: Backend) -> None:
    """The same name alone does not match, nor does the same person in another tenant; neither
    warns."""

    async def scenario(ports: Ports) -> None:
        _, _, kim = await submit(ports, KIM)
        _, _, named = await submit(ports, Person("Kim", None, None))
        _, _, elsewhere = await submit(ports, KIM, tenant_id="t2")
        ids = {kim.candidate_id, named.candidate_id, elsewhere.candidate_id}
        assert len(ids) == 3
        assert (named.version, named.warnings) == (elsewhere.version, elsewhere.warnings) == (1, ())
        t2 = await ports.latest_records("t2", after=None, limit=10)
        assert [(r.candidate_id, r.tenant_id) for r in t2] == [(elsewhere.candidate_id, "t2")]

    backend.run(scenario)


def test_latest_follows_acceptance_not_arrival(backend: Backend) -> None:
    """A job accepted earlier but stored later becomes the next version number without hiding
    the version accepted after it; versions list in acceptance order."""

    async def scenario(ports: Ports) -> None:
        early = await accept(ports)
        await asyncio.sleep(0.002)
        late = await accept(ports)
        late_version, early_version = protect(KIM), protect(KIM)
        first = await store(ports, late, late_version)
        second = await store(ports, early, early_version)
        assert (second.candidate_id, second.version) == (first.candidate_id, 2)
        versions = await ports.candidate_versions(first.candidate_id)
        assert [(v.job_id, v.version, v.is_latest) for v in versions] == [
            (early.id, 2, False),
            (late.id, 1, True),
        ]
        assert versions[0].accepted_at < versions[1].accepted_at
        latest = await ports.latest_records("t1", after=None, limit=10)
        assert [r.record_id for r in latest] == [late_version.record_id]

    backend.run(scenario)


def test_latest_records_page_by_candidate_id(backend: Backend) -> None:
    """The latest version of each candidate, ordered by candidate id after the cursor, up to
    the limit, for one tenant or all."""

    async def scenario(ports: Ports) -> None:
        people = [Person(n, f"{n}@example.com") for n in ("a", "b", "c")]
        latest = {}
        for person in [*people, people[1]]:
            _, protected, stored = await submit(ports, person)
            latest[stored.candidate_id] = protected.record_id
        _, other, elsewhere = await submit(ports, people[0], tenant_id="t2")
        ids = sorted(latest)

        async def page(tenant: str | None, after: str | None, limit: int) -> list[str]:
            found = await ports.latest_records(tenant, after=after, limit=limit)
            assert all(r.is_latest for r in found)
            return [r.record_id for r in found]

        assert await page("t1", None, 2) == [latest[i] for i in ids[:2]]
        assert await page("t1", ids[1], 2) == [latest[ids[2]]]
        assert await page("t1", ids[2], 2) == []
        everyone = sorted([*ids, elsewhere.candidate_id])
        merged = {**latest, elsewhere.candidate_id: other.record_id}
        assert await page(None, None, 10) == [merged[i] for i in everyone]

    backend.run(scenario)


def test_erase_candidate_removes_every_version(backend: Backend) -> None:
    """Erasure deletes the candidate's versions, PII, blind indexes and chunks, drops its jobs'
    file names and blob keys, and logs the counts and the blob keys still to delete."""

    async def scenario(ports: Ports) -> None:
        first_job, first, kim = await submit(ports, KIM)
        second_job, second, _ = await submit(ports, KIM)
        other_job, other, _ = await submit(ports, Person("Lee", "lee@example.com"))
        erasure = await ports.erase_candidate(kim.candidate_id, new_id())
        assert erasure is not None
        assert (erasure.tenant_id, erasure.candidate_id, erasure.versions, erasure.jobs) == (
            "t1",
            kim.candidate_id,
            2,
            2,
        )
        assert (erasure.pii_fields, erasure.blind_indexes, erasure.chunks) == (4, 6, 2)
        assert erasure.pending_blobs == tuple(sorted([first_job.blob_key, second_job.blob_key]))
        assert (erasure.blobs_deleted, erasure.completed_at) == (0, None)
        for record in (first, second):
            assert await ports.get_record(record.record_id) is None
        assert await ports.candidate_versions(kim.candidate_id) == []
        for job in (first_job, second_job):
            row = await ports.get_job(job.id)
            assert row is not None and not row.blob_key and row.file_name is None
        assert await ports.get_record(other.record_id) is not None
        assert [b.job_id for b in await ports.job_blobs(after=None, limit=10)] == [other_job.id]
        assert await ports.pending_erasures(kim.candidate_id) == [erasure]

    backend.run(scenario)


def test_erased_person_comes_back_as_a_new_candidate(backend: Backend) -> None:
    """After an erasure nothing matches the person (a resume stored again starts a new
    candidate), and erasing again or an unknown candidate does nothing."""

    async def scenario(ports: Ports) -> None:
        _, _, kim = await submit(ports, KIM)
        assert await ports.erase_candidate(kim.candidate_id, new_id()) is not None
        assert await ports.erase_candidate(kim.candidate_id, new_id()) is None
        assert await ports.erase_candidate("no-such-candidate", new_id()) is None
        _, _, back = await submit(ports, KIM)
        assert back.candidate_id != kim.candidate_id
        assert (back.version, back.warnings) == (1, ())
        assert len(await ports.pending_erasures(None)) == 1

    backend.run(scenario)


def test_complete_erasure_clears_the_pending_blobs(backend: Backend) -> None:
    """Completing an erasure empties its pending blobs, adds to the deleted count and takes it
    off the pending list; other erasures stay pending."""

    async def scenario(ports: Ports) -> None:
        _, _, kim = await submit(ports, KIM)
        _, _, lee = await submit(ports, Person("Lee", "lee@example.com"))
        first = await ports.erase_candidate(kim.candidate_id, new_id())
        second = await ports.erase_candidate(lee.candidate_id, new_id())
        assert first is not None and second is not None
        done = await ports.complete_erasure(first.id, 1)
        assert (done.id, done.pending_blobs, done.blobs_deleted) == (first.id, (), 1)
        assert done.completed_at is not None and done.completed_at >= first.requested_at
        assert (done.versions, done.pii_fields, done.requested_at) == (
            first.versions,
            first.pii_fields,
            first.requested_at,
        )
        assert await ports.pending_erasures(None) == [second]
        assert await ports.pending_erasures(kim.candidate_id) == []
        assert (await ports.complete_erasure(first.id, 2)).blobs_deleted == 3

    backend.run(scenario)


def test_candidate_fakes_work_alone_or_share_a_database() -> None:
    """Each fake is built in one line, and fakes over one database see each other's rows."""

    async def scenario() -> None:
        db = MemoryDatabase()
        store_port: CandidateStore = MemoryCandidateStore(db)
        admin: CandidateAdmin = MemoryCandidateAdmin(db)
        job = await accept(MemoryJobStore(db))
        protected = protect(KIM)
        stored = await store_port.store_candidate(
            job, protected, chunks_of(protected), completed(job)
        )
        assert [v.record_id for v in await admin.candidate_versions(stored.candidate_id)] == [
            protected.record_id
        ]
        assert await MemoryCandidateAdmin().candidate_versions(stored.candidate_id) == []

    asyncio.run(scenario())
