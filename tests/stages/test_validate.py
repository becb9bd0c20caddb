"""Stage 5: normalisation, source checks and career month arithmetic."""

from __future__ import annotations

import datetime

import pytest

from resume_worker.core.models import Analysis, CandidateProfile, Career, Education
from resume_worker.stages.validate import (
    display_phone,
    is_plausible_name,
    normalize_date,
    to_flat_dict,
    total_months,
    validate,
)
from tests.rules_docs import doc

TODAY = datetime.date(2026, 11, 26)
SOURCE = doc(
    "김민준\nMINJUN.KIM@Example.com · +82-10-0000-1234 · (312) 555-0123\n생년월일 1994.09.16",
    "경력\n(주)카카오 백엔드 개발자 2021.04 ~ 현재\n우아한형제들 사원 2019.01 ~ 2021.03",
    "학력\n한양대학교 컴퓨터소프트웨어학부 학사 2013 ~ 2019\n기술\nJava, Kotlin",
)


def _validated(profile: CandidateProfile) -> tuple[dict[str, object], tuple[str, ...]]:
    result = validate(Analysis(profile), SOURCE, today=TODAY)
    return to_flat_dict(result.profile), result.warnings


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("01000001234", "010-0000-1234"),
        ("010 0000 1234", "010-0000-1234"),
        ("+82-10-0000-1234", "010-0000-1234"),
        ("+82 (0)10 0000 1234", "010-0000-1234"),
        ("02-123-4567", "02-123-4567"),
        ("0311234567", "031-123-4567"),
        ("(312) 555-0123", "(312) 555-0123"),
        ("+1  415 555 0142", "+1 415 555 0142"),
    ],
)
def test_phone_display(raw: str, shown: str) -> None:
    """Korean numbers get the hyphenated domestic form; others keep the document's form."""
    assert display_phone(raw) == shown


@pytest.mark.parametrize(
    ("raw", "date"),
    [("2019.3", "2019-03"), ("2019-03", "2019-03"), ("2019년 3월", "2019-03"), ("2019", "2019"),
     ("2019-13", None), ("March 2019", None), (None, None)],
)  # fmt: skip
def test_date_normalisation(raw: str | None, date: str | None) -> None:
    """Dates become YYYY-MM or YYYY; a year is never padded to a month."""
    assert normalize_date(raw) == date


def test_contacts_are_normalised_and_checked() -> None:
    """E-mails are lower-cased; phones found by digits; values not in the source are dropped."""
    flat, warnings = _validated(
        CandidateProfile(
            name="김민준",
            emails=["MINJUN.KIM@example.com", "someone.else@example.com"],
            phones=["+82-10-0000-1234", "010-9999-9999", "(312) 555-0123"],
        )
    )
    assert flat["emails"] == ["minjun.kim@example.com"]
    assert flat["phones"] == ["010-0000-1234", "(312) 555-0123"]
    assert "dropped email not found in source" in warnings
    assert "dropped phone not found in source" in warnings
    assert not any("someone" in w or "9999" in w for w in warnings)


def test_names_must_be_in_source_and_look_like_names() -> None:
    """A name absent from the text, or a label, is dropped with a warning."""
    flat, warnings = _validated(CandidateProfile(name="홍길동"))
    assert "name" not in flat and warnings == ("dropped name not found in source",)
    assert is_plausible_name("남궁지호") and is_plausible_name("Anna Wiśniewska")
    assert not is_plausible_name("이력서") and not is_plausible_name("김민준 010")


def test_birth_year_sanity() -> None:
    """A birth year must be plausible and written in the source."""
    assert _validated(CandidateProfile(name="김민준", birth_year=1994))[0]["birth_year"] == 1994
    flat, warnings = _validated(CandidateProfile(name="김민준", birth_year=2019))
    assert "birth_year" not in flat and warnings


def test_careers_months_and_current_jobs() -> None:
    """A current job has end None and counts to today; months are inclusive."""
    flat, _ = _validated(
        CandidateProfile(
            careers=[
                Career(company="(주)카카오", position="백엔드 개발자", start="2021.04", end="현재"),
                Career(company="우아한형제들", position="사원", start="2019-01", end="2021-03"),
            ]
        )
    )
    careers = flat["careers"]
    assert isinstance(careers, list)
    assert careers[0] == {
        "company": "(주)카카오", "position": "백엔드 개발자", "start": "2021-04", "end": None,
        "is_current": True, "months": 68,
    }  # fmt: skip
    assert careers[1]["months"] == 27 and careers[1]["end"] == "2021-03"
    assert flat["total_experience_months"] == 27 + 68


def test_overlaps_count_once_and_year_only_spans_whole_years() -> None:
    """Overlapping periods are not double counted; 2015-2016 counts Jan 2015..Dec 2016."""
    careers = [
        Career(company="A", start="2015", end="2016"),
        Career(company="B", start="2016-06", end="2017-01"),
        Career(company="C", start="2020-01", end="2020-01"),
    ]
    assert total_months(careers, TODAY) == 24 + 1 + 1


def test_unfound_career_fields_and_bad_dates_are_dropped() -> None:
    """A company not in the text is dropped; a career left with nothing is removed."""
    flat, warnings = _validated(
        CandidateProfile(
            careers=[
                Career(company="네이버", position="개발자", start="2019-01"),
                Career(company="우아한형제들", start="2031-01", end="2020-01"),
            ]
        )
    )
    careers = flat["careers"]
    assert isinstance(careers, list) and len(careers) == 2
    assert "company" not in careers[0] and careers[0]["position"] == "개발자"
    assert "start" not in careers[1]
    assert "dropped career company not found in source" in warnings


def test_flat_dict_drops_unknowns() -> None:
    """Unknown values are absent keys; education keeps only what is known."""
    flat = to_flat_dict(
        CandidateProfile(name="김민준", education=[Education(school="한양대학교", degree="학사")])
    )
    assert flat == {"name": "김민준", "education": [{"school": "한양대학교", "degree": "학사"}]}


def test_validate_keeps_confidence_only_for_kept_fields() -> None:
    """Confidence and sources of dropped fields are removed."""
    analysis = Analysis(
        CandidateProfile(name="홍길동", skills=["Java"]),
        field_confidence={"name": 0.9, "skills": 0.7},
    )
    result = validate(analysis, SOURCE, today=TODAY)
    assert result.field_confidence == {"skills": 0.7}
