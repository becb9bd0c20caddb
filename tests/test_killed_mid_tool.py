"""A `process` run SIGKILLed while Tesseract or LibreOffice works on a resume leaves nothing of
the document readable, in the system temp folder or the data folder, once the next process has
started (and swept the scratch folder)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from resume_worker.adapters.local.scratch import SCRATCH_FOLDER
from resume_worker.composition.shared import build_shared
from resume_worker.settings import Settings
from tests.adapters.local.test_child_process import wait_gone
from tests.doc_builder import libreoffice, save_as_doc
from tests.e2e import REPO, SAMPLES
from tests.test_ocr_and_doc import require_tesseract, scanned
from tests.test_privacy import secrets_of

# Long enough for the command's start-up (settings, database, model files) and its first stage.
TOOL_WAIT_S = 180.0
# A killed command's orphaned tool finishes its page or document, then exits.
ORPHAN_WAIT_S = 120.0


def child_commands(pid: int) -> dict[int, str]:
    """The live children of `pid`, each pid with its command line."""
    found = {}
    for entry in (p for p in Path("/proc").iterdir() if p.name.isdigit()):
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, UnicodeDecodeError):
            continue  # gone meanwhile
        state, parent = stat.rpartition(")")[2].split()[:2]
        if int(parent) == pid and state != "Z":
            found[int(entry.name)] = command
    return found


def wait_for_child(process: subprocess.Popen[bytes], wanted: Callable[[str], bool]) -> int:
    """The pid of the first child of `process` whose command line is `wanted`."""
    deadline = time.monotonic() + TOOL_WAIT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, "the command ended before its tool started"
        for pid, command in child_commands(process.pid).items():
            if wanted(command):
                return pid
        time.sleep(0.02)
    raise AssertionError("the tool never started")


@contextmanager
def process_command(path: Path, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`resume-worker process PATH` with its own data folder and system temp folder (TMPDIR)
    under `tmp_path`; killed after the block if still running."""
    (tmp_path / "tmp").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_WORKER_")}
    env |= {"RESUME_WORKER_DATA_DIR": str(tmp_path / "data"), "TMPDIR": str(tmp_path / "tmp")}
    process = subprocess.Popen(
        [sys.executable, "-m", "resume_worker", "process", "--json", str(path)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        process.kill()
        process.wait(timeout=30)


def kill_during(process: subprocess.Popen[bytes], tool: int) -> None:
    """SIGKILL the command while its tool runs, then wait for the orphaned tool to end."""
    assert tool in child_commands(process.pid)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    assert wait_gone(tool, ORPHAN_WAIT_S)


def restart(data: Path) -> None:
    """What every process does first: build the shared services, which sweeps the scratch."""
    build_shared(Settings(data_dir=data, ocr={"enabled": False}))


def assert_nothing_readable(tmp_path: Path, secrets: set[str]) -> None:
    """The temp folder is empty, the scratch folder too, and no byte left in the data folder
    holds a name, e-mail or phone of the document."""
    assert list((tmp_path / "tmp").rglob("*")) == []
    assert list((tmp_path / "data" / SCRATCH_FOLDER).iterdir()) == []
    for file in (p for p in (tmp_path / "data").rglob("*") if p.is_file()):
        data = file.read_bytes()
        assert [s for s in secrets if s.encode() in data] == [], file


@pytest.mark.slow
def test_killed_mid_ocr_leaves_no_text_behind(tmp_path: Path) -> None:
    """Killed while Tesseract reads the scanned 이력서: the page went in on a pipe and its text
    came out on one, so nothing was written anywhere, even by the orphaned Tesseract."""
    require_tesseract()
    with process_command(scanned(), tmp_path) as process:
        ocr = wait_for_child(process, lambda command: "tesseract stdin " in command)
        time.sleep(0.5)  # well into the page
        kill_during(process, ocr)
    restart(tmp_path / "data")
    assert_nothing_readable(tmp_path, secrets_of(scanned()))


@pytest.mark.slow
def test_killed_mid_doc_conversion_leaves_nothing_after_the_sweep(tmp_path: Path) -> None:
    """Killed while LibreOffice converts a .doc: the call's folder, holding the document, is
    left in the data folder's scratch folder (never in the system temp folder), and the next
    process's start removes it."""
    libreoffice()
    document = tmp_path / "resume.doc"
    document.write_bytes(save_as_doc((SAMPLES / "ko-table-form.docx").read_bytes()))
    with process_command(document, tmp_path) as process:
        soffice = wait_for_child(process, lambda command: "--convert-to docx" in command)
        kill_during(process, soffice)
    (left,) = (tmp_path / "data" / SCRATCH_FOLDER).iterdir()
    assert (left / "document.doc").read_bytes() == document.read_bytes()
    restart(tmp_path / "data")
    assert_nothing_readable(tmp_path, secrets_of(SAMPLES / "ko-table-form.docx"))
