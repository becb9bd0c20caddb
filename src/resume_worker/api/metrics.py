"""Prometheus metrics read from the shared database at scrape time, so one API process reports the
jobs every worker ran: job counts by tenant, status and error code (a gauge), and, for jobs that
finished since the process started reading, stage latencies and LLM tokens, calls and cost.

Labels are the tenant id, status, error code, stage and token kind: bounded sets, never PII.
Finished jobs are read forward from a (finished_at, id) cursor, at most MAX_PAGES pages a scrape,
so the first scrape of a large database catches up over several scrapes instead of stalling.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from resume_worker.core.ports.jobs import FinishedJob, JobFigures

PAGE = 1000
MAX_PAGES = 10
STAGE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)


class ApiMetrics:
    """One registry per app (no global state): tests and several apps in a process do not mix."""

    def __init__(self, figures: JobFigures) -> None:
        self.figures = figures
        self.registry = CollectorRegistry()
        self.jobs = Gauge(
            "resume_worker_jobs",
            "Jobs by tenant, status and error code (empty: none).",
            ["tenant", "status", "code"],
            registry=self.registry,
        )
        self.stage_seconds = Histogram(
            "resume_worker_stage_seconds",
            "Time per pipeline stage of finished jobs.",
            ["stage"],
            buckets=STAGE_BUCKETS,
            registry=self.registry,
        )
        self.llm_calls = Counter(
            "resume_worker_llm_calls",
            "LLM calls of finished jobs.",
            ["tenant"],
            registry=self.registry,
        )
        self.llm_tokens = Counter(
            "resume_worker_llm_tokens",
            "LLM tokens of finished jobs, by kind (input or output).",
            ["tenant", "kind"],
            registry=self.registry,
        )
        self.llm_cost = Counter(
            "resume_worker_llm_cost",
            "LLM cost of finished jobs, in the currency of llm.prices (priced models only).",
            ["tenant"],
            registry=self.registry,
        )
        self.cursor: tuple[datetime, str] | None = None
        self.lock = asyncio.Lock()

    async def render(self) -> bytes:
        """The exposition text, after bringing every figure up to date."""
        async with self.lock:
            counts = await self.figures.job_counts()
            self.jobs.clear()
            for count in counts:
                self.jobs.labels(count.tenant_id, count.status, count.error_code or "").set(
                    count.count
                )
            for _ in range(MAX_PAGES):
                page = await self.figures.finished_after(self.cursor, PAGE)
                for job in page:
                    self._observe(job)
                if page:
                    self.cursor = (page[-1].finished_at, page[-1].id)
                if len(page) < PAGE:
                    break
        return generate_latest(self.registry)

    def _observe(self, job: FinishedJob) -> None:
        for stage, ms in job.timings_ms.items():
            self.stage_seconds.labels(stage).observe(ms / 1000)
        usage = job.usage
        if usage is None:
            return
        self.llm_calls.labels(job.tenant_id).inc(usage.calls)
        self.llm_tokens.labels(job.tenant_id, "input").inc(usage.input_tokens)
        self.llm_tokens.labels(job.tenant_id, "output").inc(usage.output_tokens)
        if usage.cost is not None:
            self.llm_cost.labels(job.tenant_id).inc(usage.cost)
