"""The analysts of the composition root: the configured one (rules, llm or crosscheck), the
identity voter, and the one builder of an LLM endpoint from settings (the analyst's, the
crosscheck's second and each rollout variant's)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog

from resume_worker.adapters.openai.chat_client import ChatClient, Endpoint, Price
from resume_worker.analysis.llm.analyst import LlmAnalyst
from resume_worker.analysis.llm.crosscheck import CrosscheckAnalyst
from resume_worker.analysis.llm.voter import LlmIdentityVoter
from resume_worker.analysis.rules import RulesAnalyst
from resume_worker.core.ports.analyst import Analyst, IdentityVoter, StructuredOutput
from resume_worker.settings import Settings

log = structlog.get_logger("resume_worker.services")


def llm_problems(settings: Settings) -> list[str]:
    """The llm and crosscheck analysts need an endpoint and a model (the second endpoint's URL
    and key default to the first's; its model must be named)."""
    llm = settings.llm
    if llm.analyst == "rules":
        return []
    needed = {"RESUME_WORKER_LLM__BASE_URL": llm.base_url, "RESUME_WORKER_LLM__MODEL": llm.model}
    if llm.analyst == "crosscheck":
        needed["RESUME_WORKER_LLM__CROSSCHECK_MODEL"] = llm.crosscheck_model
    return [
        f"{name} is required for llm.analyst={llm.analyst}" for name, v in needed.items() if not v
    ]


def llm_endpoint(
    settings: Settings,
    *,
    model: str = "",
    base_url: str = "",
    api_key: str = "",
    structured_output: StructuredOutput | None = None,
) -> Endpoint:
    """The llm endpoint of settings with the model and connection values given (each empty one
    is llm.*'s): the analyst's own, the crosscheck's second, a rollout variant's. Timeouts,
    retries and the output budget are always llm.*'s; the price is the model's in llm.prices."""
    llm = settings.llm
    model = model or llm.model
    price = llm.prices.get(model)
    if price is None:
        log.warning("no price for the llm model: job usage has no cost", model=model)
    return Endpoint(
        base_url=base_url or llm.base_url,
        model=model,
        api_key=api_key or llm.api_key.get_secret_value(),
        structured_output=structured_output or llm.structured_output,
        timeout=llm.timeout,
        connect_timeout=llm.connect_timeout,
        retries=llm.retries,
        backoff_base_s=llm.backoff_base_s,
        backoff_max_s=llm.backoff_max_s,
        max_output_tokens=llm.max_output_tokens,
        price=Price(price.input, price.output) if price is not None else None,
    )


def llm_analyst(settings: Settings, client: ChatClient) -> LlmAnalyst:
    """An llm analyst on `client` under the llm.* PII and prompt settings."""
    llm = settings.llm
    return LlmAnalyst(client, send_names=llm.send_names, max_prompt_chars=llm.max_prompt_chars)


@asynccontextmanager
async def open_analysts(settings: Settings) -> AsyncIterator[tuple[Analyst, IdentityVoter | None]]:
    """The configured analyst and, for the LLM ones, the identity voter (llm.identity_vote) on
    the first endpoint; their HTTP clients are closed after."""
    llm = settings.llm
    if llm.analyst == "rules":
        yield RulesAnalyst(), None
        return
    clients = [ChatClient(llm_endpoint(settings))]
    if llm.analyst == "crosscheck":
        second = llm_endpoint(
            settings,
            model=llm.crosscheck_model,
            base_url=llm.crosscheck_base_url,
            api_key=llm.crosscheck_api_key.get_secret_value(),
            structured_output=llm.crosscheck_structured_output,
        )
        clients.append(ChatClient(second))
    try:
        analysts = [llm_analyst(settings, client) for client in clients]
        analyst: Analyst = analysts[0] if len(analysts) == 1 else CrosscheckAnalyst(*analysts)
        voter = (
            LlmIdentityVoter(
                clients[0], send_names=llm.send_names, max_prompt_chars=llm.max_prompt_chars
            )
            if llm.identity_vote
            else None
        )
        yield analyst, voter
    finally:
        for client in clients:
            await client.aclose()
