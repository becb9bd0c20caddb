"""The OCR runner on the Tesseract command line: one rendered page in, its text out.

The command line rather than pytesseract: pytesseract is itself a thin wrapper that writes
temporary files and shells out, its timeout kills only the direct child, and it would be one
more dependency. Here the page goes in on stdin and both outputs, text and TSV, come back on
stdout: nothing of the page (image or recognised text) is ever written to disk, so a process
killed mid-page leaves nothing behind. One call writing both is split by tesseract_text
.split_output; the alternatives were worse: two calls double the OCR time, and text rebuilt
from the TSV alone loses Tesseract's word spacing (its gaps are our cell breaks).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import structlog

from resume_worker.adapters.local.child_process import ToolMissingError, run_child
from resume_worker.adapters.local.tesseract_text import page_text, split_output
from resume_worker.core.errors import ErrorCode, PermanentError

TESSERACT_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-kor"
_LIST_LANGS_TIMEOUT_S = 15.0
_TIMED_OUT = (
    "OCR이 제한 시간 안에 끝나지 않았습니다 / OCR of a page did not finish within the time limit"
)
_FAILED = "OCR 엔진이 페이지를 읽지 못했습니다 / The OCR engine failed on a page"
_GONE = "OCR 엔진을 실행할 수 없습니다 / The OCR engine could not be started"

log = structlog.get_logger("resume_worker.adapters.tesseract_ocr")


class TesseractOcr:
    """Recognises one page per call: `tesseract stdin stdout -l <languages> --psm 3`.

    `--dpi` tells Tesseract the resolution the page was rendered at (its own estimate is often
    wrong on forms and costs whole table rows). Each call is one process, killed when it runs
    past `timeout_s`. OpenMP is limited to one thread: jobs already run side by side, and on
    few cores Tesseract's own threads make a page slower, not faster (2.3 s -> 1.2 s here).
    """

    def __init__(
        self, executable: str, *, languages: str = "kor+eng", dpi: int = 300, timeout_s: float = 120
    ) -> None:
        self.executable = executable
        self.languages = languages
        self.dpi = dpi
        self.timeout_s = timeout_s
        self._env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def __call__(self, png_bytes: bytes) -> str:
        """The text of one page image (PNG bytes rendered at `dpi`), cells split by tabs.

        Raises PermanentError: PARSE_ERROR when Tesseract fails or runs past the time limit,
        OCR_UNAVAILABLE when it cannot be started any more.
        """
        output = self._recognise(png_bytes).decode("utf-8", errors="replace")
        return page_text(*split_output(output))

    def _recognise(self, png_bytes: bytes) -> bytes:
        argv = [self.executable, "stdin", "stdout", "-l", self.languages, "--psm", "3"]
        argv += ["--dpi", str(self.dpi), "txt", "tsv"]
        try:
            result = run_child(argv, stdin=png_bytes, timeout_s=self.timeout_s, env=self._env)
        except subprocess.TimeoutExpired as exc:
            raise PermanentError(_TIMED_OUT, ErrorCode.PARSE_ERROR) from exc
        except OSError as exc:
            raise PermanentError(_GONE, ErrorCode.OCR_UNAVAILABLE) from exc
        if result.returncode != 0 or not result.stdout:
            log.warning("tesseract failed on a page", exit_code=result.returncode)
            raise PermanentError(_FAILED, ErrorCode.PARSE_ERROR)
        return result.stdout


def open_tesseract(
    *, languages: str, dpi: int, timeout_s: float, executable: str = "tesseract"
) -> TesseractOcr:
    """A runner for `languages` ("kor+eng"), after checking that Tesseract has each of them.

    Raises ToolMissingError, saying what to install, when the program or a language is missing.
    """
    found = shutil.which(executable)
    if found is None:
        raise ToolMissingError(f"tesseract is not installed: {TESSERACT_INSTALL}")
    installed = installed_languages(found)
    missing = [lang for lang in languages.split("+") if lang not in installed]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise ToolMissingError(f"tesseract lacks languages {missing}: apt-get install {packages}")
    return TesseractOcr(found, languages=languages, dpi=dpi, timeout_s=timeout_s)


def installed_languages(executable: str) -> set[str]:
    """The language packs `tesseract --list-langs` reports (empty when it fails)."""
    try:
        result = run_child([executable, "--list-langs"], timeout_s=_LIST_LANGS_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    if result.returncode != 0:
        return set()
    lines = result.stdout.decode("utf-8", errors="replace").splitlines()
    return {line.strip() for line in lines[1:] if line.strip()}
