"""The Tesseract OCR runner: real recognition, the start-up check, timeouts and failures."""

from __future__ import annotations

import shutil
import stat
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from resume_worker.adapters.local.child_process import ToolMissingError
from resume_worker.adapters.local.tesseract_ocr import (
    TESSERACT_INSTALL,
    TesseractOcr,
    installed_languages,
    open_tesseract,
)
from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.stages.extract_text.page_image import encode_gray_png
from tests.adapters.local.test_child_process import wait_gone
from tests.conftest import require_service
from tests.e2e import shared_dir

TESSERACT = shutil.which("tesseract")


def kor_eng() -> TesseractOcr:
    """The production runner; skips (fails under CI=true) without Tesseract kor+eng."""
    usable = TESSERACT is not None and {"kor", "eng"} <= installed_languages(TESSERACT)
    require_service("tesseract", usable, TESSERACT_INSTALL)
    return open_tesseract(languages="kor+eng", dpi=300, timeout_s=60)


def page_png(pdf: bytes, index: int = 0, dpi: int = 300) -> bytes:
    """One PDF page rendered the way the PDF reader renders it for OCR."""
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[index].render(scale=dpi / 72, grayscale=True)
        return encode_gray_png(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride)
    finally:
        document.close()


def english_page() -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    for line in ("Jane Doe", "Senior Backend Engineer", "jane.doe@example.com"):
        pdf.cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(60, 9, "Skills")
    pdf.cell(0, 9, "Python, Kubernetes", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def fake_tesseract(folder: Path, body: str) -> str:
    """An executable that stands in for tesseract and runs the shell `body`."""
    path = folder / "tesseract"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_english_page_is_recognised_with_columns_as_tabs() -> None:
    """A rendered page comes back as its lines; a wide gap between cells becomes a tab."""
    text = kor_eng()(page_png(english_page()))
    lines = text.splitlines()
    assert lines[:3] == ["Jane Doe", "Senior Backend Engineer", "jane.doe@example.com"]
    assert lines[3] == "Skills\tPython, Kubernetes"


def test_scanned_korean_form_is_read() -> None:
    """The dev set's scanned 이력서 form: labels, values and table rows come out as text."""
    runner = kor_eng()
    scanned = (shared_dir("eval", "dev") / "special" / "scanned-ko-image-only.pdf").read_bytes()
    began = time.perf_counter()
    text = runner(page_png(scanned))
    assert time.perf_counter() - began < 30
    for expected in ("백서윤", "010-0000-6802", "seoyun.baek@example.com", "이화여자대학교"):
        assert expected in text
    assert "(주)한글과컴퓨터\t연구원" in text
    assert "C++, Qt, Python, OpenGL" in text.splitlines()[-4]


def test_open_checks_every_language_and_says_what_to_install() -> None:
    """A language pack that is not installed is named with its Debian package."""
    kor_eng()
    with pytest.raises(ToolMissingError, match="apt-get install tesseract-ocr-zzz"):
        open_tesseract(languages="kor+zzz", dpi=300, timeout_s=10)


def test_missing_program_says_how_to_install() -> None:
    """Without a tesseract program the check fails with the apt-get line."""
    with pytest.raises(ToolMissingError, match="tesseract-ocr-kor"):
        open_tesseract(languages="kor+eng", dpi=300, timeout_s=10, executable="no-such-tesseract")


def test_tesseract_runs_with_the_configured_options(tmp_path: Path) -> None:
    """Languages, --psm 3, the render dpi and one OpenMP thread are passed; the page comes in
    on stdin and both outputs, TSV then text, are read from its stdout."""
    log = tmp_path / "log"
    body = (
        f'echo "$@" > {log}; echo "$OMP_THREAD_LIMIT" >> {log}; cat > {tmp_path}/page; '
        'printf "level\\t1\\t2\\t3\\t4\\t5\\t6\\t7\\t8\\t9\\t10\\ttext\\n"; '
        'printf "Jane    Doe\\n\\f"'
    )
    runner = TesseractOcr(fake_tesseract(tmp_path, body), languages="kor+eng", dpi=200)
    assert runner(b"png bytes") == "Jane\tDoe"
    argv, threads = log.read_text().splitlines()
    assert argv.split() == [
        *("stdin", "stdout", "-l", "kor+eng", "--psm", "3", "--dpi", "200", "txt", "tsv"),
    ]
    assert threads == "1" and (tmp_path / "page").read_bytes() == b"png bytes"


def test_no_output_is_a_parse_error(tmp_path: Path) -> None:
    """Tesseract exiting 0 without writing anything is a failed page, not an empty one."""
    with pytest.raises(PermanentError) as caught:
        TesseractOcr(fake_tesseract(tmp_path, "cat > /dev/null"))(b"png")
    assert caught.value.code is ErrorCode.PARSE_ERROR


def test_timeout_is_a_parse_error_and_kills_tesseract(tmp_path: Path) -> None:
    """A page that takes longer than timeout_s ends PARSE_ERROR, and tesseract is killed."""
    pid_file = tmp_path / "pid"
    runner = TesseractOcr(
        fake_tesseract(tmp_path, f"echo $$ > {pid_file}; sleep 60"), timeout_s=0.5
    )
    with pytest.raises(PermanentError) as caught:
        runner(b"png")
    assert caught.value.code is ErrorCode.PARSE_ERROR and "OCR" in caught.value.message
    assert wait_gone(int(pid_file.read_text()))


def test_failure_is_a_parse_error(tmp_path: Path) -> None:
    """Tesseract exiting non-zero (an unreadable image) ends PARSE_ERROR with a plain message."""
    runner = TesseractOcr(fake_tesseract(tmp_path, "echo 'bad image' >&2; exit 1"))
    with pytest.raises(PermanentError) as caught:
        runner(b"png")
    assert caught.value.code is ErrorCode.PARSE_ERROR
    assert "bad image" not in caught.value.message


def test_program_removed_after_start_up_is_ocr_unavailable(tmp_path: Path) -> None:
    """When tesseract disappears after the start-up check, pages end OCR_UNAVAILABLE."""
    with pytest.raises(PermanentError) as caught:
        TesseractOcr(str(tmp_path / "gone"))(b"png")
    assert caught.value.code is ErrorCode.OCR_UNAVAILABLE
