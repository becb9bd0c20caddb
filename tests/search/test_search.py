"""Candidate search end to end, on SQLite and on PostgreSQL (pgvector): resumes processed by the
real pipeline, searched through the real index and the local embedder; reciprocal rank fusion;
snippets; reembed after a model change."""

from __future__ import annotations

import asyncio
import json

import pytest

from resume_worker.composition.search import SearchServices, build_search
from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.ports.search import CandidateMatch, CandidateSummary, SearchFilters
from resume_worker.jobs.reembed import reembed
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.pipeline import Services
from resume_worker.search.fusion import fuse
from resume_worker.search.hybrid import SearchResult, search_candidates
from resume_worker.search.query_cache import CachedQueryEmbedder
from resume_worker.search.snippets import snippet
from resume_worker.settings import Settings
from tests.e2e import SAMPLES
from tests.fakes.embedder import FakeEmbedder
from tests.stored_data import BACKENDS, Store, open_store

FILES = ("ko-developer.pdf", "ko-markdown.md", "en-one-column.pdf")


def match(candidate_id: str) -> CandidateMatch:
    return CandidateMatch(CandidateSummary(candidate_id, "r", 1, None, (), ""), 0.0, ())


def test_reciprocal_rank_fusion_with_k_60() -> None:
    """score = sum of 1/(60 + rank); a candidate high in both lists beats one top in one."""
    fused = fuse({"vector": [match("a"), match("b")], "keyword": [match("b"), match("c")]})
    assert [cid for cid, _ in fused] == ["b", "a", "c"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[1][1] == pytest.approx(1 / 61)


def test_snippet_centres_on_the_words_of_a_korean_compound() -> None:
    """A query "백엔드개발자" centres the snippet on "백엔드 개발자" far into the chunk."""
    text = "가" * 500 + " 백엔드 개발자로 일했습니다 " + "나" * 500
    piece = snippet(text, "백엔드개발자", width=60)
    assert "백엔드 개발자" in piece and piece.startswith("…") and piece.endswith("…")
    assert snippet("short text", "nothing") == "short text"


class CountingEmbedder(FakeEmbedder):
    """Remembers each query it embedded."""

    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    async def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return await super().embed_query(text)


def test_query_vectors_are_kept_least_recently_used_first_out() -> None:
    """A repeated query skips the model and gets the same vector; past the size the least
    recently used query is forgotten; passages always reach the model."""
    model = CountingEmbedder()
    cached = CachedQueryEmbedder(model, size=2)

    async def scenario() -> None:
        first = await cached.embed_query("a")
        assert await cached.embed_query("a") == first
        for query in ("b", "a", "c", "b"):  # "c" pushes out "b", the least recently used
            await cached.embed_query(query)
        await cached.embed_passages(["a"])

    asyncio.run(scenario())
    assert model.queries == ["a", "b", "c", "b"] and model.batches == [["a"]]
    assert (cached.model, cached.dim) == (model.model, model.dim)


@pytest.fixture(scope="module", params=BACKENDS)
def processed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Three sample resumes of tenant acme and the same three of tenant other, per backend."""
    store = open_store(request, tmp_path_factory.mktemp("search") / "data")

    async def body(services: Services) -> None:
        for tenant in ("acme", "other"):
            for name in FILES:
                data = (SAMPLES / name).read_bytes()
                job = await accept_job(services, data, file_name=name, tenant_id=tenant)
                outcome = await run_job(job.id, services)
                assert outcome.status.value == "completed", outcome

    store.run(body)
    return store


def settings_of(store: Store) -> Settings:
    return Settings(data_dir=store.data, log_format="json", **store.overrides())


def pii_of_samples() -> list[str]:
    values = []
    for name in FILES:
        profile = json.loads((SAMPLES / f"{name}.gold.json").read_text())["profile"]
        values += [profile["name"], *profile.get("emails", []), *profile.get("phones", [])]
    return values


def test_hybrid_search_is_per_tenant_grouped_and_redacted(processed: Store) -> None:
    """A Korean compound query finds the Korean backend developer first; every result is one
    of the tenant's candidates, once; snippets hold no name, email or phone."""

    async def scenario() -> list[SearchResult]:
        async with build_search(settings_of(processed)) as found:
            results = []
            for tenant in ("acme", "other"):
                result = await search_candidates(
                    "백엔드개발자",
                    SearchFilters(tenant),
                    index=found.index,
                    embedder=found.embedder,
                    top_k=10,
                )
                results.append(result)
            return results

    acme, other = asyncio.run(scenario())
    ours = {h.summary.candidate_id for h in acme.hits}
    theirs = {h.summary.candidate_id for h in other.hits}
    assert len(ours) == len(acme.hits) == 3 and len(theirs) == 3 and not ours & theirs
    first = acme.hits[0]
    assert "백엔드" in first.summary.headline and set(first.scores) == {"vector", "keyword"}
    text = json.dumps([s.text for h in acme.hits for s in h.snippets], ensure_ascii=False)
    assert not [value for value in pii_of_samples() if value in text]


def test_reembed_after_a_model_change_uses_only_new_vectors(processed: Store) -> None:
    """Vectors stored under another model are ignored by vector search; reembed re-embeds all
    of them with the current model, after which vector search finds the candidates again."""
    retire = "UPDATE {} SET model = 'retired-model' WHERE tenant_id = 'acme'"
    for table in ("chunks", "search_vectors")[: 1 if processed.backend == "sqlite" else 2]:
        processed.rows(retire.format(table))
    [(stale,)] = processed.rows("SELECT count(*) FROM chunks WHERE tenant_id = 'acme'")

    async def search(found: SearchServices) -> list[str]:
        result = await search_candidates(
            "Kafka backend engineer",
            SearchFilters("acme"),
            index=found.index,
            embedder=found.embedder,
            top_k=10,
            mode="vector",
        )
        return [h.summary.candidate_id for h in result.hits]

    async def scenario() -> tuple[list[str], int, list[str]]:
        async with build_search(settings_of(processed)) as found:
            before = await search(found)
            report = await reembed(found.index, found.embedder, batch_size=7)
            return before, report.embedded, await search(found)

    before, embedded, after = asyncio.run(scenario())
    assert before == [] and embedded == stale and len(after) == 3
    tables = ("chunks", "search_vectors")[: 1 if processed.backend == "sqlite" else 2]
    models = {row[0] for table in tables for row in processed.rows(f"SELECT model FROM {table}")}
    assert "retired-model" not in models


def test_empty_query_is_a_validation_error(processed: Store) -> None:
    """A blank query is refused with VALIDATION_ERROR before anything is searched."""

    async def scenario() -> None:
        async with build_search(settings_of(processed)) as found:
            await search_candidates(
                "  ", SearchFilters("acme"), index=found.index, embedder=found.embedder, top_k=5
            )

    with pytest.raises(WorkerError) as caught:
        asyncio.run(scenario())
    assert caught.value.code is ErrorCode.VALIDATION_ERROR
