"""Building the command line loads no SDK, database or web stack: each command loads those
when it runs, so `--help` and usage errors answer at once."""

from __future__ import annotations

import json
import subprocess
import sys

# Each is loaded by some command when it runs (or by the composition root), never to build the CLI.
HEAVY = (
    "alembic",
    "boto3",
    "botocore",
    "cryptography",
    "dramatiq",
    "fastapi",
    "httpx",
    "kiwipiepy",
    "numpy",
    "openai",
    "pydantic_settings",
    "redis",
    "sqlalchemy",
    "starlette",
    "structlog",
    "uvicorn",
    "resume_worker.pipeline",
    "resume_worker.composition.pipeline",
    "resume_worker.settings",
)
# Loaded by importing the composition root: shows the probe sees what a command pulls in.
LOADED_BY_SERVICES = (
    "alembic",
    "boto3",
    "openai",
    "sqlalchemy",
    "resume_worker.composition.pipeline",
)

PROBE = """
import json, sys
import typer.main
from resume_worker.cli import app

typer.main.get_command(app)  # every command's options, as each run builds them
heavy = {heavy!r}
before = sorted(m for m in heavy if m in sys.modules)
import resume_worker.composition.pipeline
after = sorted(m for m in heavy if m in sys.modules)
print(json.dumps({{"before": before, "after": after}}))
"""


def test_building_the_cli_loads_no_heavy_module() -> None:
    """The typer app with every command registered loads none of HEAVY; importing the services
    afterwards does load them, so the names are the modules the commands defer."""
    run = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout)
    assert found["before"] == []
    assert set(LOADED_BY_SERVICES) <= set(found["after"])
