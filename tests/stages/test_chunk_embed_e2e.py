"""A Korean resume end to end with the offline defaults: kiwipiepy sentences, the Korean sizes,
the local model's token limit, and every chunk stored with its vector, model and dimension."""

from __future__ import annotations

import sqlite3
from itertools import pairwise
from pathlib import Path

import numpy as np

from resume_worker.adapters.local.embedder import LocalEmbedder
from resume_worker.core.models import JobStatus
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.pipeline import Services
from tests.e2e import SAMPLES, run_with


def test_korean_resume_chunks_are_stored_with_local_vectors(tmp_path: Path) -> None:
    """ko-markdown.md completes; its chunks come in the stable kind order, each within the
    local model's 512 tokens, raw sections overlapping by at most chunk.korean_overlap, and each
    stored with a unit vector of 384 floats and the model's name."""

    async def body(services: Services) -> JobStatus:
        data = (SAMPLES / "ko-markdown.md").read_bytes()
        job = await accept_job(services, data, file_name="이력서.md", tenant_id="t1")
        return (await run_job(job.id, services)).status

    overlap = 200
    status = run_with(tmp_path, body, chunk={"korean_size": 600, "korean_overlap": overlap})
    assert status is JobStatus.COMPLETED
    with sqlite3.connect(tmp_path / "resume-worker.db") as db:
        rows = db.execute(
            'SELECT kind, ord, text, start, "end", embedding, model, dim FROM chunks ORDER BY ord'
        ).fetchall()
    kinds = [row[0] for row in rows]
    order = ["summary", "career", "project", "skill", "education", "raw_full", "raw_section"]
    assert kinds == sorted(kinds, key=order.index) and {"career", "raw_section"} <= set(kinds)
    local = LocalEmbedder()
    assert all(local.count_tokens(text) <= 512 for _, _, text, *_ in rows)
    sections = [(start, end) for kind, _, _, start, end, *_ in rows if kind == "raw_section"]
    assert len(sections) >= 2
    for first, second in pairwise(sections):
        assert second[0] > first[0] and 0 <= first[1] - second[0] <= overlap
    for *_, blob, model, dim in rows:
        vector = np.frombuffer(blob, dtype="<f4")
        assert (model, dim, len(vector)) == (local.model, 384, 384)
        assert abs(float(np.linalg.norm(vector)) - 1) < 1e-3
