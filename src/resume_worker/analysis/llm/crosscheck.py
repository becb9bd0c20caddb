"""The `crosscheck` analyst: two analysts (two LLM endpoints) in parallel, field by field.

Both answer: the first one's values win, the second fills what the first left out, and each
field's confidence comes from agreement (0.95 when both say the same, down to 0.5 when they share
nothing; 0.6 when only one of them found the field). One fails: the other's answer stands. Both
fail: the worse error is raised, a PermanentError over a RetryableError (the job ends now rather
than retrying), and among retryable ones LLM_UNAVAILABLE over LLM_TIMEOUT over LLM_RATE_LIMIT.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from typing import Any

import structlog

from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.models import Analysis, CandidateProfile, ExtractedText, total_usage
from resume_worker.core.ports.analyst import Analyst

log = structlog.get_logger("resume_worker.llm")
AGREE, DISAGREE, ONE_SIDED = 0.95, 0.5, 0.6
RECORD_KEYS = ("company", "school", "name")
SEVERITY = {ErrorCode.LLM_RATE_LIMIT: 1, ErrorCode.LLM_TIMEOUT: 2, ErrorCode.LLM_UNAVAILABLE: 3}


class CrosscheckAnalyst:
    """Runs `first` and `second` concurrently and combines their answers."""

    name = "crosscheck"

    def __init__(self, first: Analyst, second: Analyst) -> None:
        self.first = first
        self.second = second

    async def analyze(self, text: ExtractedText) -> Analysis:
        results = await asyncio.gather(
            self.first.analyze(text), self.second.analyze(text), return_exceptions=True
        )
        answers = [result for result in results if isinstance(result, Analysis)]
        errors: list[WorkerError] = []
        for result in results:
            if isinstance(result, WorkerError):
                errors.append(result)
            elif isinstance(result, BaseException):
                raise result  # a bug, or cancellation: not ours to judge
        if len(answers) == 2:
            return combine(answers[0], answers[1])
        if answers:
            log.warning("crosscheck endpoint failed, using the other", code=errors[0].code.value)
            return answers[0]
        raise worse(errors)


def worse(errors: list[WorkerError]) -> WorkerError:
    """The error that says more about the failure (ties: the first endpoint's)."""
    return max(errors, key=lambda error: (not error.retryable, SEVERITY.get(error.code, 0)))


def combine(first: Analysis, second: Analysis) -> Analysis:
    """The first profile, gaps filled from the second; confidence per field from agreement."""
    one = first.profile.model_dump(exclude_defaults=True)
    two = second.profile.model_dump(exclude_defaults=True)
    merged = {**two, **one}
    confidence = {
        key: agreement(one[key], two[key]) if key in one and key in two else ONE_SIDED
        for key in merged
    }
    return Analysis(
        CandidateProfile.model_validate(merged),
        confidence,
        {**second.field_sources, **first.field_sources},
        total_usage(first.usage, second.usage),
    )


def agreement(one: Any, two: Any) -> float:
    """AGREE for equal values; for lists, DISAGREE plus the Jaccard overlap of their items."""
    if isinstance(one, list) and isinstance(two, list):
        ours, theirs = {_item_key(v) for v in one}, {_item_key(v) for v in two}
        union = ours | theirs
        share = len(ours & theirs) / len(union) if union else 1.0
        return round(DISAGREE + (AGREE - DISAGREE) * share, 4)
    return AGREE if _item_key(one) == _item_key(two) else DISAGREE


def _item_key(value: Any) -> str:
    """A record by what names it and when it began; a plain value by its letters and digits."""
    if isinstance(value, dict):
        label = next((value[k] for k in RECORD_KEYS if value.get(k)), "")
        return f"{_squash(label)}@{_squash(value.get('start') or '')}"
    return _squash(value)


def _squash(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return re.sub(r"[\W_]+", "", text)
