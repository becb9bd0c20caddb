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
    redact,
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


def test_redact_removes_pii_but_keeps_dates_and_companies() -> None:
    """Names (even letter-spaced), phones in any format, emails, resident numbers and labelled
    birth dates are replaced; career dates and company names stay."""
    text = (
        "김 민 준\n연락처 010.1234.5678 / +82 10-1234-5678 / minjun@example.com\n"
        "생년월일: 1994.09.16 주민등록번호 940916-1234567\n"
        "2019.03 ~ 2021.02 카카오 백엔드 개발자\nTel (312) 555-0123"
    )
    out = redact(text, names=["김민준"], phones=["010-1234-5678", "(312) 555-0123"])
    for secret in ("김", "1234", "minjun", "1994.09.16", "940916", "555-0123"):
        assert secret not in out
    assert "2019.03 ~ 2021.02 카카오 백엔드 개발자" in out


def test_redact_names_only_as_whole_words() -> None:
    """A Latin name never matches inside another word; a Hangul name matches wherever it stands."""
    out = redact(
        "Bui builds things. BUI leads. 김민준은 개발자다. 지원자김민준", names=["Bui", "김민준"]
    )
    assert out == "[NAME] builds things. [NAME] leads. [NAME]은 개발자다. 지원자[NAME]"


def test_redact_labelled_values_in_table_rows() -> None:
    """Form tables come out as "label | value | label | value" lines: a birth date or an address
    after its label cell is redacted even when the analyst did not find it; the next cell stays."""
    text = (
        "성명 | 홍길동 | 생년월일 | 1990.05.21\n"
        "주소 | 서울특별시 강남구 테헤란로 123, 4층 | 성별 | 남\n"
        "Date of Birth | May 21, 1990\n"
        "Address: 221B Baker Street, London\n"
        "경력사항 | 카카오 2019.03 - 현재"
    )
    out = redact(text)
    for secret in ("1990.05.21", "테헤란로", "May 21, 1990", "Baker Street"):
        assert secret not in out
    assert "생년월일 | [BIRTHDATE]" in out
    assert "| 성별 | 남" in out
    assert "카카오 2019.03 - 현재" in out


def test_address_words_in_prose_are_kept() -> None:
    """ "address" and "주소" without a label separator are ordinary words, not a labelled value."""
    text = "Built tools to address the needs of recruiters. 이메일 주소를 검증하는 기능 개발"
    assert redact(text) == text
