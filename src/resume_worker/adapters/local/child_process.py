"""Runs a helper program (Tesseract, LibreOffice) in its own process group, bounded in time."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

# How long to wait for a killed group's pipes to close before giving up on its output.
_REAP_TIMEOUT_S = 5.0


def run_child(
    argv: Sequence[str],
    *,
    timeout_s: float,
    stdin: bytes = b"",
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run `argv` to completion and return its exit code and output.

    The child leads a new session, so everything it starts (LibreOffice's soffice.bin behind
    its launcher) is one process group: on timeout, or when the caller is interrupted, the
    whole group is killed and subprocess.TimeoutExpired (or the interruption) propagates; after
    a normal exit, stragglers left in the group are killed too. What the child writes is its
    user's alone (umask 077): a converted document is as private as the one it came from.
    """
    with subprocess.Popen(  # noqa: S603 - a fixed program and our own arguments, no shell
        list(argv),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=dict(env) if env is not None else None,
        start_new_session=True,
        umask=0o077,
    ) as process:
        try:
            stdout, stderr = process.communicate(stdin, timeout=timeout_s)
        except BaseException:
            kill_group(process.pid)
            _reap(process)
            raise
        kill_group(process.pid)
    return subprocess.CompletedProcess(list(argv), process.returncode, stdout, stderr)


def kill_group(pgid: int) -> None:
    """SIGKILL every process in group `pgid`; a group that is already gone is fine."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        return


def _reap(process: subprocess.Popen[bytes]) -> None:
    """Collect a killed child so it leaves no zombie, without hanging on inherited pipes."""
    try:
        process.communicate(timeout=_REAP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.wait()


class ToolMissingError(RuntimeError):
    """A helper program is not installed or cannot do the job; the message says what to do."""
