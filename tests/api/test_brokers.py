"""With a broker configured the API enqueues on it (Redis and RabbitMQ of this machine) and
/readyz checks it; a broker that does not answer makes the API unready."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from resume_worker.composition.queue import open_queue
from resume_worker.settings import Settings
from tests.api.harness import bearer, running_api
from tests.queues import Broker, any_queue  # noqa: F401 - a fixture
from tests.stored_data import EN_PLAIN


def test_uploads_go_to_the_broker(tmp_path: Path, any_queue: Broker) -> None:  # noqa: F811
    """An upload's job id arrives at a worker consuming the broker queue; /readyz lists the
    broker as answering."""
    queue_settings = {"broker_url": any_queue.url, "name": any_queue.queue}
    received: list[str] = []
    arrived = threading.Event()

    def handle(job_id: str) -> None:
        received.append(job_id)
        arrived.set()

    async def scenario() -> str:
        async with running_api(tmp_path / "data", record=False, queue=queue_settings) as api:
            ready = await api.client.get("/readyz")
            assert ready.status_code == 200, ready.text
            assert ready.json()["checks"]["broker"] == "ok"
            token = await api.key()
            sent = await api.client.post(
                "/v1/resumes", headers=bearer(token), files={"file": ("cv.txt", EN_PLAIN)}
            )
            assert sent.status_code == 202 and sent.json()["status"] == "queued"
            return str(sent.json()["job_id"])

    job_id = asyncio.run(scenario())
    settings = Settings(data_dir=tmp_path / "data", queue=queue_settings)
    with open_queue(settings, handle=handle) as consumer:
        worker = consumer.start_worker(1)
        try:
            assert arrived.wait(30), "the job id never reached the broker"
        finally:
            worker.stop()
    assert received == [job_id]


def test_a_silent_broker_makes_the_api_unready(tmp_path: Path) -> None:
    """Nothing listens on the broker's port: /readyz is 503 with the broker check failed and
    no part of the URL in the answer."""

    async def scenario() -> None:
        broker = {"broker_url": "redis://:hunter2@127.0.0.1:9/0"}
        async with running_api(tmp_path / "data", queue=broker) as api:
            ready = await api.client.get("/readyz")
            assert ready.status_code == 503
            checks = ready.json()["checks"]
            assert checks["broker"].startswith("error") and checks["database"] == "ok"
            assert "hunter2" not in ready.text and "127.0.0.1" not in ready.text

    asyncio.run(scenario())
