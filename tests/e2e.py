"""Shared pieces of the end-to-end tests: real services in a temporary data folder."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from resume_worker.pipeline import Services
from resume_worker.services import build_services
from resume_worker.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"
T = TypeVar("T")


def shared_dir(*parts: str) -> Path:
    """A folder of ../shared (dev set, fixtures): a skip when absent, a failure under CI=true."""
    from tests.conftest import require_service

    path = SHARED.joinpath(*parts).resolve()
    require_service(
        f"../shared/{'/'.join(parts)}",
        path.is_dir(),
        "it exists only on project machines, beside the checkout",
    )
    return path


@asynccontextmanager
async def real_services(data_dir: Path, **overrides: Any) -> AsyncIterator[Services]:
    settings = Settings(data_dir=data_dir, log_format="json", **overrides)
    async with build_services(settings) as services:
        yield services


def run_with(data_dir: Path, body: Callable[[Services], Awaitable[T]], **overrides: Any) -> T:
    async def scenario() -> T:
        async with real_services(data_dir, **overrides) as services:
            return await body(services)

    return asyncio.run(scenario())
