"""Non-LLM overhead per job (validate_file .. charge, `rules` analyst, `local` embedder), one core.

Run: `.venv/bin/python benchmarks/pipeline.py [--jobs 30] [--file PATH]`. Without --file it uses a
generated two-page English resume PDF. Prints the median and p95 of the whole job and per stage,
the job's CPU time (what the job costs when other processes share the core and stretch the wall
clock), and what chunk_embed sent to the embedder: texts, tokens and milliseconds per token.
DESIGN §6 bar: <= 150 ms median for a 2-page PDF on one core.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from resume_worker.composition.database import database_url
from resume_worker.composition.pipeline import build_services
from resume_worker.core.models import Chunk
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.pipeline import Services
from resume_worker.settings import Settings
from resume_worker.stages.chunk_embed import embedding_plan

LINES = [
    "Avery Quinn",
    "Senior Backend Engineer - avery.quinn@example.com - (312) 555-0142",
    "EXPERIENCE",
    "Senior Backend Engineer, Northwind Traders",
    "Mar 2019 - Present",
    *[
        f"- Built and operated Kafka pipelines processing event stream number {i}."
        for i in range(18)
    ],
    "Backend Engineer, Contoso Ltd",
    "Jun 2015 - Feb 2019",
    *[f"- Designed REST services and PostgreSQL schemas for product area {i}." for i in range(18)],
    "EDUCATION",
    "University of Illinois, B.S. Computer Science, 2011 - 2015",
    "SKILLS",
    "Python, Go, Kafka, PostgreSQL, Kubernetes, Terraform, Redis, gRPC",
]


def two_page_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for page in range(2):
        pdf.add_page()
        for line in LINES[page * len(LINES) // 2 : (page + 1) * len(LINES) // 2]:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(
    data: bytes, name: str, jobs: int, warmup: int
) -> tuple[dict[str, list[float]], tuple[int, int]]:
    samples: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(data_dir=Path(scratch), log_level="error")
        async with build_services(settings) as services:
            for index in range(warmup + jobs):
                job = await accept_job(services, data, file_name=name, tenant_id="bench")
                began, cpu = time.perf_counter(), time.process_time()
                outcome = await run_job(job.id, services)
                wall = (time.perf_counter() - began) * 1000
                cpu_ms = (time.process_time() - cpu) * 1000
                if outcome.status.value not in ("completed", "partial"):
                    raise SystemExit(
                        f"benchmark job ended {outcome.status.value}: {outcome.error_code}"
                    )
                if index >= warmup:
                    samples.setdefault("job (wall)", []).append(wall)
                    samples.setdefault("job (cpu)", []).append(cpu_ms)
                    for stage, ms in outcome.timings_ms.items():
                        samples.setdefault(stage, []).append(ms)
            embedded = embedded_load(settings, services, outcome.record_id or "")
    return samples, embedded


def embedded_load(settings: Settings, services: Services, record_id: str) -> tuple[int, int]:
    """(texts, tokens) chunk_embed sent to the embedder for one job: the stored chunks of its
    version, each distinct text once, as chunk_embed plans it."""
    path = database_url(settings).removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        rows = db.execute(
            'SELECT kind, ord, text, start, "end" FROM chunks WHERE record_id = ? ORDER BY ord',
            (record_id,),
        ).fetchall()
    chunks = [Chunk(record_id, kind, order, text, a, b) for kind, order, text, a, b in rows]
    texts, _ = embedding_plan(chunks)
    return len(texts), sum(services.embedder.count_tokens(t) for t in texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--file", type=Path)
    parser.add_argument(
        "--cores", type=int, default=1, help="cores (and embedder threads) to use; the bar is for 1"
    )
    args = parser.parse_args()
    # Before the embedder loads: its OpenMP runtime reads the thread count once.
    os.environ.setdefault("OMP_NUM_THREADS", str(args.cores))
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[: args.cores]))
    from resume_worker.logs import configure_logging

    configure_logging("error", "json")
    data = args.file.read_bytes() if args.file else two_page_pdf()
    name = args.file.name if args.file else "bench.pdf"
    samples, (texts, tokens) = asyncio.run(measure(data, name, args.jobs, args.warmup))
    print(f"pipeline overhead, {args.jobs} jobs after {args.warmup} warm-up, {args.cores} core(s)")
    print(f"{'stage':<16}{'median ms':>12}{'p95 ms':>10}")
    for stage, values in samples.items():
        print(f"{stage:<16}{statistics.median(values):>12.2f}{percentile(values, 0.95):>10.2f}")
    embed_ms = statistics.median(samples["chunk_embed"])
    print(
        f"chunk_embed sent {texts} texts, {tokens} tokens per job: "
        f"{embed_ms / max(tokens, 1):.2f} ms/token (wall, chunking included)"
    )
    median = statistics.median(samples["job (wall)"])
    print(f"bar: median job <= 150 ms -> {'met' if median <= 150 else 'NOT met'} ({median:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
