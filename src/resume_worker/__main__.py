"""`python -m resume_worker` runs the command line."""

from resume_worker.cli import app

app()
