"""Stage 4: text to a CandidateProfile through whichever analyst the services chose."""

from __future__ import annotations

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import Analysis, CandidateProfile, ExtractedText
from resume_worker.core.ports.analyst import Analyst


def is_usable(profile: CandidateProfile) -> bool:
    """A profile is usable when it names the person or a way to reach them, or any history."""
    return bool(
        profile.name or profile.emails or profile.phones or profile.careers or profile.education
    )


async def analyze(text: ExtractedText, *, analyst: Analyst) -> Analysis:
    """Ask the analyst for a profile; a document with nothing usable in it is rejected.

    Raises PermanentError(NOT_A_RESUME) when the analyst found no name, contact, career or
    school: readable text that holds no person's profile is a permanent input problem, not a
    failure of ours. Retryable analyst errors (LLM timeouts, rate limits) and the LLM analyst's
    ANALYSIS_FAILED (an unreadable reply) pass through unchanged.
    """
    analysis = await analyst.analyze(text)
    if not is_usable(analysis.profile):
        raise PermanentError(
            f"the {analyst.name} analyst found no name, contact, career or education",
            ErrorCode.NOT_A_RESUME,
            details={"analyst": analyst.name},
        )
    return analysis
