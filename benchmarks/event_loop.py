"""Per-call overhead of running a trivial coroutine from sync code, three ways.

Run: `.venv/bin/python benchmarks/event_loop.py [--calls 2000]`. Prints median and p95 in µs for
`run_async` outside a scope (a temporary loop per call), `asyncio.run` (the same, by the stdlib)
and `run_async` inside an open `loop_scope()` (the worker's steady state: one loop per thread),
in the main thread (where asyncio.Runner installs its Ctrl-C handler on every call) and in a
worker thread (where it does not).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import threading
import time
from collections.abc import Callable

from resume_worker.event_loop import loop_scope, run_async


async def trivial() -> int:
    """The coroutine under test: one suspension, so the loop really runs a step."""
    await asyncio.sleep(0)
    return 1


def _timings_us(call: Callable[[], object], calls: int) -> list[float]:
    for _ in range(min(100, calls)):
        call()
    samples = []
    for _ in range(calls):
        started = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - started) / 1000)
    return samples


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_us": statistics.median(ordered), "p95_us": p95}


def measure(calls: int = 2000) -> dict[str, dict[str, float]]:
    """Median and p95 per-call overhead, in microseconds, keyed by method."""
    results = {
        "run_async, no scope (temporary loop)": _timings_us(lambda: run_async(trivial()), calls),
        "asyncio.run": _timings_us(lambda: asyncio.run(trivial()), calls),
    }
    with loop_scope():
        results["run_async in loop_scope()"] = _timings_us(lambda: run_async(trivial()), calls)

    def in_worker_thread() -> None:
        with loop_scope():
            samples = _timings_us(lambda: run_async(trivial()), calls)
        results["run_async in loop_scope(), worker thread"] = samples

    worker = threading.Thread(target=in_worker_thread)
    worker.start()
    worker.join()
    return {name: _summary(samples) for name, samples in results.items()}


def main(calls: int = 2000) -> dict[str, dict[str, float]]:
    """Measure, print a table to stdout and return the figures."""
    figures = measure(calls)
    print(f"event loop overhead per call, trivial coroutine, {calls} calls each")
    print(f"{'method':<44} {'median µs':>10} {'p95 µs':>10}")
    for name, figure in figures.items():
        print(f"{name:<44} {figure['median_us']:>10.1f} {figure['p95_us']:>10.1f}")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    main(parser.parse_args().calls)
