"""Canonical forms, display masks and redaction of personal data."""

from __future__ import annotations

from resume_worker.core.pii import (
    mask_address,
    mask_email,
    mask_name,
    mask_phone,
    normalize_email,
    normalize_name,
    normalize_phone,
    phone_digits,
)


def test_normal_forms_for_blind_indexes() -> None:
    """Korean numbers become +82 E.164, emails lower-case, names lose spaces and case."""
    assert normalize_phone("010-1234-5678") == "+821012345678"
    assert normalize_phone("+82 10-1234-5678") == "+821012345678"
    assert normalize_phone("(312) 555-0123") == "+13125550123"
    assert normalize_email(" Gil@Example.COM ") == "gil@example.com"
    assert normalize_name("홍 길동") == normalize_name("홍길동")
    assert normalize_name("Jane  SMITH") == "janesmith"
    assert phone_digits("+82-10-0000-5678") == "01000005678"


def test_masks() -> None:
    """Masks keep just enough to recognise a value."""
    assert mask_phone("010-1234-5678") == "010-****-5678"
    assert mask_email("gildong@example.com") == "g***@example.com"
    assert mask_name("홍길동") == "홍*동"
    assert mask_name("남궁민") == "남*민"
    assert mask_name("Jane Smith") == "J*** S****"
    assert mask_address("서울시 강남구 테헤란로 123") == "서울시 강남구 ***"
