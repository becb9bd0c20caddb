"""Readiness of the configured broker: a Redis PING, or an AMQP connection opened and closed."""

from __future__ import annotations

import asyncio
from urllib.parse import urlparse

import pika  # type: ignore[import-untyped]
import redis.asyncio

from resume_worker.adapters.error_map import to_worker_error


async def ping_broker(url: str, *, timeout_s: float) -> None:
    """Return when the broker answers within `timeout_s`; raise WorkerError (never the URL, which
    may hold a password) when it does not."""
    try:
        if urlparse(url).scheme.startswith("redis"):
            client = redis.asyncio.from_url(
                url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
            )
            try:
                await client.ping()
            finally:
                await client.aclose()
        else:
            await asyncio.to_thread(_amqp_ping, url, timeout_s)
    except Exception as exc:
        raise to_worker_error(exc, "queue") from exc


def _amqp_ping(url: str, timeout_s: float) -> None:
    parameters = pika.URLParameters(url)
    parameters.socket_timeout = timeout_s
    parameters.blocked_connection_timeout = timeout_s
    parameters.connection_attempts = 1
    pika.BlockingConnection(parameters).close()
