"""The local model shared by a worker process's threads: one instance embeds from many
threads at once exactly as from one (the model is read-only, buffers are per call)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from resume_worker.adapters.local_embedder import LocalEmbedder

TEXTS = [
    "Senior project manager, risk management and agile delivery",
    "백엔드 개발자, Kotlin과 Spring 경력 5년",
    "Data engineer: Spark, Airflow, dbt",
    "간호사 면허, 중환자실 3년 근무",
]


def test_one_instance_embeds_from_many_threads_as_from_one() -> None:
    """Eight threads (each with its own event loop, as worker threads have) embed through one
    instance; every vector equals the one embedded alone, and token counts agree too."""
    embedder = LocalEmbedder()
    embedder.load()
    alone = {t: asyncio.run(embedder.embed_passages([t]))[0] for t in TEXTS}

    def embed(text: str) -> tuple[str, list[float], int]:
        vector = asyncio.run(embedder.embed_passages([text]))[0]
        return text, vector, embedder.count_tokens(text)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(embed, TEXTS * 4))
    for text, vector, tokens in results:
        assert vector == pytest.approx(alone[text], abs=1e-6)
        assert tokens == embedder.count_tokens(text)


def test_a_query_runs_on_one_openmp_thread_and_passages_on_every_core() -> None:
    """The calling thread's OpenMP thread count is 1 after a query and the core count after a
    passage; another thread's setting is its own; a query's vector does not depend on it."""
    embedder = LocalEmbedder()
    engine = embedder._loaded()
    threads = engine._lib.omp_get_max_threads
    cores = embedder._cores

    def query_then_passage() -> tuple[int, int]:
        embedder._query(TEXTS[1])
        after_query = threads()
        embedder._passages([TEXTS[1]])
        return after_query, threads()

    def passage_only() -> int:
        embedder._passages([TEXTS[0]])
        return int(threads())

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(query_then_passage).result() == (1, cores)
        assert pool.submit(embedder._query, TEXTS[2]).result() is not None
        with ThreadPoolExecutor(1) as other:
            assert other.submit(passage_only).result() == cores
        assert pool.submit(threads).result() == 1
    one_thread = embedder._query(TEXTS[3])
    engine._lib.omp_set_num_threads(cores)
    assert engine.query(TEXTS[3]).tolist() == pytest.approx(one_thread, abs=1e-5)
