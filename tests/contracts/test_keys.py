"""The KeyUsage, KeyCensus and Resealing contract: the same suite on the fake and on
SqlRepository over SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from resume_worker.core.models import BlindIndex, Ciphertext
from resume_worker.core.ports.keys import (
    BatchProgress,
    JobBlob,
    KeyCensus,
    KeyUsage,
    Resealing,
    SealedCell,
)
from tests.contracts.backends import BACKENDS, Backend, Ports, open_backend
from tests.contracts.records import (
    Person,
    accept,
    digest,
    new_job,
    protect,
    sealed,
    store,
    submit,
)
from tests.fakes.database import MemoryDatabase
from tests.fakes.keys import MemoryKeyCensus, MemoryKeyUsage, MemoryResealing


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The fake, SqlRepository on SQLite and SqlRepository on PostgreSQL."""
    return open_backend(request, tmp_path)


def people(count: int) -> list[Person]:
    return [Person(f"p{n}", f"p{n}@example.com") for n in range(count)]


def test_key_usage_adds_up_per_key(backend: Backend) -> None:
    """Counts add to each key's total; only keys given a positive count are written and
    returned."""

    async def scenario(ports: Ports) -> None:
        assert await ports.key_usage() == {}
        assert await ports.add_key_usage({"k1": 3, "k2": 0}) == {"k1": 3}
        assert await ports.add_key_usage({"k1": 2, "k3": 5}) == {"k1": 5, "k3": 5}
        assert await ports.add_key_usage({}) == {}
        assert await ports.add_key_usage({"k2": -1}) == {}
        assert await ports.key_usage() == {"k1": 5, "k3": 5}

    backend.run(scenario)


def test_census_counts_ciphertexts_and_blind_indexes(backend: Backend) -> None:
    """PII cells and job file names are counted per key id (an unreadable file name apart),
    blind-index rows per version."""

    async def scenario(ports: Ports) -> None:
        assert await ports.ciphertext_key_ids() == {"pii": {}, "file_name": {}, "webhook_url": {}}
        await submit(ports, Person("a", "a@example.com"), key_id="k1")
        await submit(ports, Person("b", "b@example.com", "010"), key_id="k2", index_version=7)
        odd = new_job()
        await ports.create_job(odd, file_name=Ciphertext(b"\x09not a ciphertext"))
        await ports.create_job(new_job(), file_name=Ciphertext(sealed("k2")))
        await accept(ports, file_name=False)
        assert await ports.ciphertext_key_ids() == {
            "pii": {"k1": 2, "k2": 2},
            "file_name": {"k1": 2, "k2": 1, "(unreadable)": 1},
            "webhook_url": {},
        }
        assert await ports.blind_index_versions() == {1: 2, 7: 3}

    backend.run(scenario)


def test_job_blobs_page_by_job_id(backend: Backend) -> None:
    """Jobs holding an original file, ordered by job id after the cursor, up to the limit; a
    job with an empty blob key holds none."""

    async def scenario(ports: Ports) -> None:
        jobs = [new_job("t1" if n % 2 else "t2") for n in range(4)]
        for job in jobs:
            await ports.create_job(job, file_name=None)
        await ports.create_job(new_job(blob_key=""), file_name=None)
        expected = sorted((JobBlob(j.id, j.tenant_id, j.blob_key) for j in jobs), key=str)
        assert await ports.job_blobs(after=None, limit=3) == expected[:3]
        assert await ports.job_blobs(after=expected[2].job_id, limit=3) == expected[3:]
        assert await ports.job_blobs(after=expected[3].job_id, limit=3) == []

    backend.run(scenario)


def test_reseal_pii_rewrites_cells_off_the_primary_key(backend: Backend) -> None:
    """Each batch reads the cells of whole versions that have a cell under another key than
    the primary, hands each cell with its tenant, record and field to `reseal`, and writes what
    it returns; versions already on the primary are not read."""

    async def scenario(ports: Ports) -> None:
        stored = [await submit(ports, p, key_id="k1") for p in people(3)]
        await submit(ports, Person("x", "x@example.com"), key_id="k2")
        seen: list[SealedCell] = []
        written: dict[tuple[str, str], bytes] = {}

        def reseal(cell: SealedCell) -> bytes:
            seen.append(cell)
            written[cell.owner_id, cell.field] = sealed("k2")
            return written[cell.owner_id, cell.field]

        records = sorted(protected.record_id for _, protected, _ in stored)
        first = await ports.reseal_pii(reseal, skip_key_id="k2", after=None, limit=2)
        assert first == BatchProgress(seen=4, changed=4, cursor=records[1])
        assert sorted({c.owner_id for c in seen}) == records[:2]
        assert {(c.tenant_id, c.field) for c in seen} == {("t1", "name"), ("t1", "emails")}
        last = await ports.reseal_pii(reseal, skip_key_id="k2", after=first.cursor, limit=2)
        assert last == BatchProgress(seen=2, changed=2, cursor=None)
        assert await ports.ciphertext_key_ids() == {
            "pii": {"k2": 8},
            "file_name": {"k1": 4},
            "webhook_url": {},
        }
        record = await ports.get_record(records[2])
        assert record is not None
        assert {f: c.blob for f, c in record.pii.items()} == {
            field: blob for (owner, field), blob in written.items() if owner == records[2]
        }
        done = await ports.reseal_pii(reseal, skip_key_id="k2", after=None, limit=2)
        assert done == BatchProgress(seen=0, changed=0, cursor=None)

    backend.run(scenario)


def test_reseal_pii_leaves_cells_reseal_declines(backend: Backend) -> None:
    """A cell for which `reseal` returns None stays as it was and is not counted as changed;
    the cursor still moves on."""

    async def scenario(ports: Ports) -> None:
        _, protected, _ = await submit(ports, key_id="k1")
        progress = await ports.reseal_pii(lambda _: None, skip_key_id="k2", after=None, limit=1)
        assert progress == BatchProgress(seen=2, changed=0, cursor=protected.record_id)
        record = await ports.get_record(protected.record_id)
        assert record is not None and record.pii == protected.pii

    backend.run(scenario)


def test_reseal_file_names_in_batches(backend: Backend) -> None:
    """Job file names are resealed in job id order from the cursor, each handed over as the
    job's `file_name` cell; what `reseal` returns replaces it."""

    async def scenario(ports: Ports) -> None:
        jobs = sorted([await accept(ports, t) for t in ("t1", "t2", "t1")], key=lambda j: j.id)
        await accept(ports, file_name=False)
        cells: list[SealedCell] = []
        written: dict[str, bytes] = {}

        def reseal(cell: SealedCell) -> bytes | None:
            cells.append(cell)
            if cell.owner_id == jobs[1].id:
                return None
            written[cell.owner_id] = sealed("k2")
            return written[cell.owner_id]

        first = await ports.reseal_file_names(reseal, after=None, limit=2)
        assert first == BatchProgress(seen=2, changed=1, cursor=jobs[1].id)
        last = await ports.reseal_file_names(reseal, after=first.cursor, limit=2)
        assert last == BatchProgress(seen=1, changed=1, cursor=None)
        assert [(c.owner_id, c.tenant_id, c.field) for c in cells] == [
            (j.id, j.tenant_id, "file_name") for j in jobs
        ]
        names = [(await ports.get_job(j.id)).file_name for j in jobs]  # type: ignore[union-attr]
        assert names == [
            Ciphertext(written[jobs[0].id]),
            Ciphertext(cells[1].blob),
            Ciphertext(written[jobs[2].id]),
        ]

    backend.run(scenario)


def test_reseal_blobs_calls_back_per_job_holding_a_file(backend: Backend) -> None:
    """`reseal` is awaited for each job that holds an original file, in job id order from the
    cursor; the batch counts the ones it changed."""

    async def scenario(ports: Ports) -> None:
        jobs = sorted([await accept(ports) for _ in range(3)], key=lambda j: j.id)
        await ports.create_job(new_job(blob_key=""), file_name=None)
        called: list[JobBlob] = []

        async def reseal(blob: JobBlob) -> bool:
            called.append(blob)
            return blob.job_id != jobs[0].id

        first = await ports.reseal_blobs(reseal, after=None, limit=2)
        assert first == BatchProgress(seen=2, changed=1, cursor=jobs[1].id)
        last = await ports.reseal_blobs(reseal, after=first.cursor, limit=2)
        assert last == BatchProgress(seen=1, changed=1, cursor=None)
        assert called == [JobBlob(j.id, "t1", j.blob_key) for j in jobs]

    backend.run(scenario)


def test_rebuild_blind_indexes_replaces_stale_versions(backend: Backend) -> None:
    """Versions with a blind index of another version get `reindex`'s indexes for their PII
    cells (by field) in batches; current ones and those `reindex` declines keep theirs."""

    async def scenario(ports: Ports) -> None:
        stale = [await submit(ports, p, index_version=1) for p in people(3)]
        await submit(ports, Person("y", "y@example.com"), index_version=2)
        declined = await ports.rebuild_blind_indexes(
            lambda _: None, current_version=2, after=None, limit=10
        )
        assert declined == BatchProgress(seen=3, changed=0, cursor=None)
        assert await ports.blind_index_versions() == {1: 6, 2: 2}
        handed: list[Mapping[str, SealedCell]] = []

        def reindex(cells: Mapping[str, SealedCell]) -> Sequence[BlindIndex]:
            handed.append(cells)
            return owner_indexes(next(iter(cells.values())).owner_id)

        records = sorted(protected.record_id for _, protected, _ in stale)
        first = await ports.rebuild_blind_indexes(reindex, current_version=2, after=None, limit=2)
        assert first == BatchProgress(seen=2, changed=2, cursor=records[1])
        assert [sorted(cells) for cells in handed] == [["emails", "name"]] * 2
        assert [c["name"].owner_id for c in handed] == records[:2]
        assert {c["emails"].tenant_id for c in handed} == {"t1"}
        rest = await ports.rebuild_blind_indexes(reindex, current_version=2, after=None, limit=2)
        assert rest == BatchProgress(seen=1, changed=1, cursor=None)
        assert await ports.blind_index_versions() == {2: 8}

    backend.run(scenario)


def test_rebuilt_blind_indexes_are_what_matching_uses(backend: Backend) -> None:
    """After a rebuild a resume matches its candidate by the new digests, no longer by the old
    ones."""

    async def scenario(ports: Ports) -> None:
        _, protected, kim = await submit(ports, Person("p0", "p0@example.com"))
        await ports.rebuild_blind_indexes(
            lambda cells: owner_indexes(cells["name"].owner_id),
            current_version=2,
            after=None,
            limit=5,
        )
        again = replace(protect(), blind_indexes=owner_indexes(protected.record_id))
        matched = await store(ports, await accept(ports), again)
        assert (matched.candidate_id, matched.version) == (kim.candidate_id, 2)
        _, _, fresh = await submit(ports, Person("p0", "p0@example.com"))
        assert fresh.candidate_id != kim.candidate_id
        assert (fresh.version, fresh.warnings) == (1, ())

    backend.run(scenario)


def owner_indexes(record_id: str) -> tuple[BlindIndex, ...]:
    """Version-2 name and e-mail digests derived from a record id (a stand-in for the PII)."""
    return (
        BlindIndex("name", 2, digest("name", record_id)),
        BlindIndex("email", 2, digest("email", record_id)),
    )


def test_key_fakes_work_alone_or_share_a_database() -> None:
    """Each fake is built in one line, and fakes over one database see each other's rows."""

    async def scenario() -> None:
        db = MemoryDatabase()
        usage: KeyUsage = MemoryKeyUsage(db)
        census: KeyCensus = MemoryKeyCensus(db)
        resealing: Resealing = MemoryResealing(db)
        await usage.add_key_usage({"k1": 1})
        assert await MemoryKeyUsage(db).key_usage() == {"k1": 1}
        assert await census.blind_index_versions() == {}
        progress = await resealing.reseal_file_names(lambda _: None, after=None, limit=5)
        assert progress == BatchProgress(0, 0, None)
        assert await MemoryKeyUsage().key_usage() == {}

    asyncio.run(scenario())
