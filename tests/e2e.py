"""Shared pieces of the end-to-end tests: real services in a temporary data folder."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from resume_worker.adapters.sql.repository import SqlRepository
from resume_worker.composition.admin import AdminServices, build_admin
from resume_worker.composition.database import open_repository
from resume_worker.composition.pipeline import build_services, pipeline_services
from resume_worker.pipeline import Services
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


@asynccontextmanager
async def services_and_repository(
    data_dir: Path, **overrides: Any
) -> AsyncIterator[tuple[Services, SqlRepository]]:
    """The pipeline's services and the SQL repository under them, for tests of the repository's
    operator methods beside the pipeline."""
    settings = Settings(data_dir=data_dir, log_format="json", **overrides)
    async with (
        open_repository(settings) as repository,
        pipeline_services(settings, repository) as services,
    ):
        yield services, repository


def run_with(data_dir: Path, body: Callable[[Services], Awaitable[T]], **overrides: Any) -> T:
    async def scenario() -> T:
        async with real_services(data_dir, **overrides) as services:
            return await body(services)

    return asyncio.run(scenario())


@asynccontextmanager
async def real_admin(data_dir: Path, **overrides: Any) -> AsyncIterator[AdminServices]:
    settings = Settings(data_dir=data_dir, log_format="json", **overrides)
    async with build_admin(settings) as admin:
        yield admin


def run_admin_with(
    data_dir: Path, body: Callable[[AdminServices], Awaitable[T]], **overrides: Any
) -> T:
    async def scenario() -> T:
        async with real_admin(data_dir, **overrides) as admin:
            return await body(admin)

    return asyncio.run(scenario())
