"""protect: PII only as ciphertext, public text redacted, blind indexes for dedup."""

from __future__ import annotations

import json

from resume_worker.core.models import (
    Block,
    CandidateProfile,
    Career,
    ExtractedText,
    ValidatedProfile,
)
from resume_worker.privacy.crypto import field_aad
from resume_worker.stages.protect import PII_FIELDS, protect
from tests.privacy.test_crypto import random_keyring

TEXT = (
    "김민준 이력서\n연락처 010-1234-5678 이메일 minjun@example.com\n"
    "카카오 백엔드 개발자 2019.03 ~ 현재\n김민준은 Kafka 파이프라인을 운영했다."
)


def profile() -> ValidatedProfile:
    return ValidatedProfile(
        CandidateProfile(
            name="김민준",
            emails=["minjun@example.com"],
            phones=["010-1234-5678"],
            birth_year=1994,
            careers=[
                Career(
                    company="카카오",
                    position="백엔드 개발자",
                    start="2019-03",
                    is_current=True,
                    responsibilities=["김민준 팀 리드, 연락 010-1234-5678"],
                )
            ],
            skills=["Kafka"],
            summary="김민준: Kafka 전문가",
        ),
        {"name": 0.9},
        {},
    )


def protected_now():  # type: ignore[no-untyped-def]
    keyring = random_keyring()
    text = ExtractedText.from_blocks([Block("paragraph", TEXT)], format="txt", page_count=1)
    return keyring, protect(profile(), text, keyring=keyring, tenant_id="t1", record_id="r1")


def test_pii_fields_are_ciphertexts_that_decrypt_under_their_aad() -> None:
    """Each present PII field is encrypted for (tenant, record, field) and decrypts back."""
    keyring, protected = protected_now()
    assert set(protected.pii) == {"name", "emails", "phones", "birth_year"}
    assert set(protected.pii) <= set(PII_FIELDS)
    emails = keyring.decrypt(protected.pii["emails"].blob, field_aad("t1", "r1", "emails"))
    assert json.loads(emails) == ["minjun@example.com"]


def test_public_part_and_redacted_text_hold_no_pii() -> None:
    """Nothing stored in the clear (public profile, redacted text) contains the PII."""
    _, protected = protected_now()
    public = protected.public.model_dump_json() + protected.redacted_text
    for secret in ("김민준", "1234-5678", "minjun@example.com", "1994"):
        assert secret not in public
    assert protected.public.careers[0].company == "카카오"
    assert "Kafka" in protected.redacted_text and "[NAME]" in protected.redacted_text


def test_blind_indexes_cover_email_phone_and_name() -> None:
    """One digest per email, phone and the name; deterministic for the same keyring."""
    keyring, protected = protected_now()
    fields = sorted(bi.field for bi in protected.blind_indexes)
    assert fields == ["email", "name", "phone"]
    phone = next(bi for bi in protected.blind_indexes if bi.field == "phone")
    assert phone.digest == keyring.blind_index("phone", "+821012345678")
