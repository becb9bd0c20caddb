"""The Embedder contract: the same suite on the fake, the local model and the OpenAI-compatible
adapter against the loopback server."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resume_worker.adapters.local.embedder import LocalEmbedder
from resume_worker.adapters.openai.embedder import EmbeddingEndpoint, OpenAIEmbedder
from tests.fakes.embedder import FakeEmbedder
from tests.openai_server import OpenAIServer

Embedder = FakeEmbedder | LocalEmbedder | OpenAIEmbedder


@pytest.fixture(params=["fake", "local", "openai"])
def make_embedder(request: pytest.FixtureRequest) -> Callable[[], Embedder]:
    """Builds the embedder inside the test's event loop (the openai client belongs to one)."""
    if request.param == "fake":
        return FakeEmbedder
    if request.param == "local":
        return LocalEmbedder
    server: OpenAIServer = request.getfixturevalue("openai_server")
    server.embedding_dim = 16
    endpoint = EmbeddingEndpoint(base_url=server.base_url, model="e", dim=16, max_input_tokens=512)
    return lambda: OpenAIEmbedder(endpoint)


def in_loop(make: Callable[[], Embedder], body: Callable[[Embedder], Awaitable[None]]) -> None:
    async def scenario() -> None:
        embedder = make()
        try:
            await body(embedder)
        finally:
            if isinstance(embedder, OpenAIEmbedder):
                await embedder.aclose()

    asyncio.run(scenario())


def test_embedder_returns_unit_vectors_of_its_dimension(
    make_embedder: Callable[[], Embedder],
) -> None:
    """Passages and queries come back as unit-length vectors of `dim` floats, one per input;
    an empty batch is an empty answer."""

    async def body(embedder: Embedder) -> None:
        vectors = await embedder.embed_passages(["백엔드 개발자 Kafka", "designer"])
        query = await embedder.embed_query("backend")
        assert [len(v) for v in vectors] == [embedder.dim, embedder.dim]
        assert len(query) == embedder.dim > 0
        for vector in [*vectors, query]:
            assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-3)
        assert await embedder.embed_passages([]) == []

    in_loop(make_embedder, body)


def test_embedder_is_deterministic(make_embedder: Callable[[], Embedder]) -> None:
    """The same text embeds to the same vector, alone or inside a batch."""

    async def body(embedder: Embedder) -> None:
        first = (await embedder.embed_passages(["Python Kafka"]))[0]
        second = (await embedder.embed_passages(["other", "Python Kafka"]))[1]
        assert first == pytest.approx(second, abs=1e-5)

    in_loop(make_embedder, body)


WORDS = st.sampled_from(["Kafka", "백엔드", "개발자입니다.", "data", "pipelines,", "\n", "2019.03"])


@settings(max_examples=30, deadline=None)
@given(parts=st.lists(st.lists(WORDS, min_size=1, max_size=30).map(" ".join), max_size=6))
def test_token_counts_are_what_the_chunker_assumes(parts: list[str]) -> None:
    """Each embedder's count grows with the text and starts far below max_tokens, and for
    ordinary text a join of pieces counts no more than the chunker's summed estimate (the
    pieces' counts less the per-input overhead, count("") - 1, for every piece after the first).
    Exotic spaces (U+3000, NBSP) can add a token locally; the chunker counts every window of
    several pieces whole, so that only costs a re-pack."""
    remote = OpenAIEmbedder(EmbeddingEndpoint(base_url="http://127.0.0.1:9/v1", model="e", dim=4))
    for embedder in (FakeEmbedder(), LocalEmbedder(), remote):
        count = embedder.count_tokens
        assert 0 <= count("") <= count("word") < count("word " * 50) < embedder.max_tokens
        base = count("") - 1
        estimate = base + sum(count(p) - base for p in parts)
        assert count(" ".join(parts)) <= max(estimate, count(""))
    asyncio.run(remote.aclose())
