"""The documents of stored results show PII (gender too) and the file name only when revealed."""

from __future__ import annotations

import json
from typing import Any

from resume_worker.core.models import (
    CandidateProfile,
    Ciphertext,
    Job,
    JobOutcome,
    JobStatus,
    StoredRecord,
)
from resume_worker.jobs.results import file_label, job_result, masked_profile
from resume_worker.privacy.crypto import field_aad
from tests.privacy.test_crypto import random_keyring


def test_gender_is_masked_whole_like_other_pii() -> None:
    """Gender shows as *** beside the masked name; a profile without one has none."""
    masked = masked_profile(CandidateProfile(name="홍길동", gender="여", birth_year=1990))
    assert (masked.name, masked.gender, masked.birth_year) == ("홍*동", "***", 1990)
    assert masked_profile(CandidateProfile(name="홍길동")).gender is None


def test_job_document_reveals_gender_and_file_name_only_when_asked() -> None:
    """A stored version's gender (a PII ciphertext) reads *** in the job document unless PII is
    revealed; the file name reads as its extension only."""
    keyring = random_keyring()
    sealed_gender = keyring.encrypt(json.dumps("female").encode(), field_aad("t1", "r1", "gender"))
    record = StoredRecord(
        "r1",
        "c1",
        "t1",
        1,
        "j1",
        True,
        CandidateProfile(),
        {"gender": Ciphertext(sealed_gender)},
        {},
        {},
        (),
    )
    sealed_name = keyring.encrypt(b"Jane Smith.pdf", field_aad("t1", "j1", "file_name"))
    job = Job("j1", "t1", JobStatus.COMPLETED, "pdf", "", file_name=Ciphertext(sealed_name))
    outcome = JobOutcome("j1", JobStatus.COMPLETED, candidate_id="c1", version=1, record_id="r1")

    def shown(reveal: bool) -> dict[str, Any]:
        name = file_label(job, keyring, reveal=reveal)
        return job_result(name, outcome, record, keyring, reveal_pii=reveal)

    masked, revealed = shown(False), shown(True)
    assert masked["file"] == "***.pdf" and "Jane" not in json.dumps(masked)
    assert masked["candidate"]["profile"]["gender"] == "***"
    assert revealed["file"] == "Jane Smith.pdf"
    assert revealed["candidate"]["profile"]["gender"] == "female"
