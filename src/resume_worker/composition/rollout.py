"""Builds the rollout from settings for the composition root: the SQL flag store, the cached
flag reader, the experiment options and every analyst the analyst_model flag may name."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.openai.chat_client import ChatClient
from resume_worker.adapters.sql.rollout import SqlFlagStore
from resume_worker.analysis.rules import RulesAnalyst
from resume_worker.composition.analysts import llm_analyst, llm_endpoint
from resume_worker.core.ports.analyst import Analyst
from resume_worker.pipeline import ANALYST_MODEL, PDF_EXTRACTOR
from resume_worker.rollout import ExperimentOptions, FlagReader, Rollout
from resume_worker.settings import Settings
from resume_worker.stages.extract_text.pdf import PDF_STRATEGIES

BUILT_IN_ANALYSTS = ("rules", "llm", "crosscheck")


def rollout_problems(settings: Settings) -> list[str]:
    """A named analyst needs an endpoint and may not take a built-in analyst's name."""
    problems = []
    for name, variant in settings.rollout.analysts.items():
        if name in BUILT_IN_ANALYSTS:
            problems.append(f"rollout.analysts.{name}: {name} is a built-in analyst's name")
        if not (variant.base_url or settings.llm.base_url):
            problems.append(f"rollout.analysts.{name} needs a base_url (or llm.base_url)")
    return problems


def flag_variants(settings: Settings) -> dict[str, tuple[str, ...]]:
    """The variants each shipped flag may name; the first is today's default."""
    analysts = dict.fromkeys((settings.llm.analyst, "rules", *settings.rollout.analysts))
    return {ANALYST_MODEL: tuple(analysts), PDF_EXTRACTOR: PDF_STRATEGIES}


@asynccontextmanager
async def open_rollout(
    settings: Settings, engine: AsyncEngine, writer: AsyncEngine, analyst: Analyst
) -> AsyncIterator[Rollout]:
    """The worker's rollout on the repository's engines; `analyst` is the configured (default)
    analyst. The named analysts' HTTP clients are closed after."""
    llm, rollout = settings.llm, settings.rollout
    clients = {
        name: ChatClient(
            llm_endpoint(
                settings,
                model=variant.model,
                base_url=variant.base_url,
                api_key=variant.api_key.get_secret_value(),
                structured_output=variant.structured_output,
            )
        )
        for name, variant in rollout.analysts.items()
    }
    try:
        analysts: dict[str, Analyst] = {"rules": RulesAnalyst(), llm.analyst: analyst}
        for name, client in clients.items():
            analysts[name] = llm_analyst(settings, client)
        store = SqlFlagStore(engine, writer)
        yield Rollout(
            store,
            FlagReader(store, refresh_s=rollout.refresh_s, jitter=rollout.refresh_jitter),
            ExperimentOptions(
                rollout.candidate_timeout_s, rollout.noise_rate, rollout.raise_on_mismatch
            ),
            analysts,
        )
    finally:
        for client in clients.values():
            await client.aclose()
