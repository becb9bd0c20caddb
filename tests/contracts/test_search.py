"""The SearchIndex contract: the same suite on the fake and on SqliteSearchIndex and PgSearchIndex,
over candidates stored by the CandidateStore of the same database (tests/contracts/indexes.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from resume_worker.core.ports.search import CandidateSummary, SearchFilters
from tests.contracts.backends import BACKENDS, Backend, open_backend
from tests.contracts.indexes import DIM, MODEL, Piece, add, axis, both, chunks_of, ids, opened
from tests.contracts.records import Person, new_id


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The fake, SqliteSearchIndex on SQLite and PgSearchIndex on PostgreSQL."""
    return open_backend(request, tmp_path)


T1 = SearchFilters("t1")


def test_each_tenant_finds_only_its_own_candidates(backend: Backend) -> None:
    """Both searches return the tenant's candidates only (a tenant without any: nothing), each
    with the public facts of its latest version."""

    async def scenario() -> None:
        async with opened(backend) as (ports, index):
            pieces = Piece("Kafka streaming platform", axis(0)), Piece("Spark jobs", axis(1))
            mine = await add(ports, *pieces, skills=("Kafka", "Node.js"))
            theirs = await add(ports, *pieces, tenant="t2")
            for found in await both(index, T1, "Kafka streaming", axis(0)):
                assert ids(found) == [mine.candidate_id]
                assert found[0].summary == CandidateSummary(
                    mine.candidate_id,
                    mine.record_id,
                    1,
                    48,
                    ("Kafka", "Node.js"),
                    "Engineer @ Acme",
                )
            for found in await both(index, SearchFilters("t2"), "Kafka streaming", axis(0)):
                assert ids(found) == [theirs.candidate_id]
            assert await both(index, SearchFilters("t3"), "Kafka streaming", axis(0)) == ([], [])

    asyncio.run(scenario())


def test_a_query_equal_to_a_chunk_ranks_its_candidate_first(backend: Backend) -> None:
    """A query whose vector or text equals one candidate's chunk ranks that candidate first,
    scores best first; a chunk holding every query term ranks above one holding half of them."""
    texts = [
        "Kafka streaming platform engineer",
        "Kafka streaming batch jobs",
        "React frontend design system",
        "백엔드 개발자 물류 시스템 구축",
    ]

    async def scenario() -> None:
        async with opened(backend) as (ports, index):
            stored = [await add(ports, Piece(text, axis(i))) for i, text in enumerate(texts)]
            for i, text in enumerate(texts):
                for found in await both(index, T1, text, axis(i)):
                    assert ids(found)[0] == stored[i].candidate_id
                    scores = [match.score for match in found]
                    assert scores == sorted(scores, reverse=True)
                    assert all(m.score == m.chunks[0].score for m in found)
            found = await index.keyword_matches(T1, texts[0], limit=10)
            assert ids(found) == [stored[0].candidate_id, stored[1].candidate_id]

    asyncio.run(scenario())


def test_filters_keep_the_experience_and_every_skill_asked(backend: Backend) -> None:
    """A minimum experience keeps candidates with at least that many months (unknown: not);
    skills must all be listed, compared case-, space-, dot- and hyphen-insensitively."""

    async def scenario() -> None:
        async with opened(backend) as (ports, index):
            text = "Kotlin backend services"
            senior = await add(
                ports, Piece(text, axis(0)), months=84, skills=("Node.js", "Spring Boot")
            )
            junior = await add(ports, Piece(text, axis(1)), months=24, skills=("nodejs",))
            unknown = await add(
                ports, Piece(text, axis(2)), months=None, skills=("NODE-JS", "spring boot")
            )
            cases = [
                (SearchFilters("t1", min_experience_months=60), [senior]),
                (SearchFilters("t1", skills=("node js",)), [senior, junior, unknown]),
                (SearchFilters("t1", skills=("nodejs", "SpringBoot")), [senior, unknown]),
                (SearchFilters("t1", min_experience_months=24, skills=("spring.boot",)), [senior]),
                (SearchFilters("t1", skills=("Go",)), []),
            ]
            for filters, expected in cases:
                for found in await both(index, filters, text, axis(0)):
                    assert sorted(ids(found)) == sorted(s.candidate_id for s in expected)

    asyncio.run(scenario())


def test_each_candidate_comes_once_with_its_best_chunks_first(backend: Backend) -> None:
    """Results are candidates, not chunks: each once, with some of its own chunks, best first,
    its score the best chunk's."""

    async def scenario() -> None:
        async with opened(backend) as (ports, index):
            texts = ["Kafka streaming", "Kafka connectors", "Kafka security", "Gardening"]
            vectors = [axis(0), axis(0, also=1), axis(1), axis(2)]
            pieces = [Piece(text, vector) for text, vector in zip(texts, vectors, strict=True)]
            many = await add(ports, *pieces)
            other = await add(ports, Piece("Kafka admin", axis(3)))
            owners = {many.candidate_id: set(texts), other.candidate_id: {"Kafka admin"}}
            for found in await both(index, T1, "Kafka", axis(0)):
                assert sorted(ids(found)) == sorted(owners)
                shown = [c.chunk_id for match in found for c in match.chunks]
                chunk_texts = await index.chunk_texts(shown)
                for match in found:
                    scores = [chunk.score for chunk in match.chunks]
                    assert scores and scores == sorted(scores, reverse=True)
                    assert match.score == scores[0]
                    assert {chunk.kind for chunk in match.chunks} == {"career"}
                    held = {chunk_texts[c.chunk_id] for c in match.chunks}
                    assert held <= owners[match.summary.candidate_id]
            vector = await index.vector_matches(T1, axis(0), text="", model=MODEL, limit=10)
            assert ids(vector)[0] == many.candidate_id
            best = vector[0].chunks[0].chunk_id
            assert await index.chunk_texts([best]) == {best: "Kafka streaming"}

    asyncio.run(scenario())


def test_limit_caps_the_candidates(backend: Backend) -> None:
    """Both searches return at most `limit` candidates (none for 0), the best first."""

    async def scenario() -> None:
        async with opened(backend) as (ports, index):
            words = ["alpha", "beta", "gamma", "delta", "omega"]
            stored = [
                await add(ports, Piece(f"Kafka engineer {word}", axis(i)))
                for i, word in enumerate(words)
            ]
            for limit in (1, 3, 10):
                for found in await both(index, T1, "Kafka engineer", axis(0), limit):
                    assert len(set(ids(found))) == len(found) == min(limit, 5)
                vector, _ = await both(index, T1, "Kafka engineer", axis(0), limit)
                assert ids(vector)[0] == stored[0].candidate_id
            assert await both(index, T1, "Kafka engineer", axis(0), 0) == ([], [])

    asyncio.run(scenario())


def test_only_the_latest_version_is_searched(backend: Backend) -> None:
    """After a search, a new version replaces the old one in both searches (its text and
    vectors no longer match) and a new candidate is found, without a refresh."""

    async def scenario() -> None:
        async with opened(backend) as (ports, index):
            lee = Person("Lee", "lee@x.kr")
            first = await add(ports, Piece("Kafka streaming", axis(0)), person=lee)
            await add(ports, Piece("Gardening tools", axis(1)))
            for found in await both(index, T1, "Kafka streaming", axis(0)):
                assert ids(found)[0] == first.candidate_id
            second = await add(ports, Piece("React frontend", axis(2)), person=lee)
            assert (second.candidate_id, second.version) == (first.candidate_id, 2)
            assert await index.keyword_matches(T1, "Kafka streaming", limit=5) == []
            for found in await both(index, T1, "React frontend", axis(2)):
                assert (found[0].summary.record_id, found[0].summary.version) == (
                    second.record_id,
                    2,
                )
            vector = await index.vector_matches(T1, axis(0), text="", model=MODEL, limit=5)
            mine = [m for m in vector if m.summary.candidate_id == first.candidate_id]
            assert [m.summary.record_id for m in mine] == [second.record_id]
            chunk_ids = [c.chunk_id for c in mine[0].chunks]
            assert list((await index.chunk_texts(chunk_ids)).values()) == ["React frontend"]
            third = await add(ports, Piece("Kafka streaming again", axis(3)))
            found = await index.keyword_matches(T1, "Kafka streaming", limit=5)
            assert ids(found) == [third.candidate_id]

    asyncio.run(scenario())


def test_an_erased_candidate_leaves_both_searches(backend: Backend) -> None:
    """After an erasure the candidate is found by neither search and its chunks' texts are
    gone; a chunk of an older version is readable while its candidate exists."""

    async def scenario() -> None:
        async with opened(backend) as (ports, index):
            lee = Person("Lee", "lee@x.kr")
            gone = await add(ports, Piece("Kafka streaming", axis(0)), person=lee)
            kept = await add(ports, Piece("Kafka streaming", axis(1)))
            vector = await index.vector_matches(T1, axis(0), text="", model=MODEL, limit=5)
            assert sorted(ids(vector)) == sorted([gone.candidate_id, kept.candidate_id])
            old = [c.chunk_id for c in vector[0].chunks]
            await add(ports, Piece("React frontend", axis(2)), person=lee)
            assert list((await index.chunk_texts(old)).values()) == ["Kafka streaming"]
            await ports.erase_candidate(gone.candidate_id, new_id())
            for found in await both(index, T1, "Kafka streaming", axis(0)):
                assert ids(found) == [kept.candidate_id]
            assert await index.chunk_texts(old) == {}
            assert await index.chunk_texts([]) == {}

    asyncio.run(scenario())


def test_only_vectors_of_the_model_and_dimension_are_used(backend: Backend) -> None:
    """A chunk's vector is compared only with queries of its model and dimension."""

    async def scenario() -> None:
        async with opened(backend) as (ports, index):
            old = await add(ports, Piece("Kafka", axis(0), model="old-model"))
            short = await add(ports, Piece("Kafka", axis(0, 4)))
            current = await add(ports, Piece("Kafka", axis(1)), Piece("Spark", axis(2)))
            cases = [
                (axis(0), MODEL, [current]),
                (axis(0, 4), MODEL, [short]),
                (axis(0), "old-model", [old]),
                (axis(0), "other-model", []),
            ]
            for vector, model, expected in cases:
                found = await index.vector_matches(T1, vector, text="", model=model, limit=5)
                assert ids(found) == [s.candidate_id for s in expected]

    asyncio.run(scenario())


def test_keywords_meet_on_korean_morphemes_and_need_shared_terms(backend: Backend) -> None:
    """ "백엔드개발자" finds "백엔드 개발자" and the other way round; a query sharing no term,
    or holding none, finds nothing."""

    async def scenario() -> None:
        async with opened(backend) as (ports, index):
            spaced = await add(ports, Piece("5년차 백엔드 개발자로 일했습니다", axis(0)))
            joined = await add(ports, Piece("주니어백엔드개발자 채용에 지원", axis(1)))
            await add(ports, Piece("프론트엔드 디자이너", axis(2)))
            for query in ("백엔드개발자", "백엔드 개발자를"):
                found = await index.keyword_matches(T1, query, limit=10)
                assert sorted(ids(found)) == sorted([spaced.candidate_id, joined.candidate_id])
            for query in ("Gardening tools", "", "the and of"):
                assert await index.keyword_matches(T1, query, limit=10) == []

    asyncio.run(scenario())


def test_refresh_is_idempotent_and_changes_no_result(backend: Backend) -> None:
    """refresh indexes at most the latest chunks not yet indexed, then none; the same
    candidates and chunks are found before and after (SQLite's bm25 scores move: they count
    every tenant's chunks)."""

    async def scenario() -> None:
        async with opened(backend) as (ports, index):
            lee = Person("Lee", "lee@x.kr")
            await add(ports, Piece("Kafka streaming", axis(0)), person=lee)
            await add(ports, Piece("Kafka admin", axis(1)), Piece("Spark", axis(2)), person=lee)
            await add(ports, Piece("Kafka ops", axis(3)))
            await add(ports, Piece("Kafka elsewhere", axis(0)), tenant="t2")
            assert 0 <= await index.refresh("t1") <= 3
            assert await index.refresh("t1") == 0
            before = [chunks_of(found) for found in await both(index, T1, "Kafka", axis(0))]
            assert 0 <= await index.refresh(None) <= 1
            assert (await index.refresh(None), await index.refresh("t9")) == (0, 0)
            after = [chunks_of(found) for found in await both(index, T1, "Kafka", axis(0))]
            assert after == before

    asyncio.run(scenario())


def test_a_reembedded_chunk_is_searched_with_its_new_vector(backend: Backend) -> None:
    """A chunk stored without a vector is found by vector search once `store_vectors` gave it
    one of the query's model."""

    async def scenario() -> None:
        async with opened(backend) as (ports, index):
            late = await add(ports, Piece("Kafka streaming", None))
            other = await add(ports, Piece("Spark", axis(1)), Piece("Flink", axis(2)))
            found = await index.vector_matches(T1, axis(0), text="", model=MODEL, limit=5)
            assert ids(found) == [other.candidate_id]
            stale = await index.stale_chunks(
                model=MODEL, dim=DIM, every=False, tenant_id="t1", after=0, limit=10
            )
            assert [chunk.text for chunk in stale] == ["Kafka streaming"]
            assert await index.store_vectors({stale[0].chunk_id: axis(0)}, model=MODEL, dim=DIM)
            found = await index.vector_matches(T1, axis(0), text="", model=MODEL, limit=5)
            assert ids(found)[0] == late.candidate_id

    asyncio.run(scenario())
