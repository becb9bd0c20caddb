"""A worker process's threads, without a broker: each builds its own services on its own loop
when it starts and waits for the others; what is read-only is built once and shared."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from structlog.testing import capture_logs

from resume_worker import worker
from resume_worker.composition import worker as thread_services
from resume_worker.composition.pipeline import build_services
from resume_worker.composition.shared import SharedServices, build_shared
from resume_worker.event_loop import in_loop_scope
from resume_worker.pipeline import Services
from resume_worker.settings import Settings
from resume_worker.worker import JobHandler


def migrated(tmp_path: Path) -> Settings:
    """Settings on a migrated SQLite database in tmp_path (as check_ready leaves it)."""
    settings = Settings(data_dir=tmp_path)

    async def migrate() -> None:
        async with build_services(settings):
            pass

    asyncio.run(migrate())
    return settings


def in_thread(
    target: Callable[[], Any], name: str | None = None
) -> tuple[threading.Thread, threading.Event, list[Any]]:
    """Start `target` in a thread; the event is set when it returns, the list gets its result
    (or the exception it raised, pytest's failures included)."""
    done, result = threading.Event(), []

    def run() -> None:
        try:
            result.append(target())
        except BaseException as exc:  # a failed assertion in the thread is a result too
            result.append(exc)
        done.set()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread, done, result


def start_then_close(handler: JobHandler) -> Callable[[], tuple[Services, bool]]:
    """What a worker thread does around its messages: open, look at its services, close."""

    def run() -> tuple[Services, bool]:
        handler.open_thread()
        services = handler._services()
        had_loop = in_loop_scope()
        handler.close_thread()
        return services, had_loop and not in_loop_scope()

    return run


def test_threads_build_their_services_at_start_and_wait_for_each_other(tmp_path: Path) -> None:
    """No thread goes on to its messages before all have built their services; each has its
    own database engine on its own loop, closed when it stops, and every thread shares the
    process's one OCR runner, DOC converter and local embedding model."""
    settings = migrated(tmp_path)
    shared = build_shared(settings)
    handler = JobHandler(settings, shared, threading.Barrier(3))
    with capture_logs() as logs:
        first = [in_thread(start_then_close(handler)) for _ in range(2)]
        assert not any(done.wait(0.5) for _, done, _ in first)  # held until the third is ready
        last = in_thread(start_then_close(handler))
        for thread, done, _ in [*first, last]:
            thread.join(timeout=60)
            assert done.is_set()
    results = [result[0] for _, _, result in [*first, last]]
    for result in results:
        if isinstance(result, BaseException):
            raise result
    assert all(closed for _, closed in results)
    services = [s for s, _ in results]
    assert len({id(s.jobs) for s in services}) == 3
    assert {id(s.embedder) for s in services} == {id(shared.local_embedder)}
    assert {id(s.ocr) for s in services} == {id(shared.ocr)}
    assert {id(s.convert_doc) for s in services} == {id(shared.convert_doc)}
    assert [e["event"] for e in logs].count("worker threads ready") == 1


def test_a_thread_whose_build_fails_does_not_hold_up_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first build fails (the database was unreachable): that thread still lets the others
    start, its loop is closed, and it builds its services again at its first message."""
    settings = migrated(tmp_path)
    calls: list[str] = []

    def failing_once(*args: Any, **kwargs: Any) -> Any:
        """Fails the failing thread's first build, whichever thread builds first."""
        name = threading.current_thread().name
        calls.append(name)
        if name == "failing" and calls.count(name) == 1:
            raise ConnectionError("database unreachable")
        return build_services(*args, **kwargs)

    monkeypatch.setattr(thread_services, "build_services", failing_once)
    handler = JobHandler(settings, build_shared(settings), threading.Barrier(2))

    def failing_thread() -> bool:
        with pytest.raises(ConnectionError):
            handler.open_thread()
        assert not in_loop_scope()
        handler._services()  # a message arrives: built now
        handler.close_thread()
        return True

    failed = in_thread(failing_thread, name="failing")
    other = in_thread(start_then_close(handler))
    for thread, done, result in (failed, other):
        thread.join(timeout=60)
        assert done.is_set() and not isinstance(result[0], BaseException), result
    assert len(calls) == 3


def test_a_thread_left_waiting_starts_after_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When another thread never gets ready, a ready one goes on after READY_TIMEOUT_S and
    says so."""
    monkeypatch.setattr(worker, "READY_TIMEOUT_S", 0.2)
    settings = migrated(tmp_path)
    handler = JobHandler(settings, build_shared(settings), threading.Barrier(2))
    with capture_logs() as logs:
        thread, done, result = in_thread(start_then_close(handler))
        thread.join(timeout=60)
    assert done.is_set() and result[0][1]
    assert "worker threads not all ready in time: starting anyway" in [e["event"] for e in logs]


def test_shared_services_follow_the_settings(tmp_path: Path) -> None:
    """The local model only when it is the configured embedder, loaded at once when asked;
    no OCR runner when OCR is off."""
    remote = {"provider": "openai", "base_url": "http://127.0.0.1:1/v1", "model": "m", "dim": 8}
    off = build_shared(Settings(data_dir=tmp_path, embedding=remote, ocr={"enabled": False}))
    assert off == SharedServices(None, off.convert_doc, None)
    loaded = build_shared(Settings(data_dir=tmp_path), load_model=True)
    assert loaded.local_embedder is not None and loaded.local_embedder._engine is not None
