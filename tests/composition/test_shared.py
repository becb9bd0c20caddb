"""What each process builds once at start: the scratch folder is swept before anything else."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from resume_worker.composition.shared import build_shared
from resume_worker.settings import Settings
from tests.adapters.local.test_scratch import call_folder, dead_pid


def test_start_up_sweeps_the_data_folders_scratch_folder(tmp_path: Path) -> None:
    """build_shared, which every process that opens the pipeline runs first, removes a dead
    process's call folder from <data>/scratch and keeps a live one's; the DOC converter, when
    LibreOffice is there, works in that folder."""
    root = tmp_path / "scratch"
    gone = call_folder(root, f"{socket.gethostname()}-{dead_pid()}-0a1b2c3d")
    live = call_folder(root, f"{socket.gethostname()}-{os.getppid()}-0a1b2c3d")
    shared = build_shared(Settings(data_dir=tmp_path, ocr={"enabled": False}))
    assert not gone.exists() and live.exists()
    assert shared.convert_doc is None or shared.convert_doc.scratch.root == root
