"""Webhook retries never hold a job slot: a receiver that fails each event twice (503 with
Retry-After) and then accepts it, with one job slot, in the embedded runtime (`process`) and in
a real worker process on the machine's Redis; and the sweep of pending deliveries whose
scheduled attempt was lost (`webhooks redeliver --pending`)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from resume_worker.adapters.webhooks.signing import new_secret
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.pipeline import Services
from tests.e2e import SAMPLES, run_with
from tests.openai_server import OpenAIServer
from tests.queues import (
    FAST_QUEUE,
    Broker,
    WorkerProcess,
    enqueue,
    environment,
    loopback_embeddings,
    rows,
    wait_terminal,
    wait_until,
)
from tests.scripted_http import Behaviour, Recorded, ScriptedServer, respond
from tests.stored_data import cli

SECRET = new_secret()
FILES = (SAMPLES / "en-plain.txt", SAMPLES / "ko-markdown.md")
RETRY_AFTER_S = 3


class FlakyReceiver(ScriptedServer):
    """Answers the first `failures` requests of every webhook-id with 503 and a Retry-After of
    `retry_after_s`, the later ones with 204."""

    def __init__(self, failures: int, retry_after_s: int = RETRY_AFTER_S) -> None:
        super().__init__()
        self.failures = failures
        self.retry_after_s = retry_after_s
        self._seen: Counter[str] = Counter()
        self._counting = threading.Lock()

    def _take(self, request: Recorded) -> Behaviour:
        answer = super()._take(request)
        with self._counting:
            self._seen[request.headers.get("webhook-id", "")] += 1
            failing = self._seen[request.headers.get("webhook-id", "")] <= self.failures
        if failing:
            return respond(503, headers={"Retry-After": str(self.retry_after_s)})
        return answer

    def by_job(self) -> dict[str, list[Recorded]]:
        """The requests per job, in arrival order, each one's signature verified."""
        found: dict[str, list[Recorded]] = {}
        for request in self.requests:
            event = Webhook(SECRET).verify(request.body, request.headers)
            found.setdefault(event["data"]["job_id"], []).append(request)
        return found


@pytest.fixture
def flaky() -> Iterator[FlakyReceiver]:
    with FlakyReceiver(failures=2) as server:
        yield server


def webhook_env(receiver: ScriptedServer) -> dict[str, str]:
    return {
        "RESUME_WORKER_WEBHOOK__URL": receiver.url(),
        "RESUME_WORKER_WEBHOOK__SECRETS": SECRET,
        "RESUME_WORKER_WEBHOOK__ALLOW_HOSTS": "127.0.0.1",
    }


def check_slot_was_free(receiver: FlakyReceiver, job_ids: list[str]) -> None:
    """Each job's event came three times with one webhook-id (two 503s, then 204), and the
    job that ended second sent its event before the first one's was retried to the end: with
    the one slot asleep through the first job's retries the second could not have run."""
    requests = receiver.by_job()
    assert sorted(requests) == sorted(job_ids)
    for sent in requests.values():
        assert len(sent) == 3 and len({r.headers["webhook-id"] for r in sent}) == 1
        assert sent[1].at - sent[0].at >= RETRY_AFTER_S - 0.1
    first, second = sorted(requests.values(), key=lambda sent: sent[0].at)
    assert second[0].at < first[-1].at


def attempt_log(data: Path, job_id: str) -> list[tuple[Any, ...]]:
    return rows(
        data,
        "select d.status, a.verdict, a.status_code from webhook_deliveries d"
        " join webhook_attempts a on a.delivery_id = d.id where d.job_id = ? order by a.number",
        job_id,
    )


def test_embedded_process_retries_webhooks_outside_its_one_slot(
    flaky: FlakyReceiver, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    """`process --concurrency 1` with two files: the second job runs while the first job's
    event waits for its retries; the command returns once both events are delivered."""
    data = tmp_path / "data"
    env = {**webhook_env(flaky), **loopback_embeddings(openai_server)}
    done = cli("process", "--concurrency", "1", "--json", *map(str, FILES), data_dir=data, **env)
    assert done.returncode == 0, done.stderr[-3000:]
    job_ids = [job_id for (job_id,) in rows(data, "select id from jobs")]
    check_slot_was_free(flaky, job_ids)
    for job_id in job_ids:
        assert attempt_log(data, job_id) == [
            ("delivered", "retry", 503),
            ("delivered", "retry", 503),
            ("delivered", "delivered", 204),
        ]


@pytest.mark.slow
def test_worker_retries_webhooks_through_the_broker_with_one_thread(
    redis_queue: Broker,
    openai_server: OpenAIServer,
    flaky: FlakyReceiver,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    """A worker process with one thread: the first job's retries are deliver_webhook messages
    delayed on Redis, so the thread takes the second job meanwhile; both events end delivered
    with one webhook-id each."""
    data = tmp_path / "data"
    env = environment(
        data,
        redis_queue,
        **loopback_embeddings(openai_server),
        **webhook_env(flaky),
        **FAST_QUEUE,
    )
    first, second = enqueue(env, *FILES)
    worker = WorkerProcess(env, tmp_path / "worker.log", ("--threads", "1")).start()
    workers.append(worker)
    assert wait_terminal(data, [first, second], timeout=90) == {
        first: "completed",
        second: "completed",
    }
    wait_until(
        lambda: (
            rows(data, "select count(*) from webhook_deliveries where status = 'delivered'")
            == [(2,)]
        ),
        timeout=60,
        what="both events delivered",
    )
    check_slot_was_free(flaky, [first, second])
    later = [e for e in worker.logs() if e.get("event") == "webhook attempt failed, retrying later"]
    assert len(later) == 4 and all(e["wait_s"] >= RETRY_AFTER_S for e in later)


def test_sweep_sends_a_pending_delivery_whose_retry_was_lost(tmp_path: Path) -> None:
    """A process that stopped with a retry still waiting (its task cancelled, as a broker that
    lost its messages) leaves the delivery pending; `webhooks redeliver --pending` finds it
    once overdue and delivers it with its webhook-id."""
    with FlakyReceiver(failures=1, retry_after_s=1) as flaky:
        _sweep(flaky, tmp_path)


def _sweep(flaky: FlakyReceiver, tmp_path: Path) -> None:
    settings = {"url": flaky.url(), "secrets": SECRET, "allow_hosts": "127.0.0.1", "delay": 0}
    job_id = run_with(tmp_path, _end_one_job, webhook=settings)
    env = {f"RESUME_WORKER_WEBHOOK__{k.upper()}": str(v) for k, v in settings.items()}
    listed = cli("webhooks", "list", "--status", "pending", "--json", data_dir=tmp_path, **env)
    (pending,) = json.loads(listed.stdout)
    assert (pending["job_id"], pending["attempts"]) == (job_id, 1)
    time.sleep(1.1)  # its Retry-After: overdue from now on

    swept = cli("webhooks", "redeliver", "--pending", "--overdue", "0", "--json",
                data_dir=tmp_path, **env)  # fmt: skip
    assert swept.returncode == 0, swept.stderr
    (row,) = json.loads(swept.stdout)
    assert (row["id"], row["status"], row["attempts"]) == (pending["id"], "delivered", 2)
    (sent,) = flaky.by_job().values()
    assert [r.headers["webhook-id"] for r in sent] == [pending["event_id"]] * 2
    again = cli("webhooks", "redeliver", "--pending", "--overdue", "0", "--json",
                data_dir=tmp_path, **env)  # fmt: skip
    assert json.loads(again.stdout) == [] and len(flaky.requests) == 2


async def _end_one_job(services: Services) -> str:
    """Run one job (its event fails once, the retry is left on this loop) and return before
    the retry is made."""
    job = await accept_job(services, FILES[0].read_bytes(), file_name="cv.txt", tenant_id="t1")
    await run_job(job.id, services)
    return job.id
