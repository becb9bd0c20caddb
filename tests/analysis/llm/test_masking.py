"""The LLM PII policy: what becomes a placeholder, and how a reply's placeholders come back."""

from __future__ import annotations

import pytest

from resume_worker.analysis.llm.masking import mask_pii, restore_profile

KOREAN_FORM = """이 력 서
[사 진] | 성 명 | 김민준 | 한 자 | 金旼俊
생년월일 | 1994.09.16 | 휴 대 폰 | 010-0000-1234
이 메 일 | minjun.kim@example.com
주 소 | 서울특별시 마포구 성암로 000, 101동 1001호
주민등록번호: 940916-1234567
경력사항
2021.04 ~ 현재 | 주식회사 카카오 | 백엔드 개발자
2019.01 ~ 2021.03 | (주)우아한형제들 | 사원
자격증
2018.11.16 | 정보처리기사
지원자 김 민 준 (인)"""
ENGLISH = """Casey Morgan
casey.morgan@example.com | (303) 555-0112 | +1 303 555 0199 | Denver, CO
Address: 1600 Pennsylvania Avenue NW, Washington
Date of Birth: May 12, 1990 · DOB 12/05/1990
Experience
Site Reliability Engineer, Adventure Works (Feb 2020 – Present), 2019.03 - 2021.02"""


@pytest.mark.parametrize(
    "secret",
    [
        "1994.09.16",
        "010-0000-1234",
        "minjun.kim@example.com",
        "성암로 000",
        "1001호",
        "940916-1234567",
    ],
)
def test_korean_form_cells_are_masked(secret: str) -> None:
    """Label cell -> value cell forms: birth date, phone, e-mail, street address and resident
    number never stay in the text."""
    assert secret not in mask_pii(KOREAN_FORM).text


def test_what_the_model_needs_is_kept() -> None:
    """Career dates, companies, certificate dates, the city and (by default) the name stay."""
    text = mask_pii(KOREAN_FORM).text
    for kept in ("2021.04 ~ 현재", "주식회사 카카오", "2018.11.16 | 정보처리기사", "김민준"):
        assert kept in text
    assert "주 소 | [ADDRESS_1]" in text and "생년월일 | [BIRTHDATE_1]" in text


@pytest.mark.parametrize(
    "secret",
    [
        "casey.morgan@example.com",
        "(303) 555-0112",
        "303 555 0199",
        "1600 Pennsylvania Avenue",
        "May 12, 1990",
        "12/05/1990",
    ],
)
def test_english_contacts_addresses_and_birth_dates_are_masked(secret: str) -> None:
    """E-mails, phones in any layout, a labelled street address and labelled birth dates."""
    assert secret not in mask_pii(ENGLISH).text


def test_date_ranges_and_cities_are_not_phones_or_addresses() -> None:
    """2019.03 - 2021.02 is a date range, Denver, CO a city: both stay."""
    text = mask_pii(ENGLISH).text
    assert "2019.03 - 2021.02" in text and "Denver, CO" in text and "Feb 2020" in text


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("연락처: 서울 강남구 테헤란로 123 (역삼동)", "테헤란로 123"),
        ("거주: 경기도 성남시 분당구 판교역로 235, 7층", "판교역로 235"),
        ("Lives at 221B Baker Street, Apt 2, London", "221B Baker Street"),
        ("1990년 5월 12일생 (만 34세)", "1990년 5월 12일"),
        ("생년월일\t94.05.12", "94.05.12"),
    ],
)
def test_unlabelled_street_addresses_and_birth_suffixes(line: str, secret: str) -> None:
    """Road-name addresses after a region, numbered English streets, 생/만 N세 birth dates."""
    assert secret not in mask_pii(line).text


def test_same_value_same_placeholder() -> None:
    """One phone written two ways is one placeholder; a second phone is another."""
    masked = mask_pii("010-0000-1234 / 010 0000 1234 / +82 10-0000-1234 / 010-9999-8888")
    assert masked.text == "[PHONE_1] / [PHONE_1] / [PHONE_1] / [PHONE_2]"


def test_names_are_masked_letter_spaced_and_in_latin_only_as_words() -> None:
    """Given names become placeholders, 김 민 준 included; "Bui" does not hit "builds"."""
    masked = mask_pii(KOREAN_FORM, names=["김민준", "金旼俊"])
    assert "김민준" not in masked.text and "김 민 준" not in masked.text
    assert "金旼俊" not in masked.text
    latin = mask_pii("An Bui builds tools. Bui", names=["Bui"]).text
    assert latin == "An [NAME_1] builds tools. [NAME_1]"


def test_reply_placeholders_are_restored_only_into_their_own_fields() -> None:
    """[EMAIL_1] comes back in emails; a resident number or e-mail elsewhere stays a mark."""
    masked = mask_pii(KOREAN_FORM, names=["김민준"])
    reply = {
        "name": "[NAME_1]",
        "emails": ["[EMAIL_1]"],
        "phones": ["[PHONE_1]", "[PHONE_7]"],
        "address": "[ADDRESS_1]",
        "summary": "Reach me at [EMAIL_1], id [RRN_1]",
        "careers": [{"company": "[ADDRESS_1]"}],
    }
    restored = restore_profile(reply, masked)
    assert restored["name"] == "김민준"
    assert restored["emails"] == ["minjun.kim@example.com"]
    assert restored["phones"] == ["010-0000-1234", "[PHONE]"]
    assert restored["address"] == "서울특별시 마포구 성암로 000, 101동 1001호"
    assert restored["summary"] == "Reach me at [EMAIL], id [RRN]"
    assert restored["careers"] == [{"company": "[ADDRESS]"}]


def test_birth_year_comes_from_the_masked_birth_date() -> None:
    """The model never sees the birth date; its year is restored deterministically."""
    assert restore_profile({}, mask_pii(KOREAN_FORM)) == {"birth_year": 1994}
    assert "birth_year" not in restore_profile({}, mask_pii("no birth date here"))


def test_name_label_cells_are_masked_when_names_are_hidden() -> None:
    """성명/한자/영문/Name cells hide their values even when the rules found no variant."""
    text = "성 명 | 김민준 | 한 자 | 金旼俊\n영문 성명: Minjun Kim\nName: Casey Morgan"
    masked = mask_pii(text, names=[]).text
    for name in ("김민준", "金旼俊", "Minjun Kim", "Casey Morgan"):
        assert name not in masked
    assert "金旼俊" in mask_pii(text).text  # names are sent by default
