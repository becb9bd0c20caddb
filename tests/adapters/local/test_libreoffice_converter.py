"""The LibreOffice DOC converter: real conversions, the start-up check, timeouts and failures."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from resume_worker.adapters.local.child_process import ToolMissingError
from resume_worker.adapters.local.libreoffice_converter import (
    OLE_MAGIC,
    LibreOfficeConverter,
    open_libreoffice,
)
from resume_worker.adapters.local.scratch import Scratch
from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.stages.extract_text.docx import read_docx
from tests.adapters.local.test_child_process import wait_gone
from tests.doc_builder import CAREER_ROWS, KOREAN_LINES, resume_docx, save_as_doc


@pytest.fixture(scope="module")
def resume_doc() -> bytes:
    return save_as_doc(resume_docx())


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    """A scratch folder in the test's own data folder."""
    return Scratch(tmp_path / "data" / "scratch")


def fake_soffice(folder: Path, body: str) -> str:
    """An executable standing in for soffice that runs the shell `body`."""
    path = folder / "soffice"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_doc_converts_to_docx_with_paragraphs_and_table_cells(
    resume_doc: bytes, scratch: Scratch
) -> None:
    """A real .doc comes back as DOCX that the DOCX reader reads: lines, and table cells."""
    assert resume_doc.startswith(b"\xd0\xcf\x11\xe0")
    began = time.perf_counter()
    converted = open_libreoffice(timeout_s=120, scratch=scratch)(resume_doc)
    assert time.perf_counter() - began < 60
    blocks = read_docx(converted)
    assert [b.text for b in blocks if b.kind != "table"][:3] == list(KOREAN_LINES)
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].rows == CAREER_ROWS
    assert list(scratch.root.iterdir()) == []


def test_conversions_can_run_side_by_side(resume_doc: bytes, scratch: Scratch) -> None:
    """Two conversions at once each get their own profile and both succeed."""
    from concurrent.futures import ThreadPoolExecutor

    converter = open_libreoffice(timeout_s=120, scratch=scratch)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(converter, [resume_doc, resume_doc]))
    assert all(read_docx(result)[0].text == KOREAN_LINES[0] for result in results)


def test_missing_libreoffice_says_how_to_install(scratch: Scratch) -> None:
    """Without soffice on PATH the start-up check names the Debian package."""
    with pytest.raises(ToolMissingError, match="apt-get install libreoffice-writer-nogui"):
        open_libreoffice(timeout_s=10, scratch=scratch, executables=("no-such-soffice",))


def test_soffice_runs_headless_in_a_private_folder_with_macros_off(
    tmp_path: Path, scratch: Scratch
) -> None:
    """The call passes headless flags and a fresh profile inside its own folder under the
    scratch folder (0700; macros disabled in the profile; HOME and TMPDIR there too), where the
    input and the output are files of mode 0600, and removes that folder afterwards."""
    log = tmp_path / "log"
    body = (
        f'echo "$@" > {log}; pwd >> {log}; echo "$HOME $TMPDIR" >> {log}; '
        'for a in "$@"; do case "$a" in -env:*) p="${a#*file://}";; esac; done; '
        f'cat "$p/user/registrymodifications.xcu" > {tmp_path}/xcu; '
        f'mkdir -p out; printf "PK" > out/document.docx; stat -c %a . document.doc out/* >> {log}'
    )
    converter = LibreOfficeConverter(fake_soffice(tmp_path, body), scratch=scratch)
    assert converter(OLE_MAGIC + b"doc bytes") == b"PK"
    argv, folder, home_tmp, *modes = log.read_text().splitlines()
    words = argv.split()
    assert {"--headless", "--norestore", "--nolockcheck"} <= set(words)
    assert words[words.index("--convert-to") + 1] == "docx"
    assert f"-env:UserInstallation=file://{folder}/profile" in words
    assert words[-1] == f"{folder}/document.doc" and home_tmp == f"{folder} {folder}"
    assert Path(folder).parent == scratch.root and f"-{os.getpid()}-" in Path(folder).name
    assert modes == ["700", "600", "600"]
    assert not Path(folder).exists()
    xcu = (tmp_path / "xcu").read_text()
    assert '"DisableMacrosExecution"' in xcu and "<value>true</value>" in xcu


def test_timeout_is_a_parse_error_and_kills_the_process_group(
    tmp_path: Path, scratch: Scratch
) -> None:
    """A conversion past its time limit ends PARSE_ERROR; LibreOffice and its children die."""
    pids = tmp_path / "pids"
    body = f"sleep 60 & echo $! > {pids}; echo $$ >> {pids}; wait"
    converter = LibreOfficeConverter(fake_soffice(tmp_path, body), scratch=scratch, timeout_s=0.5)
    with pytest.raises(PermanentError) as caught:
        converter(OLE_MAGIC + b"doc")
    assert caught.value.code is ErrorCode.PARSE_ERROR and "DOC" in caught.value.message
    assert all(wait_gone(int(pid)) for pid in pids.read_text().split())


@pytest.mark.parametrize("body", ["exit 0", "exit 77", "mkdir -p out; : > out/document.docx"])
def test_no_output_or_failure_is_a_parse_error(tmp_path: Path, scratch: Scratch, body: str) -> None:
    """No output file, an empty one, or a failing exit all end PARSE_ERROR, the call's folder
    removed all the same."""
    with pytest.raises(PermanentError) as caught:
        LibreOfficeConverter(fake_soffice(tmp_path, body), scratch=scratch)(OLE_MAGIC + b"doc")
    assert caught.value.code is ErrorCode.PARSE_ERROR
    assert list(scratch.root.iterdir()) == []


def test_corrupt_doc_is_a_parse_error(resume_doc: bytes, scratch: Scratch) -> None:
    """A truncated .doc that LibreOffice cannot open ends PARSE_ERROR, not a crash."""
    with pytest.raises(PermanentError) as caught:
        open_libreoffice(timeout_s=120, scratch=scratch)(resume_doc[:1200])
    assert caught.value.code is ErrorCode.PARSE_ERROR
