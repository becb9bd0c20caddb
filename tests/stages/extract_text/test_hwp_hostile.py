"""Tests for hostile and broken HWP input: truncated compound files, bad deflate streams, absurd
record sizes, deep nesting, record floods and decompression bombs each end in a WorkerError
within bounded time and memory; fuzzed fixtures never raise anything else."""

from __future__ import annotations

import io
import re
import struct
import time
import tracemalloc
import zlib
from functools import cache
from pathlib import Path

import olefile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.writers.hwp import build_hwp, paragraph, record
from resume_worker.core.errors import ErrorCode, PermanentError, WorkerError
from resume_worker.core.models import ExtractedText
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.validate_file import FileLimits, validate_file
from tests.e2e import shared_dir

LIMITS = FileLimits()
MB = 1024 * 1024
FILLER = "경력 요약: 결제 플랫폼과 검색 서비스를 설계하고 운영했습니다. " * 3


def outcome(data: bytes, **options: float) -> ExtractedText | WorkerError:
    """Run intake; any exception other than a WorkerError escapes and fails the test."""
    try:
        validated = validate_file(data, extension=".hwp", limits=LIMITS)
        return extract_text(validated, min_text_chars=0, **options)  # type: ignore[arg-type]
    except WorkerError as error:
        return error


def code_of(data: bytes, **options: float) -> ErrorCode:
    result = outcome(data, **options)
    assert isinstance(result, WorkerError), f"expected a rejection, got {result!r}"
    assert re.search("[가-힣]", result.message) and " / " in result.message
    return result.code


@cache
def fixture_bytes() -> tuple[bytes, ...]:
    folder = shared_dir("fixtures", "hwp")
    return tuple(p.read_bytes() for p in sorted(folder.glob("*.hwp")) if "3.0" not in p.name)


@cache
def fixture_sections() -> tuple[bytes, ...]:
    """The inflated BodyText/Section0 of every HWP 5 fixture: records to mutate."""
    sections = []
    for data in fixture_bytes():
        ole = olefile.OleFileIO(io.BytesIO(data))
        sections.append(zlib.decompress(ole.openstream("BodyText/Section0").read(), -15))
        ole.close()
    return tuple(sections)


@pytest.mark.timeout(30)
def test_truncated_files_are_invalid_or_say_what_they_fell_back_on(hwp_fixtures: Path) -> None:
    """A cut file is INVALID_FILE, or reads whole, or comes from the preview with a warning:
    never a silently shortened body."""
    for path in sorted(hwp_fixtures.glob("*.hwp")):
        data = path.read_bytes()
        whole = outcome(data)
        for cut in (0.1, 0.3, 0.5, 0.7, 0.9, 0.99):
            result = outcome(data[: int(len(data) * cut)])
            if isinstance(result, WorkerError):
                assert result.code in (ErrorCode.INVALID_FILE, ErrorCode.UNSUPPORTED_FORMAT)
            else:
                assert isinstance(whole, ExtractedText)
                assert result.text == whole.text or result.warnings, (path.name, cut)
        assert code_of(data[: int(len(data) * 0.1)]) in (
            ErrorCode.INVALID_FILE,
            ErrorCode.UNSUPPORTED_FORMAT,
        )


def test_bad_deflate_without_a_preview_is_an_invalid_file() -> None:
    """A compressed section that is not deflate data, and no PrvText: INVALID_FILE."""
    assert code_of(build_hwp([b"\xff" * 64], raw_sections=True)) is ErrorCode.INVALID_FILE
    truncated = zlib.compressobj(9, zlib.DEFLATED, -15).compress(paragraph(0, FILLER) * 50)
    assert code_of(build_hwp([truncated[:200]], raw_sections=True)) is ErrorCode.INVALID_FILE


def test_absurd_record_sizes_are_invalid_files() -> None:
    """A record whose (extended) size runs past its stream is INVALID_FILE."""
    huge = struct.pack("<II", 67 | 0xFFF << 20, 0xFFFFFFF0) + b"abc"
    short = struct.pack("<I", 67 | 0x800 << 20) + b"abc"
    header_only = struct.pack("<I", 67 | 0xFFF << 20)
    for section in (huge, short, header_only):
        assert code_of(build_hwp([paragraph(0, FILLER) + section])) is ErrorCode.INVALID_FILE


def test_deep_nesting_is_refused_without_recursion_errors() -> None:
    """Levels up to the 10-bit maximum are INVALID_FILE, not a RecursionError."""
    deep = b"".join(
        record(66, level) + record(71, level + 1, b" lbt") for level in range(0, 1022, 2)
    )
    assert code_of(build_hwp([deep])) is ErrorCode.INVALID_FILE
    tables = b"".join(record(71, level, b" lbt") + record(77, level + 1) for level in range(60))
    assert isinstance(outcome(build_hwp([paragraph(0, FILLER) + tables])), ExtractedText)


@pytest.mark.timeout(30)
def test_a_flood_of_records_is_refused_quickly() -> None:
    """A few kilobytes that inflate to a million empty records end INVALID_FILE within seconds."""
    data = build_hwp([record(80, 0) * 1_000_000])
    started = time.perf_counter()
    assert code_of(data) is ErrorCode.INVALID_FILE
    assert time.perf_counter() - started < 10


@pytest.mark.timeout(60)
def test_a_decompression_bomb_stops_at_the_cap_in_bounded_memory() -> None:
    """A small file inflating past max_uncompressed_mb is refused, holding about the cap."""
    data = build_hwp([paragraph(0, FILLER) + bytes(40 * MB)], preview=FILLER)
    assert len(data) < MB
    tracemalloc.start()
    try:
        result = outcome(data, max_uncompressed_mb=8)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, PermanentError) and result.code is ErrorCode.INVALID_FILE
    assert "too large" in result.message
    assert peak < 8 * MB + 4 * MB + 2 * len(data)


def test_unknown_versions_and_broken_headers() -> None:
    """HWP 6 is UNSUPPORTED_FORMAT; a FileHeader without the signature is INVALID_FILE."""
    assert code_of(build_hwp([paragraph(0, FILLER)], version=(6, 0, 0, 0))) is (
        ErrorCode.UNSUPPORTED_FORMAT
    )
    bad_signature = build_hwp([paragraph(0, FILLER)]).replace(
        b"HWP Document File", b"XYZ Document File"
    )
    assert code_of(bad_signature) is ErrorCode.INVALID_FILE


def test_extraction_errors_quote_nothing_from_the_document() -> None:
    """Rejections of a corrupt HWP name no text from it."""
    data = build_hwp([paragraph(0, "홍길동 hong@example.com") + b"\x01\x02"], raw_sections=True)
    result = outcome(data)
    assert isinstance(result, WorkerError)
    assert "홍길동" not in result.message and "hong@" not in result.message


@pytest.mark.timeout(120)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    choice=st.integers(min_value=0, max_value=100),
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=8)), max_size=12
    ),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_mutated_fixtures_end_in_text_or_a_worker_error(
    choice: int, edits: list[tuple[float, bytes]], cut: float | None
) -> None:
    """Overwritten bytes and truncation anywhere in a fixture: ExtractedText or WorkerError."""
    files = fixture_bytes()
    data = bytearray(files[choice % len(files)])
    for where, patch in edits:
        at = int(where * len(data))
        data[at : at + len(patch)] = patch
    if cut is not None:
        data = data[: int(cut * len(data))]
    assert isinstance(outcome(bytes(data)), ExtractedText | WorkerError)


@pytest.mark.timeout(120)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    choice=st.integers(min_value=0, max_value=100),
    edits=st.lists(
        st.tuples(
            st.floats(0, 1, exclude_max=True),
            st.sampled_from(
                [b"\x00\x00", b"\xff\xff", b"\x0b\x00", b"\xff\x0f\x00\x00", b"\x00\xd8"]
            )
            | st.binary(min_size=1, max_size=6),
        ),
        min_size=1,
        max_size=10,
    ),
)
def test_mutated_records_end_in_text_or_a_worker_error(
    choice: int, edits: list[tuple[float, bytes]]
) -> None:
    """Edits inside the inflated records (sizes, levels, tags, controls, surrogates), written
    back into a valid container: ExtractedText or WorkerError, never another exception."""
    sections = fixture_sections()
    section = bytearray(sections[choice % len(sections)])
    for where, patch in edits:
        at = int(where * len(section))
        section[at : at + len(patch)] = patch
    assert isinstance(outcome(build_hwp([bytes(section)])), ExtractedText | WorkerError)
