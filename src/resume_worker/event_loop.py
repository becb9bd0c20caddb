"""Owns the one event loop per thread that sync code (CLI, Dramatiq actors) runs async code on.

A worker thread opens `with loop_scope():` once for its whole life and calls `run_async(...)` for
every job, so async clients (httpx, openai, database drivers) are created once on that loop and
reused across jobs. The seed's "a loop per call" pattern broke such pooled clients with "Event
loop is closed"; a temporary scope per call is still available for one-off calls outside a scope.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


class NestedLoopError(RuntimeError):
    """Raised when sync-over-async is attempted from inside a running event loop.

    Blocking a running loop to run another would deadlock it; async callers must `await`.
    """


class _ScopeState(threading.local):
    """The current thread's open runner and how many nested `loop_scope` blocks share it."""

    def __init__(self) -> None:
        self.runner: asyncio.Runner | None = None
        self.depth = 0


_STATE = _ScopeState()


def _refuse_running_loop(what: str) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise NestedLoopError(
        f"{what} was called from inside a running event loop; await the coroutine instead"
    )


@contextmanager
def loop_scope(*, debug: bool | None = None) -> Iterator[asyncio.AbstractEventLoop]:
    """Open this thread's event loop for the duration of the block and yield it.

    At exit the loop is fully cleaned up by `asyncio.Runner.close()`: pending tasks are cancelled
    and awaited, async generators and the default executor are shut down, the loop is closed.

    Nesting in the same thread reuses the outer scope (and ignores `debug`): only the outermost
    block owns and closes the loop, so a helper that opens its own scope cannot tear down the
    loop a long-lived caller's clients live on. Each thread has its own scope.
    """
    if _STATE.runner is not None:
        _STATE.depth += 1
        try:
            yield _STATE.runner.get_loop()
        finally:
            _STATE.depth -= 1
        return
    _refuse_running_loop("loop_scope()")
    runner = asyncio.Runner(debug=debug)
    _STATE.runner, _STATE.depth = runner, 1
    try:
        yield runner.get_loop()
    finally:
        _STATE.runner, _STATE.depth = None, 0
        runner.close()


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion on this thread's open scope and return its result.

    Outside any scope a temporary scope is opened for this one call and closed afterwards.
    From inside a running event loop it raises NestedLoopError (and closes `coro`, so no
    "coroutine was never awaited" warning follows). The coroutine sees a copy of the caller's
    context variables, as with `asyncio.run`; its own changes do not leak back out.
    """
    try:
        _refuse_running_loop("run_async()")
    except NestedLoopError:
        coro.close()
        raise
    with loop_scope():
        return _current_runner().run(coro, context=contextvars.copy_context())


def _current_runner() -> asyncio.Runner:
    runner = _STATE.runner
    if runner is None:  # pragma: no cover - only reachable inside loop_scope()
        raise RuntimeError("no event loop scope is open on this thread")
    return runner


def in_loop_scope() -> bool:
    """Tell whether the current thread has an open `loop_scope`."""
    return _STATE.runner is not None
