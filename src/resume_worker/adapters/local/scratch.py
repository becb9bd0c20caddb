"""The private scratch folder under the data folder (`<data folder>/scratch/`), where a helper
program that only works on files (LibreOffice) gets a folder of its own for one call.

The system temp folder is not used for documents: only a normal exit removes a temporary
folder, so a worker killed mid-call would leave the document's text there for anyone to read
and no one to remove. Here the folder is mode 0700, its files 0600, each call's folder is
removed when the call ends, and every process that opens the pipeline sweeps the folders that
killed processes left behind (open_scratch) before its first job.

Several processes, on one machine or several, can share a data folder, so the sweep must never
take a live sibling's folder: a call folder is named `<host>-<pid>-<random>`, and it is stale
when its process is gone (same host, no such pid), when its pid is the sweeping process's own
(the sweep runs before this process makes any call folder, so that was a predecessor with the
same pid: a container's PID 1 restarted after a kill), or when it is older than the longest
call allowed plus a grace, which also covers a pid reused by another process, a zombie, and
another host.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import structlog

SCRATCH_FOLDER = "scratch"
# Past its time limit a call's tool is killed and reaped (child_process) and its folder
# removed; a folder older than the limit plus this margin has no live owner.
GRACE_S = 60.0
# A call folder's name: host, pid and a random part, joined by "-" (a host name may hold "-").
_NAME_PARTS = 3

log = structlog.get_logger("resume_worker.adapters.scratch")


@dataclass(frozen=True)
class Scratch:
    """The scratch folder of one data folder; `call_folder()` gives each call its own."""

    root: Path

    @contextmanager
    def call_folder(self) -> Iterator[Path]:
        """A new private folder (0700) for one call, removed with all it holds when it ends."""
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder = self.root / f"{_host()}-{os.getpid()}-{secrets.token_hex(4)}"
        folder.mkdir(mode=0o700)
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def open_scratch(data_dir: Path, *, call_limit_s: float) -> Scratch:
    """The scratch folder of `data_dir`, made private (0700) and swept of stale call folders:
    those whose process is gone, or older than `call_limit_s` (the longest a call may run)
    plus GRACE_S. Called once per process, at start, before any call folder of its own. The
    folder is absolute (a relative data folder, the default `data`, is resolved): LibreOffice
    takes its profile as a file URI."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    root = data_dir.resolve() / SCRATCH_FOLDER
    root.mkdir(mode=0o700, exist_ok=True)
    root.chmod(0o700)
    removed = sweep(root, max_age_s=call_limit_s + GRACE_S)
    if removed:
        log.info("removed scratch folders left by stopped processes", folders=removed)
    return Scratch(root)


def sweep(root: Path, *, max_age_s: float, now: float | None = None) -> int:
    """Remove every entry of `root` that is stale (see is_stale); how many went. For a
    process that has made no call folder yet."""
    now = time.time() if now is None else now
    removed = 0
    for entry in root.iterdir():
        try:
            age_s = now - entry.lstat().st_mtime
        except FileNotFoundError:
            continue  # its owner removed it meanwhile
        if is_stale(entry.name, age_s=age_s, max_age_s=max_age_s):
            _remove(entry)
            removed += 1
    return removed


def is_stale(name: str, *, age_s: float, max_age_s: float) -> bool:
    """Whether the call folder `name`, last changed `age_s` ago, has no live owner: older than
    `max_age_s`, or made on this host by a process that is gone or by an earlier holder of
    this process's pid. A name of any other shape is left until it is old."""
    if age_s > max_age_s:
        return True
    parts = name.rsplit("-", _NAME_PARTS - 1)
    if len(parts) != _NAME_PARTS or parts[0] != _host() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    return pid == os.getpid() or not pid_alive(pid)


def pid_alive(pid: int) -> bool:
    """Whether a process `pid` exists on this host (one of another user counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, as another user's process
    return True


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to a new file `path` that only this user can read (0600)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


def _host() -> str:
    return socket.gethostname()


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)
