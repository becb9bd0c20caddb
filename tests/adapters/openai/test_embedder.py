"""The OpenAI-compatible embedder against the loopback server: batching, truncation, our retries
(429 with Retry-After, 5xx, timeouts), malformed replies, and a partial job when some batches
fail for good."""

from __future__ import annotations

import asyncio
import math
import sqlite3
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from resume_worker.adapters.openai.embedder import EmbeddingEndpoint, OpenAIEmbedder
from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.models import JobStatus
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.pipeline import Services
from tests.e2e import SAMPLES, run_with
from tests.openai_server import OpenAIServer, fake_embedding, hang, malformed, reply, status

T = TypeVar("T")


def endpoint(server: OpenAIServer, **overrides: Any) -> EmbeddingEndpoint:
    values: dict[str, Any] = {
        "base_url": server.base_url,
        "model": "embed-test",
        "dim": server.embedding_dim,
        "retries": 2,
        "backoff_min_s": 0.01,
        "backoff_max_s": 1.0,
        "timeout": 5.0,
    }
    return EmbeddingEndpoint(**{**values, **overrides})


def using(
    server: OpenAIServer, body: Callable[[OpenAIEmbedder], Awaitable[T]], **overrides: Any
) -> T:
    """Run `body` with an embedder created on the loop that uses it, closed after."""

    async def scenario() -> T:
        embedder = OpenAIEmbedder(endpoint(server, **overrides))
        try:
            return await body(embedder)
        finally:
            await embedder.aclose()

    return asyncio.run(scenario())


def test_one_request_per_batch_in_order_at_unit_length(openai_server: OpenAIServer) -> None:
    """Passages go in one request with the configured model; vectors come back in input order,
    unit length, of the configured dimension; `dimensions` is only sent when asked for."""
    texts = ["백엔드 개발자 Kafka", "designer", "data engineer"]
    vectors = using(openai_server, lambda e: e.embed_passages(texts))
    (request,) = openai_server.requests_for("embeddings")
    assert request.body["input"] == texts and request.body["model"] == "embed-test"
    assert "dimensions" not in request.body
    for text, vector in zip(texts, vectors, strict=True):
        assert vector == pytest.approx(fake_embedding(text, 8), abs=1e-6)
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-6)
    using(openai_server, lambda e: e.embed_query("q"), send_dimensions=True)
    assert openai_server.requests_for("embeddings")[-1].body["dimensions"] == 8


def test_more_texts_than_a_batch_go_in_several_requests(openai_server: OpenAIServer) -> None:
    """embedding.batch_size bounds each request, whoever calls (chunk_embed, reembed)."""
    texts = [f"text {i}" for i in range(5)]
    vectors = using(openai_server, lambda e: e.embed_passages(texts), batch_size=2)
    batches = [r.body["input"] for r in openai_server.requests_for("embeddings")]
    assert batches == [texts[0:2], texts[2:4], texts[4:5]]
    for text, vector in zip(texts, vectors, strict=True):
        assert vector == pytest.approx(fake_embedding(text, 8), abs=1e-6)


def test_over_long_inputs_are_cut_to_the_limit(openai_server: OpenAIServer) -> None:
    """A text over max_input_tokens (counted as UTF-8 bytes) is cut at a character boundary."""
    text = "가" * 5000  # 15,000 bytes
    using(openai_server, lambda e: e.embed_query(text), max_input_tokens=1000)
    sent = openai_server.requests_for("embeddings")[0].body["input"][0]
    assert text.startswith(sent) and len(sent.encode()) <= 1000 - 8 and len(sent) >= 330


def test_429_waits_as_long_as_retry_after_asks(openai_server: OpenAIServer) -> None:
    """A rate limit with Retry-After is retried after at least that long, then succeeds."""
    openai_server.script("embeddings", status(429, retry_after=0.4))
    began = time.monotonic()
    vectors = using(openai_server, lambda e: e.embed_passages(["a"]))
    assert time.monotonic() - began >= 0.4
    assert len(openai_server.requests_for("embeddings")) == 2 and len(vectors) == 1


def test_retry_after_beyond_the_cap_gives_up_at_once(openai_server: OpenAIServer) -> None:
    """A server asking for longer than backoff_max_s ends the call (the job decides what next)."""
    openai_server.script("embeddings", status(429, retry_after=30))
    with pytest.raises(WorkerError) as caught:
        using(openai_server, lambda e: e.embed_passages(["a"]))
    assert caught.value.retryable and caught.value.code is ErrorCode.EMBEDDING_TIMEOUT
    assert len(openai_server.requests_for("embeddings")) == 1


def test_server_errors_are_retried_within_the_budget(openai_server: OpenAIServer) -> None:
    """5xx answers are retried `retries` times; after that the call fails retryable."""
    openai_server.script("embeddings", status(500), status(503))
    assert len(using(openai_server, lambda e: e.embed_passages(["a", "b"]))) == 2
    openai_server.script("embeddings", *[status(500)] * 3)
    with pytest.raises(WorkerError) as caught:
        using(openai_server, lambda e: e.embed_passages(["a"]))
    assert caught.value.retryable and caught.value.code is ErrorCode.EMBEDDING_TIMEOUT
    assert len(openai_server.requests_for("embeddings")) == 6


def test_a_hanging_server_times_out_per_attempt(openai_server: OpenAIServer) -> None:
    """embedding.timeout bounds each attempt; a server that never answers ends EMBEDDING_TIMEOUT
    after 1 + retries attempts."""
    openai_server.script("embeddings", hang(5), hang(5))
    began = time.monotonic()
    with pytest.raises(WorkerError) as caught:
        using(openai_server, lambda e: e.embed_passages(["a"]), timeout=0.3, retries=1)
    assert time.monotonic() - began < 3
    assert caught.value.retryable and caught.value.code is ErrorCode.EMBEDDING_TIMEOUT
    assert len(openai_server.requests_for("embeddings")) == 2


def test_malformed_json_is_not_retried(openai_server: OpenAIServer) -> None:
    """A 200 whose body is not JSON is a broken server: a permanent error, no retry."""
    openai_server.script("embeddings", malformed())
    with pytest.raises(WorkerError) as caught:
        using(openai_server, lambda e: e.embed_passages(["a"]))
    assert not caught.value.retryable
    assert len(openai_server.requests_for("embeddings")) == 1


def test_vectors_of_the_wrong_dimension_are_refused(openai_server: OpenAIServer) -> None:
    """A model whose vectors do not have embedding.dim floats is misconfigured: permanent."""
    openai_server.script("embeddings", reply(embeddings=[[1.0, 0.0]]))
    with pytest.raises(WorkerError) as caught:
        using(openai_server, lambda e: e.embed_passages(["a"]))
    assert not caught.value.retryable and "expected 8" in caught.value.message


RESUME = (SAMPLES / "en-plain.txt").read_bytes()


def openai_settings(server: OpenAIServer, batch_size: int) -> dict[str, Any]:
    return {
        "embedding": {
            "provider": "openai",
            "base_url": server.base_url,
            "model": "embed-test",
            "dim": server.embedding_dim,
            "batch_size": batch_size,
            "retries": 1,
            "backoff_min_s": 0.01,
            "backoff_max_s": 0.5,
        }
    }


async def process(services: Services) -> Any:
    job = await accept_job(services, RESUME, file_name="cv.txt", tenant_id="t1")
    outcome = await run_job(job.id, services)
    stored = await services.jobs.get_outcome(job.id)
    return outcome, stored


def test_a_job_embeds_in_batches_through_the_openai_provider(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    """With embedding.provider=openai a job completes; no request holds more than batch_size
    texts and every chunk was sent once."""
    outcome, _ = run_with(tmp_path, process, **openai_settings(openai_server, 3))
    assert outcome.status is JobStatus.COMPLETED and outcome.error_code is None
    batches = [r.body["input"] for r in openai_server.requests_for("embeddings")]
    assert len(batches) >= 2 and all(1 <= len(b) <= 3 for b in batches)
    sent = [t for b in batches for t in b]
    assert len(sent) == len(set(sent)) and len(sent) <= outcome.chunks


def test_a_batch_that_fails_for_good_makes_the_job_partial(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    """One batch failing past its retries: the job ends `partial` with EMBEDDING_PARTIAL, every
    chunk is stored, and only that batch's chunks lack a vector."""
    openai_server.script("embeddings", reply(), status(500), status(500))
    outcome, stored = run_with(tmp_path, process, **openai_settings(openai_server, 2))
    assert outcome.status is JobStatus.PARTIAL
    assert outcome.error_code is ErrorCode.EMBEDDING_PARTIAL
    assert stored.status is JobStatus.PARTIAL and stored.error_code is ErrorCode.EMBEDDING_PARTIAL
    assert ErrorCode.EMBEDDING_PARTIAL.value in stored.warnings
    with sqlite3.connect(tmp_path / "resume-worker.db") as db:
        rows = db.execute("SELECT embedding IS NULL, model, dim FROM chunks").fetchall()
    missing = sum(1 for row in rows if row[0])
    assert len(rows) == outcome.chunks > 3 and 2 <= missing < len(rows)
    assert {(model, dim) for _, model, dim in rows} == {("embed-test", 8)}
    assert outcome.error_message.startswith(f"{missing} of {len(rows)} chunks have no vector")
