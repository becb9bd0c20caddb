"""Stage 4: the analyst's answer passes through, an empty answer fails the job."""

from __future__ import annotations

import asyncio

import pytest

from resume_worker.analysis.rules import RulesAnalyst
from resume_worker.core.errors import REJECTION_CODES, ErrorCode, PermanentError, RetryableError
from resume_worker.core.models import Analysis, CandidateProfile, ExtractedText
from resume_worker.stages.analyze import analyze
from tests.rules_docs import doc


class _FixedAnalyst:
    """An analyst that returns a given profile or raises a given error."""

    name = "fixed"

    def __init__(self, profile: CandidateProfile | None = None, error: Exception | None = None):
        self.profile = profile or CandidateProfile()
        self.error = error

    async def analyze(self, text: ExtractedText) -> Analysis:
        if self.error is not None:
            raise self.error
        return Analysis(self.profile)


def test_usable_profile_passes_through() -> None:
    """A profile with a name is returned unchanged."""
    analyst = _FixedAnalyst(CandidateProfile(name="김민준"))
    result = asyncio.run(analyze(doc("김민준"), analyst=analyst))
    assert result.profile.name == "김민준"


def test_nothing_usable_is_not_a_resume() -> None:
    """No name, contact, career or school -> PermanentError(NOT_A_RESUME), a rejection."""
    analyst = _FixedAnalyst(CandidateProfile(skills=["Go"]))
    with pytest.raises(PermanentError) as caught:
        asyncio.run(analyze(doc("Go"), analyst=analyst))
    assert caught.value.code is ErrorCode.NOT_A_RESUME
    assert ErrorCode.NOT_A_RESUME in REJECTION_CODES


def test_retryable_analyst_errors_pass_through() -> None:
    """An LLM timeout is not turned into ANALYSIS_FAILED."""
    analyst = _FixedAnalyst(error=RetryableError("timed out", ErrorCode.LLM_TIMEOUT))
    with pytest.raises(RetryableError) as caught:
        asyncio.run(analyze(doc("x"), analyst=analyst))
    assert caught.value.code is ErrorCode.LLM_TIMEOUT


def test_rules_analyst_on_prose_without_a_person_fails() -> None:
    """The real rules analyst on text that names nobody ends in NOT_A_RESUME."""
    text = doc("The quarterly report shows revenue grew in every region this year.")
    with pytest.raises(PermanentError) as caught:
        asyncio.run(analyze(text, analyst=RulesAnalyst()))
    assert caught.value.code is ErrorCode.NOT_A_RESUME
