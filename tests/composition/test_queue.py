"""The queue settings are checked at start-up: a known broker, and a job time limit that ends
before the broker would hand a running job's message to another worker."""

from __future__ import annotations

from typing import Any

import pytest

from resume_worker.composition.config import config_problems
from resume_worker.composition.queue import QueueNotConfiguredError, open_queue, queue_problems
from resume_worker.settings import Settings


def settings(**queue: Any) -> Settings:
    return Settings(queue=queue)


def test_embedded_runtime_has_no_queue_problems() -> None:
    """No broker URL: nothing to check, whatever the timings say."""
    assert queue_problems(settings(job_time_limit_s=5000)) == []


def test_time_limit_must_end_before_redis_takes_the_worker_for_dead() -> None:
    """Redis requeues a silent worker's messages after heartbeat_timeout_s: the limit must end
    at least 2 s before."""
    url = "redis://127.0.0.1:6379/0"
    assert queue_problems(settings(broker_url=url)) == []
    assert (
        queue_problems(settings(broker_url=url, job_time_limit_s=8, heartbeat_timeout_s=10)) == []
    )
    (problem,) = queue_problems(
        settings(broker_url=url, job_time_limit_s=9, heartbeat_timeout_s=10)
    )
    assert "JOB_TIME_LIMIT_S" in problem and "heartbeat_timeout_s" in problem
    assert problem in config_problems(
        settings(broker_url=url, job_time_limit_s=9, heartbeat_timeout_s=10)
    )


def test_time_limit_must_end_before_the_rabbitmq_consumer_timeout() -> None:
    """RabbitMQ closes a consumer holding a delivery past consumer_timeout (the heartbeat
    timeout is a Redis setting and does not apply)."""
    url = "amqp://guest:guest@127.0.0.1:5672/%2F"
    ok = settings(broker_url=url, job_time_limit_s=900, heartbeat_timeout_s=10)
    assert queue_problems(ok) == []
    (problem,) = queue_problems(settings(broker_url=url, consumer_timeout_s=600))
    assert "consumer_timeout_s" in problem


def test_unknown_broker_scheme_is_named_without_the_url() -> None:
    """The URL may carry a password: only its scheme appears in the problem."""
    (problem,) = queue_problems(settings(broker_url="kafka://user:hunter2@host:9092"))
    assert "kafka" in problem and "hunter2" not in problem


def test_queue_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nested variables set the queue group; CLI overrides merge with them."""
    monkeypatch.setenv("RESUME_WORKER_QUEUE__BROKER_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("RESUME_WORKER_QUEUE__WORKER_THREADS", "3")
    found = Settings(queue={"worker_processes": 2})
    assert found.queue.broker_url == "redis://127.0.0.1:6379/3"
    assert (found.queue.worker_threads, found.queue.worker_processes) == (3, 2)


def test_commands_that_need_the_broker_refuse_an_empty_url() -> None:
    with pytest.raises(QueueNotConfiguredError, match="BROKER_URL"), open_queue(settings()):
        pass
