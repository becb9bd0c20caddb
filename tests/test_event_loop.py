"""One event loop per thread: scoped, reused across run_async calls, fully cleaned up at exit."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import inspect
import os
import threading
import time
import warnings
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from resume_worker.event_loop import NestedLoopError, in_loop_scope, loop_scope, run_async
from tests.openai_server import OpenAIServer

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


async def _current_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


async def _double(value: int) -> int:
    await asyncio.sleep(0)
    return value * 2


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_run_async_outside_a_scope_uses_a_temporary_loop() -> None:
    """Outside a scope each call gets its own loop, closed when the call returns."""
    first = run_async(_current_loop())
    second = run_async(_current_loop())
    assert first is not second
    assert first.is_closed() and second.is_closed()
    assert run_async(_double(21)) == 42
    assert not in_loop_scope()


def test_run_async_inside_a_scope_reuses_one_loop_until_exit() -> None:
    """Inside a scope every call runs on the yielded loop, which is closed only at exit."""
    with loop_scope() as loop:
        assert in_loop_scope()
        seen = {run_async(_current_loop()) for _ in range(5)}
        assert seen == {loop}
        assert not loop.is_closed()
    assert loop.is_closed()
    assert not in_loop_scope()


def test_nested_scope_reuses_the_outer_loop_and_does_not_close_it() -> None:
    """A nested loop_scope in the same thread shares the outer loop; only the outer exit closes."""
    with loop_scope() as outer:
        with loop_scope() as inner:
            assert inner is outer
            assert run_async(_current_loop()) is outer
        assert not outer.is_closed() and in_loop_scope()
        assert run_async(_double(2)) == 4
    assert outer.is_closed()


def test_pending_task_is_cancelled_and_awaited_at_scope_exit() -> None:
    """A task left running when the scope exits sees CancelledError and finishes its cleanup."""
    events: list[str] = []

    async def forever() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            events.append("cancelled")
            await asyncio.sleep(0.01)
            events.append("cleaned up")
            raise

    async def start() -> asyncio.Task[None]:
        task = asyncio.create_task(forever())
        await asyncio.sleep(0)
        return task

    with loop_scope():
        task = run_async(start())
        assert events == [] and not task.done()
    assert events == ["cancelled", "cleaned up"]
    assert task.cancelled()


def test_async_generators_and_default_executor_are_shut_down_at_exit() -> None:
    """Scope exit finalises suspended async generators and waits for executor work."""
    events: list[str] = []

    async def numbers() -> AsyncIterator[int]:
        try:
            yield 1
            yield 2
        finally:
            events.append("generator closed")

    def slow() -> None:
        time.sleep(0.1)
        events.append("executor done")

    async def start() -> AsyncIterator[int]:
        generator = numbers()
        await generator.__anext__()
        asyncio.get_running_loop().run_in_executor(None, slow)
        return generator

    with loop_scope():
        generator = run_async(start())
    assert sorted(events) == ["executor done", "generator closed"]
    del generator


def test_run_async_inside_a_running_loop_raises_and_closes_the_coroutine() -> None:
    """Calling run_async from async code raises NestedLoopError without a never-awaited warning."""
    leaked: list[Any] = []

    async def misuse() -> None:
        coro = _double(1)
        leaked.append(coro)
        run_async(coro)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(NestedLoopError, match="running event loop"):
            asyncio.run(misuse())
        gc.collect()
    assert inspect.getcoroutinestate(leaked[0]) == inspect.CORO_CLOSED
    assert not [w for w in caught if "never awaited" in str(w.message)]
    assert issubclass(NestedLoopError, RuntimeError)


def test_loop_scope_inside_a_running_loop_raises() -> None:
    """Opening a scope from async code is refused rather than blocking the running loop."""

    async def misuse() -> None:
        with loop_scope():
            pass

    with pytest.raises(NestedLoopError):
        asyncio.run(misuse())


def test_errors_propagate_and_the_scope_survives_them() -> None:
    """An exception from one call propagates; the scope keeps serving later calls."""

    async def boom() -> None:
        raise KeyError("x")

    with loop_scope() as loop:
        with pytest.raises(KeyError):
            run_async(boom())
        assert run_async(_current_loop()) is loop


def test_an_exception_in_the_block_still_closes_the_loop() -> None:
    """Leaving the block by an exception closes the loop and clears the thread's scope."""
    with pytest.raises(ZeroDivisionError), loop_scope() as loop:
        _ = 1 / 0
    assert loop.is_closed()
    assert not in_loop_scope()


def test_coroutines_see_a_copy_of_the_callers_context() -> None:
    """The caller's context variables are visible inside; changes made inside do not leak out."""

    async def read_and_change() -> str:
        seen = REQUEST_ID.get()
        REQUEST_ID.set("changed inside")
        return seen

    with loop_scope():
        token = REQUEST_ID.set("job-1")
        try:
            assert run_async(read_and_change()) == "job-1"
            assert REQUEST_ID.get() == "job-1"
            REQUEST_ID.set("job-2")
            assert run_async(read_and_change()) == "job-2"
        finally:
            REQUEST_ID.reset(token)


def test_scopes_are_per_thread() -> None:
    """Eight threads at once each get their own loop; another thread's scope is invisible."""
    barrier = threading.Barrier(8, timeout=10)
    results: dict[int, tuple[bool, set[int], asyncio.AbstractEventLoop]] = {}
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            had_scope = in_loop_scope()
            with loop_scope() as loop:
                barrier.wait()
                seen = {id(run_async(_current_loop())) for _ in range(50)}
                barrier.wait()
            results[index] = (had_scope, seen, loop)
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    with loop_scope():
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert len(results) == 8
    assert all(seen == {id(loop)} for _, seen, loop in results.values())
    assert len({id(loop) for _, _, loop in results.values()}) == 8
    assert all(not had and loop.is_closed() for had, _, loop in results.values())


def test_thousands_of_calls_leak_no_fds_or_memory() -> None:
    """3,000 temporary-scope calls and 3,000 in-scope calls keep fds and RSS flat."""
    for _ in range(200):
        run_async(_double(1))
    gc.collect()
    fds_before, rss_before = _open_fds(), _rss_bytes()
    for i in range(3000):
        assert run_async(_double(i)) == 2 * i
    with loop_scope():
        for i in range(3000):
            assert run_async(_double(i)) == 2 * i
    gc.collect()
    assert _open_fds() <= fds_before + 2
    assert _rss_bytes() - rss_before < 30 * 1024 * 1024


def test_one_async_httpx_client_serves_a_thousand_jobs(openai_server: OpenAIServer) -> None:
    """An AsyncClient made inside a scope is reused across 1,000 run_async jobs without errors."""

    async def make_client() -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=openai_server.base_url, timeout=10)

    async def job(client: httpx.AsyncClient, number: int) -> str:
        response = await client.post("/embeddings", json={"input": f"text {number}"})
        response.raise_for_status()
        return str(response.json()["data"][0]["index"])

    with loop_scope():
        client = run_async(make_client())
        answers = [run_async(job(client, n)) for n in range(1000)]
        run_async(client.aclose())
    assert answers == ["0"] * 1000
    assert len(openai_server.requests_for("embeddings")) == 1000
    assert openai_server.requests[-1].body == {"input": "text 999"}
