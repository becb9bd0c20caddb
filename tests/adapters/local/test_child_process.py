"""Helper programs run bounded in time, and a timeout kills every process they started."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from resume_worker.adapters.local.child_process import run_child


def alive(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie awaiting its parent counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def wait_gone(pid: int, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_output_and_exit_code_come_back() -> None:
    """stdin reaches the child; its stdout, stderr and exit code are returned."""
    result = run_child(["sh", "-c", "cat; echo err >&2; exit 3"], stdin=b"page", timeout_s=10)
    assert (result.returncode, result.stdout, result.stderr) == (3, b"page", b"err\n")


def test_timeout_kills_the_child_and_its_children(tmp_path: Path) -> None:
    """A child that outlives its time limit is killed with everything it started, then the
    timeout is raised; no process of the group survives."""
    pids = tmp_path / "pids"
    script = f"sleep 60 & echo $! > {pids}; echo $$ >> {pids}; wait"
    began = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        run_child(["sh", "-c", script], timeout_s=0.5)
    assert time.monotonic() - began < 5
    for pid in map(int, pids.read_text().split()):
        assert wait_gone(pid), f"process {pid} survived the timeout"


def test_stragglers_are_killed_after_a_normal_exit(tmp_path: Path) -> None:
    """A background process left behind by a child that exited normally does not live on."""
    pid_file = tmp_path / "pid"
    script = f"sleep 60 > /dev/null 2>&1 & echo $! > {pid_file}"
    assert run_child(["sh", "-c", script], timeout_s=10).returncode == 0
    assert wait_gone(int(pid_file.read_text()))


def test_environment_and_folder_are_the_callers() -> None:
    """The child runs in `cwd` with exactly the environment given."""
    result = run_child(
        ["sh", "-c", 'echo "$MARK $(pwd)"'], timeout_s=10, cwd=Path("/"), env={"MARK": "x"}
    )
    assert result.stdout == b"x /\n"


def test_a_missing_program_raises_oserror() -> None:
    """A program that does not exist fails at start with OSError, before any timeout."""
    with pytest.raises(OSError):
        run_child(["/nonexistent/tesseract"], timeout_s=10)


def test_what_the_child_writes_is_its_users_alone(tmp_path: Path) -> None:
    """Files and folders the child creates get no group or other bits (umask 077)."""
    script = "mkdir out && echo text > out/document.docx && stat -c %a out out/document.docx"
    result = run_child(["sh", "-c", script], timeout_s=10, cwd=tmp_path)
    assert result.stdout.split() == [b"700", b"600"]
