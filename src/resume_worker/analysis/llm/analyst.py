"""The `llm` analyst: masked text to a CandidateProfile through one OpenAI-compatible endpoint."""

from __future__ import annotations

import asyncio

import structlog

from resume_worker.analysis.llm.masking import MaskedText, mask_pii, restore_profile
from resume_worker.analysis.llm.prompts import budget, profile_messages, repair_messages
from resume_worker.analysis.llm.structured import ReplyError, read_reply, reply_shape
from resume_worker.analysis.rules import analyze_text
from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import Analysis, CandidateProfile, ExtractedText, SourceSpan, Usage
from resume_worker.core.ports.analyst import ChatModel

log = structlog.get_logger("resume_worker.llm")
PROFILE_SHAPE = reply_shape(
    CandidateProfile, "candidate_profile", "The facts of one resume as a candidate profile."
)
# A model gives no confidence of its own; crosscheck agreement refines this.
LLM_CONFIDENCE = 0.8
LOCATED_FIELDS = ("name", "address")


async def masked_document(text: ExtractedText, *, send_names: bool) -> MaskedText:
    """The document with the PII policy applied; names too when they may not be sent (found by
    the offline rules, in a worker thread)."""
    if send_names:
        return mask_pii(text.text)
    found = (await asyncio.to_thread(analyze_text, text)).profile
    return mask_pii(text.text, names=[n for n in (found.name, *found.name_variants) if n])


class LlmAnalyst:
    """Asks one endpoint for the profile; one repair round when the reply does not validate."""

    name = "llm"

    def __init__(self, client: ChatModel, *, send_names: bool, max_prompt_chars: int) -> None:
        self.client = client
        self.send_names = send_names
        self.max_prompt_chars = max_prompt_chars

    async def analyze(self, text: ExtractedText) -> Analysis:
        masked = await masked_document(text, send_names=self.send_names)
        if budget(masked.text, self.max_prompt_chars)[1]:
            log.warning("document cut to the prompt budget", chars=len(masked.text))
        profile, usage = await self._ask(masked)
        restored = CandidateProfile.model_validate(
            restore_profile(profile.model_dump(exclude_defaults=True), masked)
        )
        confidence = {key: LLM_CONFIDENCE for key in restored.model_dump(exclude_defaults=True)}
        return Analysis(restored, confidence, locate(restored, text), usage)

    async def _ask(self, masked: MaskedText) -> tuple[CandidateProfile, Usage]:
        """Ask, validate, and on a bad reply ask once more with the problem named."""
        client = self.client
        messages = profile_messages(
            masked.text, mode=client.mode, shape=PROFILE_SHAPE, max_chars=self.max_prompt_chars
        )
        tokens = client.max_output_tokens
        first = await client.complete(messages, PROFILE_SHAPE, max_tokens=tokens)
        try:
            return read_reply(first.text, CandidateProfile), first.usage
        except ReplyError as problem:
            log.warning("llm reply unusable, asking for a repair", problem=str(problem))
            repair = repair_messages(messages, first.text, str(problem))
        second = await client.complete(repair, PROFILE_SHAPE, max_tokens=tokens)
        usage = first.usage.plus(second.usage)
        try:
            return read_reply(second.text, CandidateProfile), usage
        except ReplyError as problem:
            raise PermanentError(
                "the llm reply did not match the profile schema after one repair",
                ErrorCode.ANALYSIS_FAILED,
                details={"analyst": self.name, "problem": str(problem)[:500]},
            ) from problem


def locate(profile: CandidateProfile, text: ExtractedText) -> dict[str, SourceSpan]:
    """Where the name, first e-mail, first phone and address appear verbatim in the text."""
    wanted = {key: getattr(profile, key) for key in LOCATED_FIELDS}
    wanted |= {key: values[0] for key in ("emails", "phones") if (values := getattr(profile, key))}
    spans: dict[str, SourceSpan] = {}
    for key, value in wanted.items():
        start = text.text.find(value) if isinstance(value, str) and value else -1
        if start >= 0:
            spans[key] = SourceSpan(_page_at(text, start), start, start + len(value))
    return spans


def _page_at(text: ExtractedText, offset: int) -> int:
    page = 1
    for block in text.blocks:
        if block.start > offset:
            break
        page = block.page
    return page
