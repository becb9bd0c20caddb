"""`resume-worker bench`: the throughput benchmark is listed, and runs only where its broker
answers (a clear message instead when it does not)."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from resume_worker.cli.bench import (
    BENCHMARKS,
    NEEDS,
    benchmarks_dir,
    missing_service,
    run_benchmarks,
)


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port nothing listens on (bound, never listened on, so nothing else takes it)."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


def test_throughput_is_a_benchmark_that_needs_redis() -> None:
    """`bench throughput` and `bench all` know it, and it names the broker it needs."""
    assert "throughput" in BENCHMARKS
    assert NEEDS["throughput"][1:] == ("127.0.0.1", 6379)
    folder = benchmarks_dir()
    assert folder is not None and (folder / "throughput.py").is_file()


def test_a_service_that_answers_lets_the_benchmark_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """With something listening on the port, nothing is missing."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        monkeypatch.setitem(NEEDS, "throughput", ("Redis", "127.0.0.1", port))
        assert missing_service("throughput") is None
    assert missing_service("pipeline") is None


def test_without_its_broker_throughput_alone_fails_with_a_message(
    closed_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bench throughput` with nothing on the broker's port exits 2 and says what to start,
    without launching the script."""
    monkeypatch.setitem(NEEDS, "throughput", ("Redis", "127.0.0.1", closed_port))
    launched: list[object] = []
    monkeypatch.setattr(subprocess, "call", lambda *a, **k: launched.append(a) or 0)
    assert run_benchmarks("throughput") == 2
    assert launched == []
    message = " ".join(capsys.readouterr().err.split())
    assert f"throughput needs Redis on 127.0.0.1:{closed_port}, which does not answer" in message


def test_bench_all_skips_throughput_without_its_broker_and_runs_the_rest(
    closed_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bench all` notes the skip and runs every other benchmark script."""
    monkeypatch.setitem(NEEDS, "throughput", ("Redis", "127.0.0.1", closed_port))
    launched: list[str] = []

    def call(argv: list[str], **_kwargs: object) -> int:
        launched.append(Path(argv[-1]).stem)
        return 0

    monkeypatch.setattr(subprocess, "call", call)
    assert run_benchmarks("all") == 0
    assert launched == [n for n in BENCHMARKS if n != "throughput"]
    assert "skipped: throughput needs Redis" in " ".join(capsys.readouterr().err.split())
