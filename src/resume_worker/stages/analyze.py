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
    """Ask the analyst for a profile; a profile with nothing usable fails the job.

    Raises PermanentError(ANALYSIS_FAILED) when the analyst found no name, contact, career or
    school. Retryable analyst errors (LLM timeouts, rate limits) pass through unchanged.
    """
    analysis = await analyst.analyze(text)
    if not is_usable(analysis.profile):
        raise PermanentError(
            f"the {analyst.name} analyst found no name, contact, career or education",
            ErrorCode.ANALYSIS_FAILED,
            details={"analyst": analyst.name},
        )
    return analysis
