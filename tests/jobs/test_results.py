"""The documents of stored results show PII (gender too) and the file name only when revealed."""

from __future__ import annotations

from resume_worker.core.models import CandidateProfile
from resume_worker.jobs.results import masked_profile


def test_gender_is_masked_whole_like_other_pii() -> None:
    """Gender shows as *** beside the masked name; a profile without one has none."""
    masked = masked_profile(CandidateProfile(name="홍길동", gender="여", birth_year=1990))
    assert (masked.name, masked.gender, masked.birth_year) == ("홍*동", "***", 1990)
    assert masked_profile(CandidateProfile(name="홍길동")).gender is None
