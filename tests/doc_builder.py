"""Builds real legacy Word (.doc) files for tests: a python-docx document saved by LibreOffice."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import docx

from resume_worker.adapters.local.child_process import run_child
from resume_worker.adapters.local.libreoffice_converter import EXECUTABLES, LIBREOFFICE_INSTALL
from tests.conftest import require_service

KOREAN_LINES = (
    "이력서",
    "성명 김하늘 / 이메일 haneul.kim@example.com / 휴대폰 010-0000-4321",
    "경력사항",
)
CAREER_ROWS = (("기간", "회사명", "직위"), ("2020.03 ~ 현재", "(주)카카오", "백엔드 개발자"))


def libreoffice() -> str:
    """The LibreOffice program; skips the test (fails under CI=true) when it is missing."""
    found = next(filter(None, map(shutil.which, EXECUTABLES)), None)
    require_service("libreoffice", found is not None, LIBREOFFICE_INSTALL)
    assert found is not None
    return found


def resume_docx() -> bytes:
    """A small Korean resume: paragraphs and a career table."""
    document = docx.Document()
    for line in KOREAN_LINES:
        document.add_paragraph(line)
    table = document.add_table(rows=len(CAREER_ROWS), cols=len(CAREER_ROWS[0]))
    for r, row in enumerate(CAREER_ROWS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def save_as_doc(docx_bytes: bytes) -> bytes:
    """The document saved as Word 97-2003 by LibreOffice.

    It goes through ODT first: LibreOffice 7.4 saving a python-docx DOCX straight to .doc
    drops the table structure (cells run together), which a real Word file never does.
    """
    program = libreoffice()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "resume.docx").write_bytes(docx_bytes)
        profile = f"-env:UserInstallation={(root / 'profile').as_uri()}"
        for source, target in (("resume.docx", "odt"), ("resume.odt", "doc")):
            argv = [program, "--headless", "--norestore", profile, "--convert-to", target]
            run_child([*argv, "--outdir", str(root), str(root / source)], timeout_s=120, cwd=root)
        return (root / "resume.doc").read_bytes()
