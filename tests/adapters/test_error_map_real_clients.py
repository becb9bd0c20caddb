"""Failures raised by the real clients (httpx, openai, redis, psycopg, SQLAlchemy) map right."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import psycopg
import pytest
import redis
import sqlalchemy
from redis.backoff import NoBackoff
from redis.retry import Retry

from resume_worker.adapters.error_map import Role, to_worker_error
from resume_worker.core.errors import ErrorCode, PermanentError, RetryableError, WorkerError
from resume_worker.event_loop import run_async
from tests.openai_server import OpenAIServer, hang, status

MESSAGES: list[Any] = [{"role": "user", "content": "hi"}]


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    yield port


def _mapped(call: Callable[[], object], role: Role) -> WorkerError:
    with pytest.raises(Exception) as caught:
        call()
    assert isinstance(caught.value, Exception)
    return to_worker_error(caught.value, role)


def _chat(server_url: str, timeout: float = 5.0) -> Callable[[], object]:
    async def call() -> None:
        client = openai.AsyncOpenAI(
            base_url=server_url, api_key="k", max_retries=0, timeout=timeout
        )
        async with client:
            await client.chat.completions.create(model="m", messages=MESSAGES)

    return lambda: run_async(call())


@pytest.mark.parametrize(
    ("behaviour", "expected_class", "expected_code"),
    [
        (status(429, retry_after=2), RetryableError, ErrorCode.LLM_RATE_LIMIT),
        (status(500), RetryableError, ErrorCode.LLM_UNAVAILABLE),
        (status(503), RetryableError, ErrorCode.LLM_UNAVAILABLE),
        (status(400), PermanentError, ErrorCode.ANALYSIS_FAILED),
        (hang(5), RetryableError, ErrorCode.LLM_TIMEOUT),
    ],
)
def test_openai_sdk_failures_map_to_llm_codes(
    openai_server: OpenAIServer, behaviour: Any, expected_class: type, expected_code: ErrorCode
) -> None:
    """Scripted 429/5xx/400/hang answers raised by the real SDK map to the LLM codes."""
    openai_server.script("chat", behaviour)
    error = _mapped(_chat(openai_server.base_url, timeout=0.3), "llm")
    assert type(error) is expected_class and error.code is expected_code
    if expected_code is ErrorCode.LLM_RATE_LIMIT:
        assert error.details["retry_after_s"] == 2.0


def test_openai_sdk_connection_refused_is_unavailable(closed_port: int) -> None:
    """Nothing listening gives APIConnectionError, a retryable LLM_UNAVAILABLE."""
    error = _mapped(_chat(f"http://127.0.0.1:{closed_port}/v1"), "llm")
    assert isinstance(error, RetryableError) and error.code is ErrorCode.LLM_UNAVAILABLE
    assert isinstance(error.__cause__, openai.APIConnectionError)


def test_httpx_timeouts_and_refusals_follow_the_role(
    openai_server: OpenAIServer, closed_port: int
) -> None:
    """httpx ReadTimeout and ConnectError are retryable with the code of the call's role."""
    openai_server.script("embeddings", hang(5))
    url = openai_server.base_url + "/embeddings"
    timeout = _mapped(lambda: httpx.post(url, json={}, timeout=0.2), "embedding")
    assert isinstance(timeout, RetryableError) and timeout.code is ErrorCode.EMBEDDING_TIMEOUT
    refused = _mapped(lambda: httpx.get(f"http://127.0.0.1:{closed_port}/"), "webhook")
    assert isinstance(refused, RetryableError) and refused.code is ErrorCode.WEBHOOK_ERROR
    assert isinstance(refused.__cause__, httpx.ConnectError)


def test_redis_connection_refused_is_retryable(closed_port: int) -> None:
    """A Redis client that cannot connect raises a retryable NETWORK_ERROR for the queue."""
    no_retry = Retry(NoBackoff(), 0)
    client = redis.Redis(
        host="127.0.0.1", port=closed_port, socket_connect_timeout=1, retry=no_retry
    )
    error = _mapped(client.ping, "queue")
    assert isinstance(error, RetryableError) and error.code is ErrorCode.NETWORK_ERROR


def test_postgres_connection_refused_is_db_connection(closed_port: int) -> None:
    """psycopg and SQLAlchemy connection failures are retryable DB_CONNECTION."""
    dsn = f"host=127.0.0.1 port={closed_port} user=x dbname=x connect_timeout=2"
    direct = _mapped(lambda: psycopg.connect(dsn), "database")
    assert isinstance(direct, RetryableError) and direct.code is ErrorCode.DB_CONNECTION
    engine = sqlalchemy.create_engine(f"postgresql+psycopg://x@127.0.0.1:{closed_port}/x")
    wrapped = _mapped(engine.connect, "database")
    assert isinstance(wrapped, RetryableError) and wrapped.code is ErrorCode.DB_CONNECTION
    assert isinstance(wrapped.__cause__, sqlalchemy.exc.OperationalError)
    engine.dispose()


def test_sqlite_lock_is_retryable_but_a_missing_table_is_not(tmp_path: Path) -> None:
    """A locked SQLite database is a transient conflict; SQL against a missing table is a bug."""
    path = tmp_path / "jobs.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE jobs (id INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    waiter = sqlite3.connect(path, timeout=0)
    engine = sqlalchemy.create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    try:
        locked = _mapped(lambda: waiter.execute("SELECT * FROM jobs"), "database")
        assert isinstance(locked, RetryableError) and locked.code is ErrorCode.DB_CONNECTION
        with engine.connect() as connection:
            query = sqlalchemy.text("SELECT * FROM jobs")
            via_orm = _mapped(lambda: connection.execute(query), "database")
        assert isinstance(via_orm, RetryableError) and via_orm.code is ErrorCode.DB_CONNECTION
        holder.execute("ROLLBACK")
        missing = _mapped(lambda: waiter.execute("SELECT * FROM nope"), "database")
        assert isinstance(missing, PermanentError) and missing.code is ErrorCode.INTERNAL_ERROR
    finally:
        engine.dispose()
        waiter.close()
        holder.close()


def test_missing_local_file_is_a_permanent_storage_error(tmp_path: Path) -> None:
    """Opening a missing file fails permanently with STORAGE_ERROR whatever the role."""
    error = _mapped((tmp_path / "missing.bin").read_bytes, "database")
    assert isinstance(error, PermanentError) and error.code is ErrorCode.STORAGE_ERROR
    assert "missing.bin" not in str(error)
