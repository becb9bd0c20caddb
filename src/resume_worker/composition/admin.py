"""The operator part of the composition root: the pipeline's services and the same database
seen through the ports only operator commands use (dead letters, candidates, credits, keys)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from resume_worker.composition.config import check_config
from resume_worker.composition.database import open_repository
from resume_worker.composition.pipeline import pipeline_services
from resume_worker.core.ports.candidates import CandidateAdmin, StoredTextAdmin
from resume_worker.core.ports.jobs import DeadLetters
from resume_worker.core.ports.keys import KeyCensus, Resealing
from resume_worker.core.ports.ledger import LedgerReports
from resume_worker.pipeline import Services
from resume_worker.settings import Settings


@dataclass(frozen=True)
class AdminServices:
    """What `jobs`, `candidates`, `credits` and `keys` commands need."""

    services: Services
    dead_letters: DeadLetters
    candidates: CandidateAdmin
    credits: LedgerReports
    census: KeyCensus
    resealing: Resealing
    stored_text: StoredTextAdmin


@asynccontextmanager
async def build_admin(settings: Settings) -> AsyncIterator[AdminServices]:
    """The pipeline's services and the operator ports on one repository, closed after."""
    check_config(settings)
    async with (
        open_repository(settings) as repository,
        pipeline_services(settings, repository) as services,
    ):
        yield AdminServices(
            services,
            dead_letters=repository,
            candidates=repository,
            credits=repository,
            census=repository,
            resealing=repository,
            stored_text=repository,
        )
