"""A JSON Resume theme's HTML from its own code: corpus/node/render_theme.js runs the theme npm
installed in corpus/node_modules (pinned in corpus/package.json), its clock fixed to the corpus's
day so durations and "Present" come out the same on every build."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from corpus.records import TODAY

RENDER_THEME = Path(__file__).resolve().parents[1] / "node" / "render_theme.js"


def theme_html(package: str, version: str, resume: dict[str, Any], node_modules: Path) -> str:
    """The HTML `package` renders for `resume`; fails when npm installed another version."""
    _check_installed(package, version, node_modules)
    result = subprocess.run(
        ["node", str(RENDER_THEME), package, TODAY.isoformat()],
        input=json.dumps(resume, ensure_ascii=False).encode("utf-8"),
        capture_output=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{package} failed: {result.stderr.decode()[-2000:]}")
    return result.stdout.decode("utf-8")


def _check_installed(package: str, version: str, node_modules: Path) -> None:
    manifest = node_modules / package / "package.json"
    if not manifest.is_file():
        raise RuntimeError(f"{package} is not installed: run `make corpus-tools`")
    installed = json.loads(manifest.read_text("utf-8"))["version"]
    if installed != version:
        raise RuntimeError(f"{package} is {installed}; the jsonresume table describes {version}")
