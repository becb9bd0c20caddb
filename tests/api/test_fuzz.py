"""Schemathesis against the OpenAPI document of a real server on loopback: requests generated
from the schema (valid and invalid), with a key holding every scope, never get a 5xx answer.

Bounded to FUZZ_EXAMPLES examples per operation so the run stays well under a minute; jobs are
recorded, not run, so the fuzzer exercises the API rather than the pipeline.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from resume_worker.api.app import create_app
from resume_worker.composition.api import open_api_keys
from resume_worker.settings import Settings
from tests.api.harness import ALL_SCOPES, RecordingQueue, bearer
from tests.api.test_server import free_port

FUZZ_EXAMPLES = 12


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """(base URL, auth headers) of the app served by uvicorn in a thread."""
    data: Path = tmp_path_factory.mktemp("fuzz") / "data"
    config = Settings(data_dir=data, log_format="json", log_level="error")

    async def make_key() -> str:
        async with open_api_keys(config) as keys:
            return (await keys.create_key("t1", ALL_SCOPES, "fuzz"))[1]

    token = asyncio.run(make_key())
    app = create_app(config, queue=RecordingQueue())
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.started
    # The first search loads the embedding model and the Korean analyser: not a fuzz finding.
    warm = httpx.get(f"{url}/v1/search", params={"q": "warm"}, headers=bearer(token), timeout=300)
    assert warm.status_code == 200, warm.text
    yield url, bearer(token)
    server.should_exit = True
    thread.join(30)


# The document alone needs no running app (nothing is opened before the lifespan starts).
schema = schemathesis.openapi.from_dict(create_app(Settings(data_dir=Path("unused"))).openapi())


@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_server_errors(case: schemathesis.Case, target: tuple[str, dict[str, str]]) -> None:
    """No generated request makes the API answer 5xx (503 from an unready dependency aside)."""
    url, auth = target
    response = case.call(base_url=url, headers=auth, timeout=60)
    if response.status_code == 503:  # a dependency not answering
        return
    case.validate_response(response, checks=[not_a_server_error])
