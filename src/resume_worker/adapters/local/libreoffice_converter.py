"""The DOC converter on LibreOffice headless: a legacy Word file in, the same document as DOCX out.

Every conversion runs in its own call folder under the data folder's private scratch folder
(adapters/local/scratch.py), holding the input, the output, LibreOffice's HOME and TMPDIR and a
fresh profile (so concurrent conversions never share an instance, a lock or a cache), with
macros disabled in that profile, a time limit, and the whole process group killed when the
limit is reached. Not pipes: `soffice --convert-to` reads and writes only files, and wants a
profile folder anyway. Not the system temp folder: a worker killed mid-conversion would leave
the document there; a call folder it leaves is removed by the next process's sweep.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import structlog

from resume_worker.adapters.local.child_process import ToolMissingError, run_child
from resume_worker.adapters.local.scratch import Scratch, write_private
from resume_worker.core.errors import ErrorCode, PermanentError

LIBREOFFICE_INSTALL = "apt-get install libreoffice-writer-nogui"
EXECUTABLES = ("soffice", "libreoffice")
_TIMED_OUT = (
    "DOC 파일 변환이 제한 시간 안에 끝나지 않았습니다"
    " / Converting the DOC file did not finish within the time limit"
)
_FAILED = "DOC 파일을 변환하지 못했습니다 / The DOC file could not be converted"
# A legacy Word file is an OLE compound file.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_GONE = "DOC 변환기(LibreOffice)를 실행할 수 없습니다 / LibreOffice could not be started"
# Macro security "very high" and macro execution off, whatever the document asks for.
_SCRIPTING = "/org.openoffice.Office.Common/Security/Scripting"
_PROFILE_SETTINGS = "\n".join(
    [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
        *(
            f'<item oor:path="{_SCRIPTING}"><prop oor:name="{name}" oor:op="fuse">'
            f"<value>{value}</value></prop></item>"
            for name, value in (("MacroSecurityLevel", "3"), ("DisableMacrosExecution", "true"))
        ),
        "</oor:items>",
    ]
)

log = structlog.get_logger("resume_worker.adapters.libreoffice_converter")


class LibreOfficeConverter:
    """Converts one .doc per call with `soffice --headless --convert-to docx`."""

    def __init__(self, executable: str, *, scratch: Scratch, timeout_s: float = 60) -> None:
        self.executable = executable
        self.scratch = scratch
        self.timeout_s = timeout_s

    def __call__(self, doc_bytes: bytes) -> bytes:
        """The DOCX bytes of the document. Raises PermanentError PARSE_ERROR for bytes that are
        no compound file (LibreOffice would read them as text and convert that), and when
        LibreOffice fails, produces nothing or runs past the time limit."""
        if not doc_bytes.startswith(OLE_MAGIC):
            raise PermanentError(_FAILED, ErrorCode.PARSE_ERROR)
        with self.scratch.call_folder() as root:
            source = root / "document.doc"
            write_private(source, doc_bytes)
            _write_profile(root / "profile")
            self._convert(source, root)
            target = root / "out" / "document.docx"
            if not target.is_file() or target.stat().st_size == 0:
                raise PermanentError(_FAILED, ErrorCode.PARSE_ERROR)
            return target.read_bytes()

    def _convert(self, source: Path, root: Path) -> None:
        argv = [
            self.executable,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nologo",
            "--nodefault",
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--convert-to",
            "docx",
            "--outdir",
            str(root / "out"),
            str(source),
        ]
        env = {**os.environ, "HOME": str(root), "TMPDIR": str(root)}
        try:
            result = run_child(argv, timeout_s=self.timeout_s, cwd=root, env=env)
        except subprocess.TimeoutExpired as exc:
            raise PermanentError(_TIMED_OUT, ErrorCode.PARSE_ERROR) from exc
        except OSError as exc:
            raise PermanentError(_GONE, ErrorCode.UNSUPPORTED_FORMAT) from exc
        if result.returncode != 0:
            log.warning("libreoffice failed to convert a document", exit_code=result.returncode)
            raise PermanentError(_FAILED, ErrorCode.PARSE_ERROR)


def _write_profile(profile: Path) -> None:
    user = profile / "user"
    user.mkdir(parents=True, mode=0o700)
    (user / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")


def open_libreoffice(
    *, timeout_s: float, scratch: Scratch, executables: tuple[str, ...] = EXECUTABLES
) -> LibreOfficeConverter:
    """A converter on the first of `executables` found on PATH, working in `scratch`.

    Raises ToolMissingError, saying what to install, when none is.
    """
    for name in executables:
        found = shutil.which(name)
        if found is not None:
            return LibreOfficeConverter(found, scratch=scratch, timeout_s=timeout_s)
    raise ToolMissingError(f"LibreOffice is not installed: {LIBREOFFICE_INSTALL}")
