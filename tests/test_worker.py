"""The distributed worker end to end: `resume-worker enqueue`, `worker` and `jobs failed|retry`
as subprocesses on the machine's Redis and RabbitMQ, the loopback OpenAI server as the LLM."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from tests.e2e import SAMPLES
from tests.openai_server import OpenAIServer, answer, latency, status
from tests.queues import (
    FAST_QUEUE,
    Broker,
    WorkerProcess,
    cli,
    enqueue,
    environment,
    loopback_embeddings,
    rows,
    wait_terminal,
    wait_until,
)

PLAIN = SAMPLES / "en-plain.txt"
MARKDOWN = SAMPLES / "ko-markdown.md"
# What the LLM answers for en-plain.txt (contacts as the placeholders the analyst sent): a
# profile good enough that the quality refund rule leaves its charge alone.
PROFILE = {
    "name": "Morgan Castillo",
    "emails": ["[EMAIL_1]"],
    "phones": ["[PHONE_1]"],
    "careers": [
        {"company": "Dell Technologies", "position": "Senior Project Manager",
         "start": "2021-01", "is_current": True}
    ],
    "skills": ["Risk management"],
}  # fmt: skip


def llm_env(server: OpenAIServer) -> dict[str, str]:
    """The llm analyst on the loopback server with no adapter retries: one failed call spends
    the adapter's budget, so every failure reaches the job level."""
    return {
        "RESUME_WORKER_LLM__ANALYST": "llm",
        "RESUME_WORKER_LLM__BASE_URL": server.base_url,
        "RESUME_WORKER_LLM__MODEL": "test-model",
        "RESUME_WORKER_LLM__RETRIES": "0",
        "RESUME_WORKER_LLM__IDENTITY_VOTE": "false",
        "RESUME_WORKER_LLM__TIMEOUT": "6",
        "RESUME_WORKER_RETRY__BACKOFF_BASE_S": "0.5",
        "RESUME_WORKER_RETRY__BACKOFF_MAX_S": "2",
        **loopback_embeddings(server),
        **FAST_QUEUE,
    }


def start(
    workers: list[WorkerProcess], env: dict[str, str], log: Path, *args: str
) -> WorkerProcess:
    worker = WorkerProcess(env, log, args).start()
    workers.append(worker)
    return worker


def ledger(data: Path, job_id: str) -> list[str]:
    return sorted(k for (k,) in rows(data, "select kind from ledger where job_id = ?", job_id))


def attempts(data: Path, job_id: str) -> int:
    return int(rows(data, "select attempts from jobs where id = ?", job_id)[0][0])


def test_enqueued_jobs_complete_in_a_worker_process(
    any_queue: Broker, openai_server: OpenAIServer, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    """Files queued by `enqueue` end completed in a separate worker process, each stored once
    and charged once."""
    env = environment(
        tmp_path / "data", any_queue, **loopback_embeddings(openai_server), **FAST_QUEUE
    )
    job_ids = enqueue(env, PLAIN, MARKDOWN)
    assert rows(tmp_path / "data", "select status from jobs") == [("queued",), ("queued",)]
    start(workers, env, tmp_path / "worker.log", "--threads", "2")
    assert set(wait_terminal(tmp_path / "data", job_ids, timeout=90).values()) == {"completed"}
    for job_id in job_ids:
        assert ledger(tmp_path / "data", job_id) == ["charge", "reserve"]
        assert rows(
            tmp_path / "data", "select count(*) from candidate_versions where job_id = ?", job_id
        ) == [(1,)]


def test_default_settings_worker_with_the_local_embedder(
    redis_queue: Broker, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    """With the offline defaults (rules analyst, local embedder) a worker runs jobs too. Its
    threads build their services before the first job starts, and the process probes its tools
    once for all of them (with OCR off, the one notice says so)."""
    env = environment(
        tmp_path / "data", redis_queue, RESUME_WORKER_OCR__ENABLED="false", **FAST_QUEUE
    )
    job_ids = enqueue(env, PLAIN, MARKDOWN, PLAIN)
    worker = start(workers, env, tmp_path / "worker.log", "--threads", "3")
    done = wait_terminal(tmp_path / "data", job_ids, timeout=120)
    assert set(done.values()) == {"completed"}
    models = rows(tmp_path / "data", "select distinct model from chunks")
    assert models and all(m.startswith("multilingual-e5-small") for (m,) in models)
    events = [e.get("event") for e in worker.logs()]
    assert events.count("worker threads ready") == 1
    assert events.index("worker threads ready") < events.index("job started")
    assert (
        events.count("OCR is off (ocr.enabled=false): scanned documents end OCR_UNAVAILABLE") == 1
    )


def test_rate_limited_llm_retries_through_the_broker_without_a_sleeping_slot(
    redis_queue: Broker,
    openai_server: OpenAIServer,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    """With one worker thread and the LLM answering 429 twice, both jobs complete on their
    second attempt and the thread takes the second job while the first waits out its backoff
    on the broker: a slot that slept would have sent the first job's retry second."""
    openai_server.chat_default = answer(PROFILE)
    openai_server.script("chat", status(429), status(429))
    env = environment(tmp_path / "data", redis_queue, **llm_env(openai_server))
    first, second = enqueue(env, PLAIN, MARKDOWN)
    worker = start(workers, env, tmp_path / "worker.log", "--threads", "1")
    done = wait_terminal(tmp_path / "data", [first, second], timeout=90)
    assert done == {first: "completed", second: "completed"}
    bodies = [json.dumps(r.body, ensure_ascii=False) for r in openai_server.requests_for("chat")]
    assert len(bodies) == 4
    assert "Dell Technologies" in bodies[0] and "당근마켓" in bodies[1]
    assert attempts(tmp_path / "data", first) == attempts(tmp_path / "data", second) == 2
    later = [e for e in worker.logs() if e.get("event") == "job delivered again later"]
    assert len(later) == 2  # one delayed redelivery per job (attempts above say which)
    assert all(0 <= e["delay_s"] <= 0.5 for e in later)  # backoff_base_s * 2^0, jittered


def test_permanent_llm_error_fails_once_then_jobs_retry_runs_it_again(
    redis_queue: Broker,
    openai_server: OpenAIServer,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    """A 400 from the LLM fails the job on its first attempt, unretried; `jobs failed` lists it
    without PII and `jobs retry` re-queues it with its credit reserved again."""
    data = tmp_path / "data"
    openai_server.chat_default = answer(PROFILE)
    openai_server.script("chat", status(400))
    env = environment(data, redis_queue, **llm_env(openai_server))
    (job_id,) = enqueue(env, PLAIN)
    start(workers, env, tmp_path / "worker.log", "--threads", "1")
    assert wait_terminal(data, [job_id], timeout=60) == {job_id: "failed"}
    time.sleep(1.5)  # any retry would have come back by now (backoff cap 2 s, jittered)
    assert len(openai_server.requests_for("chat")) == 1
    assert attempts(data, job_id) == 1 and ledger(data, job_id) == ["release", "reserve"]

    listed = cli(env, "jobs", "failed", "--json")
    assert listed.returncode == 0, listed.stderr
    (letter,) = json.loads(listed.stdout)
    assert letter["job_id"] == job_id and letter["code"] == "ANALYSIS_FAILED"
    assert letter["attempts"] == 1 and letter["tenant"] == "t1"
    assert "morgan" not in listed.stdout.lower() and "en-plain" not in listed.stdout

    retried = cli(env, "jobs", "retry", job_id)
    assert retried.returncode == 0, retried.stderr
    assert retried.stdout.split() == [job_id, "requeued"]
    assert wait_terminal(data, [job_id], timeout=60) == {job_id: "completed"}
    assert attempts(data, job_id) == 1 and ledger(data, job_id) == ["charge", "reserve"]
    assert json.loads(cli(env, "jobs", "failed", "--json").stdout) == []


def test_sigterm_lets_the_running_job_finish_then_exits(
    any_queue: Broker,
    openai_server: OpenAIServer,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    """SIGTERM during a job's LLM call: the job still completes, then the worker exits 0."""
    openai_server.chat_default = latency(3, answer(PROFILE))
    env = environment(tmp_path / "data", any_queue, **llm_env(openai_server))
    enqueue(env, PLAIN)
    worker = start(workers, env, tmp_path / "worker.log", "--threads", "2")
    wait_until(lambda: bool(openai_server.requests_for("chat")), timeout=60, what="the LLM call")
    worker.signal(signal.SIGTERM)
    assert worker.wait(timeout=60) == 0
    assert rows(tmp_path / "data", "select status from jobs") == [("completed",)]
    events = [e.get("event") for e in worker.logs()]
    assert events.index("worker stopping: running jobs finish first") < events.index("job ended")
    assert events[-1] == "worker stopped"


def test_job_of_a_killed_worker_is_resumed_and_ends_once(
    any_queue: Broker,
    openai_server: OpenAIServer,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    """SIGKILL mid-job leaves the job processing; the broker hands its message to the next
    worker (Redis after the heartbeat timeout, RabbitMQ at once: the job then waits out the
    dead run's time limit) and the job ends completed on its second attempt, stored and
    charged once."""
    data = tmp_path / "data"
    openai_server.chat_default = answer(PROFILE)
    openai_server.script("chat", latency(30, answer(PROFILE)))
    env = environment(data, any_queue, **llm_env(openai_server))
    (job_id,) = enqueue(env, PLAIN)
    first = start(workers, env, tmp_path / "first.log", "--threads", "1")
    wait_until(lambda: bool(openai_server.requests_for("chat")), timeout=60, what="the LLM call")
    first.signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert rows(data, "select status from jobs") == [("processing",)]
    start(workers, env, tmp_path / "second.log", "--threads", "1")
    assert wait_terminal(data, [job_id], timeout=90) == {job_id: "completed"}
    assert attempts(data, job_id) == 2 and ledger(data, job_id) == ["charge", "reserve"]
    assert rows(data, "select count(*) from candidate_versions") == [(1,)]


def children(pid: int) -> list[int]:
    """The worker processes a parent spawned (not multiprocessing's resource tracker)."""
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        command = Path(f"/proc/{child}/cmdline").read_bytes()
        if b"spawn_main" in command and b"resource_tracker" not in command:
            found.append(int(child))
    return found


def test_worker_processes_share_the_queue_and_stop_together(
    redis_queue: Broker, openai_server: OpenAIServer, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    """`--processes 2`: two child processes run the jobs, their threads taking their first
    messages together; SIGTERM to the parent stops both and it exits 0; a child that dies
    makes the parent stop the other and exit 1."""
    env = environment(
        tmp_path / "data", redis_queue, **loopback_embeddings(openai_server), **FAST_QUEUE
    )
    job_ids = enqueue(env, PLAIN, MARKDOWN, PLAIN, MARKDOWN)
    parent = start(workers, env, tmp_path / "first.log", "--processes", "2", "--threads", "1")
    assert parent.process is not None
    wait_until(lambda: len(children(parent.process.pid)) == 2, timeout=60, what="two children")
    assert set(wait_terminal(tmp_path / "data", job_ids, timeout=120).values()) == {"completed"}
    events = [e.get("event") for e in parent.logs()]
    assert events.count("worker threads ready") == 1  # one barrier for both children's threads
    assert events.index("worker threads ready") < events.index("job started")
    parent.signal(signal.SIGTERM)
    assert parent.wait(timeout=60) == 0

    again = start(workers, env, tmp_path / "second.log", "--processes", "2", "--threads", "1")
    assert again.process is not None
    wait_until(lambda: len(children(again.process.pid)) == 2, timeout=60, what="two children")
    os.kill(children(again.process.pid)[0], signal.SIGKILL)
    assert again.wait(timeout=60) == 1
