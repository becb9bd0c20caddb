"""/healthz (the process answers), /readyz (its database, storage and broker answer) and
/metrics (Prometheus). None needs an API key: expose them to the cluster, not the internet."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST

from resume_worker.api.context import context
from resume_worker.composition.api import Probe

router = APIRouter()
PROBE_TIMEOUT_S = 5.0


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up and serving."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "a dependency does not answer"}})
async def readyz(request: Request) -> JSONResponse:
    """Every dependency answers: 200 `ready`, else 503 naming what failed (no details)."""
    probes = context(request).built.probes
    results = await asyncio.gather(*(_check(probe) for probe in probes.values()))
    checks = dict(zip(probes, results, strict=True))
    ready = all(result == "ok" for result in checks.values())
    body: dict[str, Any] = {"status": "ready" if ready else "unready", "checks": checks}
    return JSONResponse(body, status_code=200 if ready else 503)


async def _check(probe: Probe) -> str:
    try:
        await asyncio.wait_for(probe(), PROBE_TIMEOUT_S)
    except Exception as exc:  # a probe reports any failure; the message may hold a URL
        return f"error ({type(exc).__name__})"
    return "ok"


@router.get("/metrics", response_class=Response)
async def metrics(request: Request) -> Response:
    """Prometheus exposition: jobs by status and code, stage latencies, LLM tokens and cost."""
    body = await context(request).metrics.render()
    return Response(body, media_type=CONTENT_TYPE_LATEST)
