"""Jobs end to end on real SQLite, files and models: states, idempotency, credits, dedup."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from resume_worker import pipeline
from resume_worker.core.errors import ErrorCode, RetryableError
from resume_worker.core.models import JobOutcome, JobStatus
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.pipeline import Services
from tests.e2e import SAMPLES, run_with

RESUME = (SAMPLES / "en-plain.txt").read_bytes()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def rows(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(f"sqlite:///{data_dir / 'resume-worker.db'}")
    with engine.connect() as conn:
        found = [tuple(r) for r in conn.execute(text(sql))]
    engine.dispose()
    return found


async def submit(services: Services, data: bytes, name: str = "resume.txt") -> JobOutcome:
    job = await accept_job(services, data, file_name=name, tenant_id="t1")
    return await run_job(job.id, services)


def test_completed_job_rerun_changes_nothing(tmp_path: Path) -> None:
    """A completed job run again returns the same outcome: one version, one charge row."""

    async def body(services: Services) -> tuple[JobOutcome, JobOutcome]:
        first = await submit(services, RESUME)
        return first, await run_job(first.job_id, services)

    first, again = run_with(tmp_path, body)
    assert first.status is JobStatus.COMPLETED and first.chunks > 0
    assert (again.candidate_id, again.version, again.record_id) == (
        first.candidate_id,
        first.version,
        first.record_id,
    )
    assert rows(tmp_path, "select count(*) from candidate_versions") == [(1,)]
    assert sorted(rows(tmp_path, "select kind from ledger")) == [("charge",), ("reserve",)]


def test_bad_file_is_rejected_and_the_next_one_still_completes(tmp_path: Path) -> None:
    """A PNG named .pdf ends rejected with a clear code and no charge; the process goes on."""

    async def body(services: Services) -> list[JobOutcome]:
        return [await submit(services, PNG, "photo.pdf"), await submit(services, RESUME)]

    rejected, completed = run_with(tmp_path, body)
    assert rejected.status is JobStatus.REJECTED
    assert rejected.error_code in (ErrorCode.INVALID_FILE, ErrorCode.UNSUPPORTED_FORMAT)
    assert rejected.error_message and "/" in rejected.error_message  # Korean / English
    assert completed.status is JobStatus.COMPLETED
    kinds = rows(
        tmp_path, f"select kind from ledger where job_id = '{rejected.job_id}' order by kind"
    )
    assert kinds == [("release",), ("reserve",)]


def test_bug_in_a_stage_fails_the_job_not_the_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected exception ends the job failed with INTERNAL_ERROR and releases the credit."""

    def broken(*_: object, **__: object) -> None:
        raise ValueError("boom with secret@example.com")

    monkeypatch.setattr(pipeline, "check_identity", broken)
    outcome = run_with(tmp_path, lambda s: submit(s, RESUME))
    assert outcome.status is JobStatus.FAILED and outcome.error_code is ErrorCode.INTERNAL_ERROR
    assert "secret@example.com" not in (outcome.error_message or "")
    assert ("release",) in rows(tmp_path, "select kind from ledger")


def test_retryable_error_requeues_until_attempts_run_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A retryable failure puts the job back to queued; after max attempts it ends failed."""

    def flaky(*_: object, **__: object) -> None:
        raise RetryableError("embedding timed out", ErrorCode.EMBEDDING_TIMEOUT)

    monkeypatch.setattr(pipeline, "check_identity", flaky)

    async def body(services: Services) -> list[JobOutcome]:
        job = await accept_job(services, RESUME, file_name="a.txt", tenant_id="t1")
        return [await run_job(job.id, services) for _ in range(3)]

    outcomes = run_with(tmp_path, body, retry={"max_attempts": 3})
    assert [o.status for o in outcomes] == [JobStatus.QUEUED, JobStatus.QUEUED, JobStatus.FAILED]
    assert all(o.error_code is ErrorCode.EMBEDDING_TIMEOUT for o in outcomes)


def test_same_person_twice_becomes_version_two(tmp_path: Path) -> None:
    """Matching email/phone and agreeing name: version 2 of the same candidate, linked."""

    async def body(services: Services) -> list[JobOutcome]:
        return [await submit(services, RESUME), await submit(services, RESUME)]

    first, second = run_with(tmp_path, body)
    assert second.candidate_id == first.candidate_id and second.version == 2
    latest = rows(
        tmp_path,
        "select version, is_latest, parent_id is not null from candidate_versions order by version",
    )
    assert latest == [(1, 0, 0), (2, 1, 1)]


def test_shared_phone_with_another_name_is_a_new_candidate(tmp_path: Path) -> None:
    """A phone shared by two people with different names does not merge them."""
    other = RESUME.replace(b"MORGAN CASTILLO", b"RILEY NAKAMURA").replace(
        b"morgan.castillo", b"riley.n"
    )

    async def body(services: Services) -> list[JobOutcome]:
        return [await submit(services, RESUME), await submit(services, other)]

    first, second = run_with(tmp_path, body)
    assert second.candidate_id != first.candidate_id and second.version == 1
    assert any("name differs" in w for w in second.warnings)


def test_enforced_credits_reject_when_balance_is_empty(tmp_path: Path) -> None:
    """With credits.enforce and no grant, the job is rejected with INSUFFICIENT_CREDITS."""
    outcome = run_with(tmp_path, lambda s: submit(s, RESUME), credits={"enforce": True})
    assert (
        outcome.status is JobStatus.REJECTED
        and outcome.error_code is ErrorCode.INSUFFICIENT_CREDITS
    )
    assert rows(tmp_path, "select count(*) from candidate_versions") == [(0,)]


def test_originals_not_retained_when_configured(tmp_path: Path) -> None:
    """storage.retain_originals=false deletes the encrypted original once the job ends."""
    outcome = run_with(tmp_path, lambda s: submit(s, RESUME), storage={"retain_originals": False})
    assert outcome.status is JobStatus.COMPLETED
    assert not [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]


def _docx(document_xml: bytes) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 1024 * 1024))
    return buffer.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
)
NASTY = {
    "empty.pdf": (b"", {ErrorCode.INVALID_FILE}),
    "truncated.pdf": ((SAMPLES / "en-one-column.pdf").read_bytes()[:300], {ErrorCode.INVALID_FILE}),
    "noise.docx": (bytes(range(256)) * 40, {ErrorCode.INVALID_FILE}),
    "short.txt": (b"Jane Doe\njane@example.com\n", {ErrorCode.TEXT_TOO_SHORT}),
    "bomb.docx": (_zip_bomb(), {ErrorCode.INVALID_FILE, ErrorCode.FILE_TOO_LARGE}),
    "laughs.docx": (_docx(LAUGHS), {ErrorCode.INVALID_FILE, ErrorCode.PARSE_ERROR}),
    "latin1.txt": ("Résumé de José Müller ".encode("latin-1") * 3, {ErrorCode.TEXT_TOO_SHORT}),
}


def test_nasty_inputs_end_rejected_and_the_process_keeps_going(tmp_path: Path) -> None:
    """Empty, truncated, garbage, too short, zip bomb and entity-bomb files each end `rejected`
    with a clear code; a good file processed afterwards still completes."""

    async def body(services: Services) -> list[JobOutcome]:
        outcomes = [await submit(services, data, name) for name, (data, _) in NASTY.items()]
        return [*outcomes, await submit(services, RESUME)]

    *bad, good = run_with(tmp_path, body)
    for (name, (_, codes)), outcome in zip(NASTY.items(), bad, strict=True):
        assert outcome.status is JobStatus.REJECTED, name
        assert outcome.error_code in codes, (name, outcome.error_code)
    assert good.status is JobStatus.COMPLETED
    assert rows(tmp_path, "select count(*) from candidate_versions") == [(1,)]


def test_concurrent_jobs_of_one_person_make_one_candidate(tmp_path: Path) -> None:
    """Four jobs of the same resume at once: one candidate, versions 1..4, one latest."""
    import asyncio

    async def body(services: Services) -> list[JobOutcome]:
        return list(await asyncio.gather(*(submit(services, RESUME) for _ in range(4))))

    outcomes = run_with(tmp_path, body)
    assert {o.candidate_id for o in outcomes} == {outcomes[0].candidate_id}
    assert sorted(o.version or 0 for o in outcomes) == [1, 2, 3, 4]
    assert rows(tmp_path, "select count(*) from candidate_versions where is_latest") == [(1,)]
