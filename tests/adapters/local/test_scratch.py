"""The private scratch folder: per-call folders, private modes, and the sweep at start-up that
removes what stopped processes left without touching a live sibling's folder."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from resume_worker.adapters.local.scratch import (
    GRACE_S,
    Scratch,
    is_stale,
    open_scratch,
    sweep,
    write_private,
)

HOST = socket.gethostname()


def dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def call_folder(root: Path, name: str, *, age_s: float = 0) -> Path:
    """A call folder as a process leaves it: a file of the document inside, `age_s` old."""
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "document.doc").write_bytes(b"Jane Doe")
    then = time.time() - age_s
    os.utime(folder, (then, then))
    return folder


def test_a_dead_processs_folder_goes_and_a_live_ones_stays(tmp_path: Path) -> None:
    """The folder of a process that is gone is removed with its files; the folder of a live
    sibling (this test process's parent stands in) stays, however many times the sweep runs."""
    gone = call_folder(tmp_path, f"{HOST}-{dead_pid()}-0a1b2c3d")
    live = call_folder(tmp_path, f"{HOST}-{os.getppid()}-0a1b2c3d")
    assert sweep(tmp_path, max_age_s=60) == 1
    assert sweep(tmp_path, max_age_s=60) == 0
    assert not gone.exists() and (live / "document.doc").read_bytes() == b"Jane Doe"


def test_a_folder_with_the_sweepers_own_pid_was_a_predecessors(tmp_path: Path) -> None:
    """A process restarted with the pid of the one that was killed (a container's PID 1)
    removes that one's folder: the sweep runs before it has made any of its own."""
    predecessor = call_folder(tmp_path, f"{HOST}-{os.getpid()}-0a1b2c3d")
    assert sweep(tmp_path, max_age_s=60) == 1 and not predecessor.exists()


def test_a_folder_older_than_the_longest_call_goes_whoever_owns_it(tmp_path: Path) -> None:
    """Past the age limit a folder goes even when its pid is alive (a pid reused since) or it
    was made on another host; younger, another host's folder stays (its pid means nothing
    here)."""
    reused = call_folder(tmp_path, f"{HOST}-{os.getppid()}-aaaa", age_s=120)
    elsewhere_old = call_folder(tmp_path, f"other-host-{dead_pid()}-bbbb", age_s=120)
    elsewhere_young = call_folder(tmp_path, f"other-host-{dead_pid()}-cccc")
    assert sweep(tmp_path, max_age_s=60) == 2
    assert not reused.exists() and not elsewhere_old.exists() and elsewhere_young.exists()


def test_names_of_another_shape_wait_for_the_age_limit() -> None:
    """An entry that is no call folder of ours is left until it is old."""
    for name in ("notes", f"{HOST}-x-1", "a-b"):
        assert not is_stale(name, age_s=1, max_age_s=60)
        assert is_stale(name, age_s=61, max_age_s=60)


def test_open_makes_the_folder_private_and_sweeps_it(tmp_path: Path) -> None:
    """open_scratch creates <data>/scratch with mode 0700 (tightening an existing one) and
    removes a dead process's folder at once; the age limit is the call limit plus a grace."""
    root = tmp_path / "scratch"
    root.mkdir(mode=0o755)
    root.chmod(0o755)
    gone = call_folder(root, f"{HOST}-{dead_pid()}-0a1b2c3d")
    old_enough = call_folder(root, f"{HOST}-{os.getppid()}-aaaa", age_s=10 + GRACE_S + 5)
    young = call_folder(root, f"{HOST}-{os.getppid()}-bbbb", age_s=10 + GRACE_S - 5)
    scratch = open_scratch(tmp_path, call_limit_s=10)
    assert scratch.root == root and root.stat().st_mode & 0o777 == 0o700
    assert not gone.exists() and not old_enough.exists() and young.exists()


def test_a_call_folder_is_private_and_removed_after_the_call(tmp_path: Path) -> None:
    """Each call gets its own 0700 folder named by host and pid, removed when the call ends,
    whether it returns or raises; files written with write_private are 0600."""
    scratch = Scratch(tmp_path / "scratch")
    with scratch.call_folder() as first, scratch.call_folder() as second:
        assert first != second and first.parent == scratch.root
        assert first.name.startswith(f"{HOST}-{os.getpid()}-")
        assert first.stat().st_mode & 0o777 == 0o700
        write_private(first / "document.doc", b"Jane Doe")
        assert (first / "document.doc").stat().st_mode & 0o777 == 0o600
    with pytest.raises(RuntimeError), scratch.call_folder() as third:
        raise RuntimeError(third.name)
    assert list(scratch.root.iterdir()) == []


def test_write_private_never_writes_through_an_existing_file(tmp_path: Path) -> None:
    """A file already there (or a link planted in its place) is an error, not overwritten."""
    target = tmp_path / "document.doc"
    target.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        write_private(target, b"new")
    assert target.read_bytes() == b"old"


def test_a_relative_data_folder_gives_an_absolute_scratch_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default data folder is relative (`data`); call folders must still be absolute, since
    LibreOffice takes its profile folder as a file URI."""
    monkeypatch.chdir(tmp_path)
    scratch = open_scratch(Path("data"), call_limit_s=60)
    with scratch.call_folder() as folder:
        assert folder.is_absolute()
        assert folder.as_uri().startswith("file:///")
