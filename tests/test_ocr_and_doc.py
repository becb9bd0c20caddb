"""Scanned PDFs through Tesseract and .doc files through LibreOffice, end to end, and what a
job says when either tool is missing or switched off."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import structlog

from resume_worker.adapters.local.tesseract_ocr import TESSERACT_INSTALL, installed_languages
from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import JobOutcome, JobStatus
from resume_worker.jobs.results import decrypt_profile
from resume_worker.pipeline import Services
from resume_worker.stages.validate import to_flat_dict
from tests.cli.test_cli import cli
from tests.conftest import require_service
from tests.doc_builder import save_as_doc
from tests.e2e import SAMPLES, run_with, shared_dir
from tests.jobs.test_runner import rows, submit


def require_tesseract() -> None:
    found = shutil.which("tesseract")
    usable = found is not None and {"kor", "eng"} <= installed_languages(found)
    require_service("tesseract", usable, TESSERACT_INSTALL)


def scanned() -> Path:
    return shared_dir("eval", "dev") / "special" / "scanned-ko-image-only.pdf"


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def test_scanned_korean_pdf_yields_its_gold_profile(tmp_path: Path) -> None:
    """`process --json` on the image-only 이력서 reads it by OCR and finds every gold value:
    name, e-mail, phone, birth year, the career, the school and major, the skills."""
    require_tesseract()
    gold = json.loads(scanned().with_name(scanned().name + ".gold.json").read_text())["profile"]
    run = cli("process", "--json", "--reveal-pii", str(scanned()), data_dir=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout)[0]
    assert result["status"] == "completed", result["error"]
    profile = result["candidate"]["profile"]
    assert profile["name"] == gold["name"]
    assert profile["emails"] == gold["emails"]
    assert list(map(digits, profile["phones"])) == list(map(digits, gold["phones"]))
    assert profile["birth_year"] == gold["birth_year"]
    careers = [(c["company"], c["position"], c["start"], c["end"]) for c in profile["careers"]]
    assert careers == [(c["company"], c["position"], c["start"], c["end"]) for c in gold["careers"]]
    schools = [(e["school"], e.get("major")) for e in profile["education"]]
    assert schools == [(e["school"], e["major"]) for e in gold["education"]]
    assert sorted(profile["skills"]) == sorted(gold["skills"])


def test_scanned_pdf_with_ocr_off_is_rejected_uncharged(tmp_path: Path) -> None:
    """ocr.enabled=false: the scan ends rejected with OCR_UNAVAILABLE and its credit released."""
    data = scanned().read_bytes()
    outcome = run_with(tmp_path, lambda s: submit(s, data, "scan.pdf"), ocr={"enabled": False})
    assert outcome.status is JobStatus.REJECTED
    assert outcome.error_code is ErrorCode.OCR_UNAVAILABLE
    kinds = rows(tmp_path, f"select kind from ledger where job_id = '{outcome.job_id}'")
    assert sorted(kinds) == [("release",), ("reserve",)]


def test_without_tesseract_and_libreoffice_jobs_say_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With neither tool on PATH, start-up warns once for each, a scan ends OCR_UNAVAILABLE and
    a .doc ends UNSUPPORTED_FORMAT telling to install LibreOffice; both are rejections."""
    doc = save_as_doc((SAMPLES / "ko-table-form.docx").read_bytes())
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    async def body(services: Services) -> tuple[Services, list[JobOutcome]]:
        outcomes = [
            await submit(services, scanned().read_bytes(), "scan.pdf"),
            await submit(services, doc, "resume.doc"),
        ]
        return services, outcomes

    with structlog.testing.capture_logs() as logs:
        services, (scan, word) = run_with(tmp_path / "data", body)
    assert services.ocr is None and services.convert_doc is None
    warned = [entry["event"] for entry in logs if entry["log_level"] == "warning"]
    assert sum("OCR unavailable" in event for event in warned) == 1
    assert sum("DOC unavailable" in event for event in warned) == 1
    assert (scan.status, scan.error_code) == (JobStatus.REJECTED, ErrorCode.OCR_UNAVAILABLE)
    assert (word.status, word.error_code) == (JobStatus.REJECTED, ErrorCode.UNSUPPORTED_FORMAT)
    assert "LibreOffice" in (word.error_message or "")


async def profile_of(outcome: JobOutcome, services: Services) -> dict[str, Any]:
    """The decrypted flat profile of a finished job, as `--reveal-pii` prints it."""
    assert outcome.record_id is not None, outcome.error_message
    record = await services.candidates.get_record(outcome.record_id)
    assert record is not None
    return to_flat_dict(decrypt_profile(record, services.keyring))


def test_doc_gives_the_same_profile_as_the_docx_it_was_saved_from(tmp_path: Path) -> None:
    """A Korean table-form resume saved as .doc by LibreOffice is read through LibreOffice
    into the same profile as the original DOCX."""
    original = (SAMPLES / "ko-table-form.docx").read_bytes()
    doc = save_as_doc(original)

    async def body(services: Services) -> tuple[JobOutcome, dict[str, Any], dict[str, Any]]:
        assert services.convert_doc is not None
        from_docx = await submit(services, original, "resume.docx")
        from_doc = await submit(services, doc, "resume.doc")
        return from_doc, await profile_of(from_docx, services), await profile_of(from_doc, services)

    from_doc, expected, got = run_with(tmp_path, body)
    assert from_doc.status is JobStatus.COMPLETED, from_doc.error_message
    assert got["name"] and got["careers"] and got["education"]
    for key in ("name", "emails", "phones", "birth_year", "careers", "education", "skills"):
        assert got.get(key) == expected.get(key), key
