"""Builds the configured Embedder from settings for the composition root, and checks them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from resume_worker.adapters.local.embedder import LocalEmbedder
from resume_worker.adapters.openai.embedder import EmbeddingEndpoint, OpenAIEmbedder
from resume_worker.core.ports.embedder import Embedder
from resume_worker.settings import Settings


def embedding_problems(settings: Settings) -> list[str]:
    """The openai provider needs an endpoint, a model and the dimension of its vectors."""
    embedding = settings.embedding
    if embedding.provider == "local":
        return []
    needed = {
        "RESUME_WORKER_EMBEDDING__BASE_URL": embedding.base_url,
        "RESUME_WORKER_EMBEDDING__MODEL": embedding.model,
        "RESUME_WORKER_EMBEDDING__DIM": embedding.dim,
    }
    problems = [
        f"{name} is required for embedding.provider=openai"
        for name, value in needed.items()
        if not value
    ]
    if embedding.backoff_min_s > embedding.backoff_max_s:
        problems.append("embedding.backoff_min_s must not exceed embedding.backoff_max_s")
    return problems


def embedding_endpoint(settings: Settings) -> EmbeddingEndpoint:
    embedding = settings.embedding
    return EmbeddingEndpoint(
        base_url=embedding.base_url,
        model=embedding.model,
        dim=embedding.dim or 0,
        api_key=embedding.api_key.get_secret_value(),
        send_dimensions=embedding.send_dimensions,
        max_input_tokens=embedding.max_input_tokens,
        batch_size=embedding.batch_size,
        timeout=embedding.timeout,
        retries=embedding.retries,
        backoff_min_s=embedding.backoff_min_s,
        backoff_max_s=embedding.backoff_max_s,
    )


@asynccontextmanager
async def open_embedder(
    settings: Settings, *, local: LocalEmbedder | None = None
) -> AsyncIterator[Embedder]:
    """The local model (`local`, the one a worker process shares between its threads, or a
    new one), or an OpenAI-compatible client (created on this loop, closed after)."""
    if settings.embedding.provider == "local":
        yield local or LocalEmbedder()
        return
    embedder = OpenAIEmbedder(embedding_endpoint(settings))
    try:
        yield embedder
    finally:
        await embedder.aclose()
