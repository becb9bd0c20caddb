"""Logging: JSON off a terminal, the job id on every line of a job, PII scrubbed as a backstop."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
import structlog

from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.logs import configure_logging
from tests.e2e import SAMPLES, run_with


def test_job_lines_are_json_and_carry_the_job_id(tmp_path: Path) -> None:
    """Every line logged while a job runs is JSON with that job's id; none names the file."""
    stream = io.StringIO()

    async def body(services):  # type: ignore[no-untyped-def]
        configure_logging("debug", "auto", stream=stream)
        data = (SAMPLES / "en-plain.txt").read_bytes()
        job = await accept_job(services, data, file_name="morgan-castillo.txt", tenant_id="t1")
        await run_job(job.id, services)
        return job.id

    job_id = run_with(tmp_path, body)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    events = [line["event"] for line in lines]
    during = lines[events.index("job started") : events.index("job ended") + 1]
    assert len(during) >= 2
    assert all(line.get("job_id") == job_id for line in during)
    assert "morgan" not in stream.getvalue().lower()


def test_scrubber_masks_pii_shaped_values() -> None:
    """An email, phone or resident number that slips into a log line is masked."""
    stream = io.StringIO()
    configure_logging("info", "json", stream=stream)
    structlog.get_logger().info(
        "oops", detail="call 010-1234-5678 or mail a.b@example.com, rrn 900101-1234567, year 2019"
    )
    line = json.loads(stream.getvalue())
    assert line["detail"] == "call [PHONE] or mail [EMAIL], rrn [RRN], year 2019"


def test_console_format_when_asked() -> None:
    """log_format=console renders human-readable lines instead of JSON."""
    stream = io.StringIO()
    configure_logging("info", "console", stream=stream)
    structlog.get_logger().info("hello", job_id="j1")
    assert "hello" in stream.getvalue() and not stream.getvalue().startswith("{")


def test_scrubber_keeps_uuids_whole() -> None:
    """Job and record ids are UUIDs whose digit groups look like phones; they stay intact while
    a phone beside them is still masked."""
    stream = io.StringIO()
    configure_logging("info", "json", stream=stream)
    job_id = "0bb6f39f-1234-4567-8163-e1d0dc870123"
    record_id = "12345678-1234-4234-8234-123456789012"
    structlog.get_logger().info(f"job {job_id} for 010-1234-5678", record_id=record_id)
    line = json.loads(stream.getvalue())
    assert line["event"] == f"job {job_id} for [PHONE]"
    assert line["record_id"] == record_id


def test_default_stream_is_the_stderr_of_the_moment(capsys: pytest.CaptureFixture[str]) -> None:
    """Configured without a stream, logging follows sys.stderr as it is when a line is written:
    a stderr swapped (and closed) after configuration never breaks a later log call."""
    swapped = io.StringIO()
    configure_logging("info", "json")
    real, sys.stderr = sys.stderr, swapped
    try:
        structlog.get_logger().warning("first")
    finally:
        sys.stderr = real
    swapped.close()
    structlog.get_logger().warning("second")
    assert json.loads(capsys.readouterr().err)["event"] == "second"
