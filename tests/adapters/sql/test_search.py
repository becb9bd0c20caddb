"""The search index on SQLite (NumPy, FTS5) and on PostgreSQL (pgvector HNSW, full text): tenant
isolation, Korean morphemes, filters, latest versions only, the current model's vectors only, and
results that follow every change."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import event, text

from resume_worker.adapters.sql.search_cutoff import common_limit, without_common
from resume_worker.adapters.sql.search_pg.index import (
    FIRST_WINDOW,
    PgSearchIndex,
    _keyword_fetch,
    anchor_terms,
)
from resume_worker.adapters.sql.search_pg.vectors import REMEASURE_BELOW, ef_search
from resume_worker.core.ports.search import SearchFilters
from tests.pg import PgServer
from tests.search_rows import DIM, Person, SearchDb, unit
from tests.stored_data import BACKENDS

QUERY = unit(1)


def near(vector: list[float], seed: int, noise: float = 0.05) -> list[float]:
    """A unit vector close to `vector`."""
    mixed = [a + noise * b for a, b in zip(vector, unit(seed), strict=True)]
    norm = sum(x * x for x in mixed) ** 0.5
    return [x / norm for x in mixed]


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> SearchDb:
    """An empty search database of each backend."""
    if request.param == "sqlite":
        return SearchDb(tmp_path)
    server: PgServer = request.getfixturevalue("pg_server")
    database = server.create_database()
    request.addfinalizer(lambda: server.drop_database(database))
    return SearchDb(tmp_path, database)


def ids(matches: list) -> set[str]:  # type: ignore[type-arg]
    return {m.summary.candidate_id for m in matches}


@pytest.mark.slow
def test_small_tenant_gets_its_three_among_100k_chunks_of_another(db: SearchDb) -> None:
    """3 candidates of one tenant among 100,000 closer, keyword-richer chunks of another tenant:
    vector and keyword search return exactly the 3, and the big tenant never sees them; in the
    big tenant a term held by every chunk is common (search_cutoff.py) and matches nothing. On
    PostgreSQL also with the HNSW index forced for every tenant (exact_below=0): the iterative
    index scan, and the exact scan it falls back to when the index leaves too few."""
    small = [Person([(f"Kafka 백엔드 개발자 {i}", near(QUERY, i, 0.8))]) for i in range(3)]
    db.add_many("small", small)
    big = [
        Person([(f"Kafka 백엔드 개발자 Kafka {i}", near(QUERY, 100 + i * 10 + j, 0.01))
                for j in range(10)])
        for i in range(10_000)
    ]  # fmt: skip
    db.add_many("big", big)
    options = [{}] if db.backend == "sqlite" else [{}, {"exact_below": 0}]

    async def scenario(**option: int) -> None:
        async with db.index(**option) as index:
            vector = await index.vector_matches(
                SearchFilters("small"), QUERY, text="Kafka", model="test-model", limit=10
            )
            keyword = await index.keyword_matches(SearchFilters("small"), "백엔드 Kafka", limit=10)
            assert ids(vector) == ids(keyword) == {p.candidate_id for p in small}
            if option:  # the big tenant is searched the same way with either option
                return
            nearest = await index.vector_matches(
                SearchFilters("big"), QUERY, text="Kafka", model="test-model", limit=5
            )
            scores = [m.score for m in nearest]
            assert len(nearest) == 5 and scores == sorted(scores, reverse=True)
            others = await index.vector_matches(
                SearchFilters("big"), QUERY, text="Kafka", model="test-model", limit=20_000
            )
            assert len(others) == 10_000 and not ids(others) & {p.candidate_id for p in small}
            # "kafka" is in all 100,000 chunks of "big": a common term, left out of matching.
            assert await index.keyword_matches(SearchFilters("big"), "Kafka", limit=5000) == []
            rare = await index.keyword_matches(SearchFilters("big"), "Kafka 1234", limit=5000)
            assert ids(rare) == {big[1234].candidate_id}

    for option in options:
        asyncio.run(scenario(**option))


def test_korean_compound_query_finds_spaced_words_and_back(db: SearchDb) -> None:
    """ "백엔드개발자" finds "백엔드 개발자" (and the other way round) through the morphemes."""
    spaced = db.add("t", Person([("5년차 백엔드 개발자로 일했습니다", unit(2))]))
    joined = db.add("t", Person([("주니어백엔드개발자 채용에 지원", unit(3))]))
    db.add("t", Person([("프론트엔드 디자이너", unit(4))]))

    async def scenario() -> None:
        async with db.index() as index:
            found = await index.keyword_matches(SearchFilters("t"), "백엔드개발자", limit=10)
            assert ids(found) == {spaced.candidate_id, joined.candidate_id}
            found = await index.keyword_matches(SearchFilters("t"), "백엔드 개발자를", limit=10)
            assert ids(found) == {spaced.candidate_id, joined.candidate_id}

    asyncio.run(scenario())


def test_a_single_shared_generic_word_is_not_a_keyword_match(db: SearchDb) -> None:
    """A chunk must hold half of the query's distinct terms: "엔지니어" alone does not match
    "사이트 신뢰성 엔지니어 장애 대응", and English words match by stem."""
    db.add("t", Person([("데이터 엔지니어", unit(5))]))
    payments = db.add("t", Person([("Built payment systems and billing", unit(6))]))

    async def scenario() -> None:
        async with db.index() as index:
            query = "사이트 신뢰성 엔지니어 장애 대응"
            assert await index.keyword_matches(SearchFilters("t"), query, limit=10) == []
            found = await index.keyword_matches(SearchFilters("t"), "payments builds", limit=10)
            assert ids(found) == {payments.candidate_id}

    asyncio.run(scenario())


def test_a_chunk_holds_half_the_terms_and_more_terms_rank_first(db: SearchDb) -> None:
    """A 4-term query matches the chunks holding 2 or more of its terms, more terms first. On
    PostgreSQL an English stop word of the query (dropped by the text configuration) counts as
    held, as it does when dropped from an AND-group, so "we what Kafka Spark" needs one term."""
    four = db.add("t", Person([("Kafka Spark Airflow Java pipelines", unit(7))]))
    three = db.add("t", Person([("Kafka Spark Airflow", unit(8))]))
    two = db.add("t", Person([("Kafka and Java", unit(9))]))
    one = db.add("t", Person([("Kafka only here", unit(10))]))

    async def scenario() -> None:
        async with db.index() as index:
            query = "Kafka Spark Airflow Java"
            found = await index.keyword_matches(SearchFilters("t"), query, limit=10)
            assert [m.summary.candidate_id for m in found] == [
                p.candidate_id for p in (four, three, two)
            ]
            if db.backend == "postgresql":
                found = await index.keyword_matches(SearchFilters("t"), "we what Kafka", limit=10)
                assert ids(found) == {p.candidate_id for p in (four, three, two, one)}

    asyncio.run(scenario())


def test_experience_and_skill_filters_apply_before_the_top_k(db: SearchDb) -> None:
    """Filters select candidates before ranking: a senior Kotlin developer far down the vector
    ranking is still returned when the filters leave only them."""
    closest = [Person([("Kotlin", near(QUERY, i, 0.01))], months=12) for i in range(30)]
    db.add_many("t", closest)
    senior = db.add("t", Person([("Kotlin", unit(9))], months=84, skills=["Kotlin", "Spring Boot"]))
    no_months = db.add("t", Person([("Kotlin", unit(10))], skills=["kotlin"]))

    async def scenario() -> None:
        async with db.index() as index:
            filters = SearchFilters("t", min_experience_months=60, skills=("kotlin", "springboot"))
            vector = await index.vector_matches(
                filters, QUERY, text="Kotlin", model="test-model", limit=3
            )
            keyword = await index.keyword_matches(filters, "Kotlin", limit=3)
            assert ids(vector) == ids(keyword) == {senior.candidate_id}
            skilled = SearchFilters("t", skills=("KOTLIN",))
            found = await index.keyword_matches(skilled, "Kotlin", limit=10)
            assert ids(found) == {senior.candidate_id, no_months.candidate_id}

    asyncio.run(scenario())


def test_only_the_latest_version_is_searched_and_snapshots_follow_changes(db: SearchDb) -> None:
    """After a new version arrives (in the same index's lifetime), the old version's text and
    vectors no longer match; a new candidate appears without restarting anything."""
    first = db.add("t", Person([("Kafka streaming", near(QUERY, 20, 0.01))]))

    async def scenario() -> None:
        async with db.index() as index:
            assert ids(await index.keyword_matches(SearchFilters("t"), "Kafka", limit=5)) == {
                first.candidate_id
            }
            newer = Person([("React frontend", unit(21))], candidate_id=first.candidate_id)
            db.add("t", newer, version=2)
            assert await index.keyword_matches(SearchFilters("t"), "Kafka", limit=5) == []
            found = await index.vector_matches(
                SearchFilters("t"), QUERY, text="", model="test-model", limit=5
            )
            assert [m.summary.record_id for m in found] == [newer.record_id]
            assert [c.chunk_id for c in found[0].chunks] == [
                db.rows("SELECT id FROM chunks WHERE record_id = ?", newer.record_id)[0][0]
            ]
            other = db.add("t", Person([("Kafka again", unit(22))]))
            found = await index.keyword_matches(SearchFilters("t"), "Kafka", limit=5)
            assert ids(found) == {other.candidate_id}

    asyncio.run(scenario())


def test_vectors_of_another_model_are_never_used(db: SearchDb) -> None:
    """A chunk whose vector equals the query but came from another model is invisible to vector
    search until it is re-embedded with the current model."""
    old = db.add("t", Person([("anything", QUERY)], model="old-model"))
    current = db.add("t", Person([("anything", unit(30))]))

    async def scenario() -> None:
        async with db.index() as index:
            found = await index.vector_matches(
                SearchFilters("t"), QUERY, text="", model="test-model", limit=5
            )
            assert ids(found) == {current.candidate_id}
            stale = await index.stale_chunks(
                model="test-model", dim=DIM, every=False, tenant_id=None, after=0, limit=10
            )
            assert [c.text for c in stale] == ["anything"] and len(stale) == 1
            stored = await index.store_vectors(
                {stale[0].chunk_id: QUERY}, model="test-model", dim=DIM
            )
            assert stored == 1
            found = await index.vector_matches(
                SearchFilters("t"), QUERY, text="", model="test-model", limit=5
            )
            assert found[0].summary.candidate_id == old.candidate_id

    asyncio.run(scenario())


def test_deleting_chunks_removes_their_keyword_rows(db: SearchDb) -> None:
    """An erased chunk's morphemes (and on PostgreSQL its vector) leave the search index in the
    same transaction (trigger, or foreign key)."""
    person = db.add("t", Person([("개인 경력 기술서", unit(40))]))
    tables = ["chunk_terms"] if db.backend == "sqlite" else ["search_terms", "search_vectors"]

    async def scenario() -> None:
        async with db.index() as index:
            assert await index.refresh("t") == (1 if db.backend == "sqlite" else 0)

    asyncio.run(scenario())
    assert [db.rows(f"SELECT count(*) FROM {table}") for table in tables] == [[(1,)]] * len(tables)
    db.rows("DELETE FROM chunks WHERE candidate_id = ?", person.candidate_id)
    assert [db.rows(f"SELECT count(*) FROM {table}") for table in tables] == [[(0,)]] * len(tables)


def test_common_terms_cutoff_rule() -> None:
    """A tenant of 2,000 chunks or fewer has no common term; past that a term held by more than
    max(2,000, 2 %) of the chunks is common and left out; a query of common terms only keeps
    none (the vector side ranks alone)."""
    assert common_limit(2000) is None and common_limit(2001) == 2000
    assert common_limit(1_000_000) == 20_000
    assert without_common(["kafka", "백", "kafka", "엔드"], {"백"}) == ["kafka", "엔드"]
    assert without_common(["개발자"], {"개발자"}) == []


def test_postgresql_sets_the_hnsw_scan_once_per_connection(db: SearchDb) -> None:
    """PostgreSQL searches read in autocommit, so the HNSW settings are set for the session: the
    first search on a pooled connection sends them, later ones with the same window do not, and
    the connection holds them afterwards."""
    if db.backend != "postgresql":
        pytest.skip("HNSW settings exist on PostgreSQL only")
    db.add_many("t", [Person([(f"Kafka {i}", near(QUERY, i))]) for i in range(5)])

    async def scenario() -> None:
        async with db.index(exact_below=0) as index:
            sent: list[str] = []
            engine = index._engine.sync_engine
            event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
            for _ in range(3):
                found = await index.vector_matches(
                    SearchFilters("t"), QUERY, text="Kafka", model="test-model", limit=5
                )
                assert len(found) == 5
            assert sum("set_config" in statement for statement in sent) == 1
            async with index._reads.connect() as conn:
                shown = await conn.execute(text("SHOW hnsw.ef_search"))
                assert shown.scalar_one() == str(ef_search(FIRST_WINDOW // 2))

    asyncio.run(scenario())


def test_postgresql_refresh_forgets_the_tenant_measures(db: SearchDb) -> None:
    """PostgreSQL keeps a tenant's term counts and vector space for a minute; `refresh`, which
    follows a bulk change, drops them, so the next search measures the tenant as it is now: a
    tenant grown past EXACT_BELOW is searched through the HNSW index at once."""
    if db.backend != "postgresql":
        pytest.skip("SQLite keeps them for one generation of the tenant")
    db.add_many("t", [Person([(f"Kafka {i}", near(QUERY, i))]) for i in range(REMEASURE_BELOW)])

    async def search(index: PgSearchIndex) -> None:
        await index.vector_matches(
            SearchFilters("t"), QUERY, text="Kafka", model="test-model", limit=3
        )

    async def scenario() -> None:
        async with db.index(exact_below=REMEASURE_BELOW + 5) as index:
            assert isinstance(index, PgSearchIndex)
            await search(index)
            await index.keyword_matches(SearchFilters("t"), "Kafka", limit=3)
            db.add_many("t", [Person([(f"Spark {i}", near(QUERY, 500 + i))]) for i in range(9)])
            assert index._counts.get("t") == REMEASURE_BELOW
            await search(index)
            assert next(iter(index._vectors._spaces.values())).size == REMEASURE_BELOW
            await index.refresh("t")
            assert index._counts.get("t") is None
            await search(index)
            assert next(iter(index._vectors._spaces.values())).size == REMEASURE_BELOW + 9

    asyncio.run(scenario())


def test_anchor_terms_are_the_rarest_that_every_match_holds_one_of() -> None:
    """Of 5 terms a match holds 3, so it holds one of any 3: the 3 rarest when every term is
    counted, all 5 when some are not (a small tenant counts none)."""
    terms = ["물류", "재고", "시스템", "개발", "경력"]
    counts = {"물류": 40, "재고": 12, "시스템": 1500, "개발": 1900, "경력": 800}
    assert anchor_terms(terms, counts) == ["재고", "물류", "경력"]
    assert anchor_terms(terms, {}) == terms
    assert anchor_terms(["kafka"], {"kafka": 3}) == ["kafka"]


def test_postgresql_keyword_rows_do_not_depend_on_the_anchors(db: SearchDb) -> None:
    """The same rows and scores whichever n - need + 1 terms the index reads (with no counts, all
    of them), for chunks holding every subset of the query's terms."""
    if db.backend != "postgresql":
        pytest.skip("anchors are how PostgreSQL reads its GIN index")
    words = ["kafka", "spark", "airflow", "java", "kotlin"]
    db.add_many(
        "t",
        [
            Person(
                [(" ".join(w for j, w in enumerate(words) if mask >> j & 1) + " etl", unit(mask))]
            )
            for mask in range(1, 32)
        ],
    )

    async def rows(counts: dict[str, int]) -> list[tuple[int, float]]:
        async with db.index() as index, index._reads.connect() as conn:
            found, _ = await _keyword_fetch(conn, SearchFilters("t"), words, counts)(256)
            return [(row.chunk_id, round(row.score, 6)) for row in found]

    every = asyncio.run(rows({}))
    assert len(every) == 16  # the chunks holding 3, 4 or 5 of the 5 words
    for order in ([1, 2, 3, 4, 5], [5, 4, 3, 2, 1], [3, 1, 5, 2, 4]):
        assert asyncio.run(rows(dict(zip(words, order, strict=True)))) == every
