"""Choosing the embedder from settings: the config check names what the openai provider lacks,
and the composition root builds (and closes) the configured embedder."""

from __future__ import annotations

import asyncio
from pathlib import Path

from resume_worker.adapters.local.embedder import LocalEmbedder
from resume_worker.adapters.openai.embedder import OpenAIEmbedder
from resume_worker.composition.config import config_problems
from resume_worker.composition.embedding import open_embedder
from resume_worker.settings import Settings
from tests.openai_server import OpenAIServer


def test_openai_provider_needs_base_url_model_and_dim(tmp_path: Path) -> None:
    """provider=openai without an endpoint, a model or a dimension is refused at start-up,
    each missing setting named; the local default needs nothing."""
    problems = config_problems(Settings(data_dir=tmp_path, embedding={"provider": "openai"}))
    assert [p for p in problems if "EMBEDDING" in p] == [
        f"RESUME_WORKER_EMBEDDING__{name} is required for embedding.provider=openai"
        for name in ("BASE_URL", "MODEL", "DIM")
    ]
    complete = {"provider": "openai", "base_url": "http://127.0.0.1:1/v1", "model": "m", "dim": 8}
    assert not [
        p for p in config_problems(Settings(data_dir=tmp_path, embedding=complete)) if "mbed" in p
    ]
    assert not [p for p in config_problems(Settings(data_dir=tmp_path)) if "mbed" in p]


def test_open_embedder_builds_the_configured_provider(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    """local -> the in-process model; openai -> a client of the configured endpoint whose
    settings (model, dim, limit, retries) reach the adapter, closed when the block ends."""
    embedding = {
        "provider": "openai",
        "base_url": openai_server.base_url,
        "api_key": "sk-test",
        "model": "embed-x",
        "dim": 8,
        "max_input_tokens": 1000,
        "retries": 5,
    }

    async def scenario() -> None:
        async with open_embedder(Settings(data_dir=tmp_path)) as local:
            assert isinstance(local, LocalEmbedder)
        async with open_embedder(Settings(data_dir=tmp_path, embedding=embedding)) as remote:
            assert isinstance(remote, OpenAIEmbedder)
            assert (remote.model, remote.dim, remote.endpoint.retries) == ("embed-x", 8, 5)
            assert remote.max_tokens < 1000
            assert len(await remote.embed_query("백엔드")) == 8
        assert remote._client.is_closed()
        (request,) = openai_server.requests_for("embeddings")
        assert request.headers["authorization"] == "Bearer sk-test"

    asyncio.run(scenario())


def test_open_embedder_yields_the_local_model_a_process_shares(tmp_path: Path) -> None:
    """A worker passes its process's one local model; every thread's services embed with it."""
    shared = LocalEmbedder()

    async def scenario() -> None:
        async with open_embedder(Settings(data_dir=tmp_path), local=shared) as embedder:
            assert embedder is shared

    asyncio.run(scenario())
