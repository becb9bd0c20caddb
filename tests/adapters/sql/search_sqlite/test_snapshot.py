"""The SQLite search snapshot grows with new resumes and is read whole after any other change
(migration 0011's `rewrites` counter tells the two apart)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from resume_worker.adapters.sql.search_sqlite.index import SqliteSearchIndex
from resume_worker.adapters.sql.search_sqlite.vectors import GROWTH, VectorBlock
from resume_worker.core.ports.search import CandidateMatch, SearchFilters
from tests.search_rows import DIM, Person, SearchDb, unit

QUERY = unit(1)
OFFSET = unit(2)  # what the tenant's chunks share (their language)
KEY = ("t", "test-model", DIM)


def near(vector: list[float], seed: int, noise: float) -> list[float]:
    mixed = [a + noise * b for a, b in zip(vector, unit(seed), strict=True)]
    norm = sum(x * x for x in mixed) ** 0.5
    return [x / norm for x in mixed]


def test_rewrites_move_on_changes_but_not_on_new_chunks(tmp_path: Path) -> None:
    """A new resume moves the generation only; deleting a chunk moves both counters."""
    db = SearchDb(tmp_path)
    first = db.add("t", Person([("Kafka", unit(2))]))

    def state() -> tuple[int, int]:
        (row,) = db.rows(
            "SELECT generation, rewrites FROM search_generations WHERE tenant_id = 't'"
        )
        return int(row[0]), int(row[1])

    generation, rewrites = state()
    db.add("t", Person([("Spark", unit(3))]))
    assert state() == (generation + 1, rewrites)
    db.rows("DELETE FROM chunks WHERE record_id = ?", first.record_id)
    assert state() == (generation + 2, rewrites + 1)


def test_new_resumes_extend_the_block_and_other_changes_reload_it(tmp_path: Path) -> None:
    """While only new resumes arrive, the tenant's vector block keeps the rows it was read with
    and gains the new ones, and finds them; a new version of a candidate (its old version's rows
    must go) or growth past GROWTH reads it whole again."""
    db = SearchDb(tmp_path)
    db.add_many("t", [Person([(f"filler {i}", near(unit(30), i, 0.5))]) for i in range(40)])

    async def scenario() -> None:
        async with db.index() as index:
            assert isinstance(index, SqliteSearchIndex)

            async def search() -> tuple[list[CandidateMatch], VectorBlock]:
                found = await index.vector_matches(
                    SearchFilters("t"), QUERY, text="", model="test-model", limit=3
                )
                return found, index._vectors[KEY]

            _, loaded = await search()
            assert (loaded.loaded_rows, len(loaded.chunk_ids)) == (40, 40)
            newcomer = db.add("t", Person([("Kafka", near(QUERY, 5, 0.01))]))
            found, grown = await search()
            assert found[0].summary.record_id == newcomer.record_id
            assert (grown.loaded_rows, len(grown.chunk_ids), grown.load) == (40, 41, loaded.load)
            assert grown.korean_mean.tolist() == loaded.korean_mean.tolist()
            assert grown.storage is loaded.storage  # written past the head, nothing copied
            assert len(loaded.matrix) == 40 and len(grown.matrix) == 41

            newer = Person([("React", unit(40))], candidate_id=newcomer.candidate_id)
            db.add("t", newer, version=2)
            found, reread = await search()
            assert newcomer.record_id not in {m.summary.record_id for m in found}
            assert (reread.loaded_rows, len(reread.chunk_ids)) == (41, 41)

            more = int(41 * GROWTH) + 1
            db.add_many("t", [Person([(f"more {i}", unit(50 + i))]) for i in range(more)])
            _, past = await search()
            assert (past.loaded_rows, len(past.chunk_ids)) == (41 + more, 41 + more)

    asyncio.run(scenario())


def test_an_extended_block_ranks_as_a_block_read_whole(tmp_path: Path) -> None:
    """The candidates a grown block returns, and their order, are those of a new index that
    reads everything: the kept language means move scores slightly, not the ranking of chunks
    that share the tenant's offset and differ in how much they say what the query asks."""
    db = SearchDb(tmp_path)

    def chunk(weight: float, seed: int) -> list[float]:
        parts = zip(OFFSET, unit(seed), QUERY, strict=True)
        mixed = [0.6 * o + 0.3 * n + weight * q for o, n, q in parts]
        norm = sum(x * x for x in mixed) ** 0.5
        return [x / norm for x in mixed]

    db.add_many("t", [Person([(f"a {i}", chunk(i / 60, i))]) for i in range(60)])

    async def ranking(index: object) -> list[str]:
        assert isinstance(index, SqliteSearchIndex)
        found = await index.vector_matches(
            SearchFilters("t"), QUERY, text="", model="test-model", limit=10
        )
        return [m.summary.record_id for m in found]

    async def scenario() -> None:
        async with db.index() as grown:
            await ranking(grown)
            db.add_many("t", [Person([(f"b {i}", chunk(i / 3 + 0.01, 100 + i))]) for i in range(3)])
            extended = await ranking(grown)
            assert isinstance(grown, SqliteSearchIndex)
            assert grown._vectors[KEY].loaded_rows == 60
            async with db.index() as fresh:
                assert extended == await ranking(fresh)

    asyncio.run(scenario())


def test_an_older_version_made_latest_again_gets_its_keyword_rows_back(tmp_path: Path) -> None:
    """New chunks are indexed from the highest chunk checked before; an older version's chunks
    (lower ids, their keyword rows dropped when it stopped being the latest) are found again
    when it is the latest once more, because that change moved `rewrites`."""
    db = SearchDb(tmp_path)
    first = db.add("t", Person([("Kafka streaming", unit(2))]))

    async def scenario() -> None:
        async with db.index() as index:

            async def kafka() -> set[str]:
                found = await index.keyword_matches(SearchFilters("t"), "Kafka", limit=5)
                return {m.summary.record_id for m in found}

            assert await kafka() == {first.record_id}
            newer = Person([("React", unit(3))], candidate_id=first.candidate_id)
            db.add("t", newer, version=2)
            assert await kafka() == set()
            later = db.add("t", Person([("Kafka again", unit(4))]))
            assert await kafka() == {later.record_id}
            db.rows("DELETE FROM chunks WHERE record_id = ?", newer.record_id)
            db.rows("DELETE FROM candidate_versions WHERE id = ?", newer.record_id)
            db.rows("UPDATE candidate_versions SET is_latest = 1 WHERE id = ?", first.record_id)
            assert await kafka() == {first.record_id, later.record_id}

    asyncio.run(scenario())
