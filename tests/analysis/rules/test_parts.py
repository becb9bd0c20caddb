"""The rules analyst's building blocks: dates, headings, contacts, skills and header roles."""

from __future__ import annotations

import pytest

from resume_worker.analysis.rules.careers import careers_from_lines
from resume_worker.analysis.rules.contacts import find_birth_year, find_phones
from resume_worker.analysis.rules.dates import find_ranges, first_range
from resume_worker.analysis.rules.layout import lines_of
from resume_worker.analysis.rules.names import find_name, korean_or_latin_name
from resume_worker.analysis.rules.roles import strip_location, title_score
from resume_worker.analysis.rules.sections import assign_sections
from resume_worker.analysis.rules.skills import skills_from_lines
from resume_worker.analysis.rules.tables import table_records
from resume_worker.text.headings import heading_kind
from tests.rules_docs import doc


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        ("2019.03 ~ 현재", "2019-03", None, True),
        ("2019년 3월 - 2021년 2월", "2019-03", "2021-02", False),
        ("19.03~21.02", "2019-03", "2021-02", False),
        ("2019-03 ~ 재직중", "2019-03", None, True),
        ("2023.01 ~ (재직중)", "2023-01", None, True),
        ("2018.01.02 ~ 2020.07.29", "2018-01", "2020-07", False),
        ("2025. 03 ~ 2025. 07", "2025-03", "2025-07", False),
        ("2025 년 3 월 ~ 2025 년 11 월", "2025-03", "2025-11", False),
        ("Mar 2019 - Present", "2019-03", None, True),
        ("March 2019 – Jan 2021", "2019-03", "2021-01", False),
        ("Sept. 2023 — Dec. 2024", "2023-09", "2024-12", False),
        ("03/2019 - now", "2019-03", None, True),
        ("2015 - 2018", "2015", "2018", False),
        ("2019-2021", "2019", "2021", False),
        ("2020.12 ~ now", "2020-12", None, True),
        ("03.2019 - 02.2021", "2019-03", "2021-02", False),
        ("'19.03 ~ '21.02", "2019-03", "2021-02", False),
        ("(2023.01 ~ )", "2023-01", None, True),
        ("January 2019 to present", "2019-01", None, True),
    ],
)
def test_date_ranges(text: str, start: str, end: str | None, current: bool) -> None:
    """Every supported date style reads to YYYY-MM (or YYYY for year-only) and current flags."""
    found = first_range(text)
    assert found is not None and not found.single
    assert (found.start, found.end, found.is_current) == (start, end, current)


def test_single_dates_and_non_dates() -> None:
    """A lone season or year is a single date; phones, scores and placeholders are not dates."""
    summer = first_range("Software Engineer Intern Summer 2022")
    assert summer is not None and (summer.start, summer.end, summer.single) == (
        "2022",
        "2022",
        True,
    )
    for text in ("010-0000-1234", "(312) 555-0123", "학점 4.1/4.5", "January 20XX - Current"):
        assert find_ranges(text) == []


def test_two_digit_year_only_counts_inside_a_range() -> None:
    """`18.05.25` alone (a certificate date) is not a career date."""
    assert find_ranges("18.05.25 정보처리기사") == []


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("경력사항", "experience"),
        ("■ 학력 사항", "education"),
        ("1. 경력", "experience"),
        ("기술 스택", "skills"),
        ("툴 & 스킬", "skills"),
        ("WORK EXPERIENCE", "experience"),
        ("Computer Engineering Experience", "experience"),
        ("Volunteer Experience", "volunteer"),
        ("Top Skills", "skills"),
        ("References", "references"),
        ("자격증", "certificates"),
        ("병역사항", "military"),
        ("Experience building distributed systems at scale for many years", None),
        ("Language: Fluent in Spanish", None),
        ("Technical Proficiencies", "skills"),
        ("인턴십 경험", "experience"),
        ("대외활동 경험", "activities"),
        ("경력기술서", "experience"),
        ("OA 활용능력", "skills"),
        ("경력 7년", None),
    ],
)
def test_heading_kinds(line: str, kind: str | None) -> None:
    """Short heading lines map to section kinds; sentences and label lines are not headings."""
    assert heading_kind(line) == kind


def test_sections_end_at_the_closing_statement() -> None:
    """The signing lines after '위 기재 사항은 사실과 다름이 없습니다' belong to no section."""
    lines = lines_of(
        doc("기술", "Java, Go", "위 기재 사항은 사실과 다름이 없습니다.", "지원자 홍길동")
    )
    assert assign_sections(lines) == ["heading", "skills", "closing", "closing"]


def test_heading_split_over_two_lines() -> None:
    """`Technical` / `Skills` drawn on two lines is one heading."""
    lines = lines_of(doc("Technical\nSkills\nJava, Go"))
    assert assign_sections(lines) == ["heading", "heading", "skills"]


def test_phones_exclude_fax_and_keep_formats() -> None:
    """Korean, +82 and US numbers are found; a fax line is not the candidate's phone."""
    text = doc("홍길동\n휴대폰: 010 0000 1234 / +82-10-0000-5678\nFax: 02-123-4567\n(718) 555–0100")
    lines = lines_of(text)
    phones = [p.value for p in find_phones(lines, assign_sections(lines))]
    assert phones == ["010 0000 1234", "+82-10-0000-5678", "(718) 555–0100"]


def test_international_phones() -> None:
    """Numbers with a country code other than +82 and +1 are found whole."""
    lines = lines_of(doc("Jane Doe\nTel +44 20 7946 0958 · +49 30 12345678"))
    phones = [p.value for p in find_phones(lines, assign_sections(lines))]
    assert phones == ["+44 20 7946 0958", "+49 30 12345678"]


@pytest.mark.parametrize(
    ("line", "year"),
    [
        ("생년월일: 1990-07-21", 1990),
        ("95 년 11 월 3 일 출생 · 010-0000-7890", 1995),
        ("Date of birth: 12 March 1987", 1987),
        ("주민등록번호 010203-3******", 2001),
        ("1990년 1월 1일생", 1990),
        ("만 33세", None),
    ],
)
def test_birth_year(line: str, year: int | None) -> None:
    """Birth year only from a labelled birth date or a resident number, never from an age."""
    found = find_birth_year(lines_of(doc(line)))
    assert (int(found.value) if found else None) == year


def test_skills_split_and_cleaned() -> None:
    """Items are split, proficiency marks and labels removed, spoken languages dropped."""
    lines = lines_of(
        doc(
            "Languages: Python, Go, C++\nTech: React Hooks, Node.js\n"
            "Language: Fluent in Spanish\nExcel(상), PowerPoint ★★★, 한글 중\n"
            "Interests: Tennis, Chess\nKubernetes, Terraform, Distributed\nSystems"
        )
    )
    assert skills_from_lines(lines) == [
        "Python", "Go", "C++", "React Hooks", "Node.js", "Excel", "PowerPoint", "한글",
        "Kubernetes", "Terraform", "Distributed Systems",
    ]  # fmt: skip


def test_skills_column_gaps_and_one_per_line() -> None:
    """Tab-separated columns and one-skill-per-line lists give single items."""
    lines = lines_of(doc("Distributed Systems\nKubernetes", "Go\tPython\tNode.js"))
    assert skills_from_lines(lines) == [
        "Distributed Systems",
        "Kubernetes",
        "Go",
        "Python",
        "Node.js",
    ]


def test_locations_are_stripped_from_header_parts() -> None:
    """Trailing city/state, country and Remote parts are not part of a company name."""
    assert strip_location("Globex Financial | New York, NY") == "Globex Financial"
    assert strip_location("Northwind Labs Bellevue, WA") == "Northwind Labs"
    assert strip_location("Brightwave Analytics LLC — Remote, USA") == "Brightwave Analytics LLC"
    assert strip_location("Cloud Networking, Books, Accessibility") == (
        "Cloud Networking, Books, Accessibility"
    )


def test_title_score_prefers_titles_ending_in_a_title_word() -> None:
    """`Sr. Engineering Manager` reads more as a title than `Globex Assistant, Assistant on TV`."""
    assert title_score("Sr. Engineering Manager") > title_score("Globex Assistant, Assistant on TV")
    assert title_score("백엔드 개발자") == 2
    assert title_score("Northwind Systems") == 0


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("김민준", "김민준"),
        ("남궁 지 호", None),
        ("황보서현", "황보서현"),
        ("이 력 서", None),
        ("이메일", None),
        ("백엔드 개발자", None),
        ("Jordan A. Patel", "Jordan A. Patel"),
        ("Senior Software Engineer", None),
        ("Experience", None),
        ("321 Gotham St", None),
    ],
)
def test_name_shapes(text: str, name: str | None) -> None:
    """Korean names need a known surname; labels, titles and headings are never names."""
    assert korean_or_latin_name(text) == name


def test_skills_category_table() -> None:
    """A 구분 | 내용 table: the header row and the category cells are not skills."""
    lines = lines_of(
        doc([("구분", "내용"), ("OA", "MS Excel(상), PowerPoint(중)"), ("디자인", "Photoshop(하)")])
    )
    assert skills_from_lines(lines) == ["MS Excel", "PowerPoint", "Photoshop"]


def test_skills_headings_joined_or_named_as_tools() -> None:
    """Skills headings that join two skill words (기술 및 도구, 기술/역량) or name tools count."""
    from resume_worker.text.headings import heading_kind

    for heading in ("기술 및 도구", "기술/역량", "개발 도구", "스킬 & 툴"):
        assert heading_kind(heading) == "skills", heading
    assert heading_kind("경력 및 프로젝트") == "experience"


def test_a_margin_title_on_the_first_lines_baseline_opens_its_section() -> None:
    """`EXPERIENCE<tab>Acme, Engineer<tab>2019 – 2021` is the Experience heading, then the
    entry's line with its cells; a row whose first cell is no heading stays as it is."""
    lines = lines_of(doc("EXPERIENCE\tAcme LLC, Engineer\t2019 – 2021\nName\tJordan Lee"))
    assert [line.text for line in lines] == [
        "EXPERIENCE",
        "Acme LLC, Engineer | 2019 – 2021",
        "Name | Jordan Lee",
    ]
    assert assign_sections(lines) == ["heading", "experience", "experience"]
    assert [cell.text for cell in lines[1].cells] == ["Acme LLC, Engineer", "2019 – 2021"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Wo rk Expe ri e nce", "experience"),
        ("Re fe re nces", "references"),
        ("경력 총 21년 1개월", "experience"),
        ("Experience (5 years)", "experience"),
        ("Work", "experience"),
    ],
)
def test_letter_spaced_titles_and_totals_are_headings(line: str, kind: str) -> None:
    """A title a PDF reads letter-spaced, or one with the total of its section after it."""
    assert heading_kind(line) == kind


def test_highlights_inside_a_job_do_not_end_the_experience_section() -> None:
    """JSON Resume's `Highlights` under each job is a sub-heading: the next job stays a job."""
    lines = lines_of(
        doc("Work\nAcme LLC 2019 – 2021\nEngineer\nHighlights\nShipped it.\nBeta Inc 2017 – 2019")
    )
    kinds = assign_sections(lines)
    assert kinds[-1] == "experience" and kinds[3] == "heading"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("사람인\t이력서 · 최종수정일 2026.11.20\n강연수 여, 1985년 (만 41세)", "강연수"),
        ("선임연구원 강연수의 이력서\n이메일 a@example.org", "강연수"),
        ("(646) 555-0150\tMateo Moreau\nmmoreau@example.org", "Mateo Moreau"),
        ("문 서현\n데이터 엔지니어", "문서현"),
        ("남궁 하늘\n+82 10-0232-9166", "남궁하늘"),
        ("지원자: 오도우\n추천 교수: 손혜수 교수", "오도우"),
        ("주요 기술\nZeplin\nAdobe Illustrator\n주은호 (Eun Ho Joo)\nVisual Designer", "주은호"),
        ("연락처\nx@example.org\n주요 기술\nMLflow\n홍지우\n데이터 사이언티스트", "홍지우"),
    ],
)
def test_names_as_real_layouts_print_them(text: str, name: str) -> None:
    """A name with its gender and birth year or `의 이력서` beats a brand on the first line; a
    name in a cell beside a contact, a surname set apart, an applicant label, and a name after a
    sidebar (but not a lone tool name there) are found."""
    lines = lines_of(doc(text))
    found, _ = find_name(lines, assign_sections(lines))
    assert found is not None and found.value == name


def test_a_company_cell_merged_over_two_rows_gives_both_roles_their_employer() -> None:
    """A 경력사항 row one cell short under a vertically merged company cell takes the company
    of the row above; the position column stays the position (직위(직급) names one column)."""
    lines = lines_of(
        doc(
            [
                ("입사일", "퇴사일", "근무처", "직위(직급)", "업무내용"),
                (
                    "2001.01",
                    "2002.07",
                    "(주)온새미로전자",
                    "데이터 플랫폼 개발자",
                    "파이프라인 구축",
                ),
                ("2002.07", "2003.05", "데이터 엔지니어", "파이프라인 구축"),
            ]
        )
    )
    careers, _, _ = table_records(lines)
    assert [(c.company, c.position, c.start) for c, _ in careers] == [
        ("(주)온새미로전자", "데이터 플랫폼 개발자", "2001-01"),
        ("(주)온새미로전자", "데이터 엔지니어", "2002-07"),
    ]


def test_title_company_lines_over_their_own_date_lines_are_separate_jobs() -> None:
    """`Title, Company` / dates / `Company — Title` / dates: two jobs, not one with two headers;
    a duration alone (`11 months`, `3년 1개월`) is no employer."""
    lines = lines_of(
        doc(
            "Senior Software Engineer, Oakridge Energy LLC\nJune 2025 – Current\n"
            "Oakridge Energy LLC — Software Engineer\nOctober 2023 – June 2025 11 months"
        )
    )
    found = [(p.career.company, p.career.position) for p in careers_from_lines(lines)]
    assert found == [
        ("Oakridge Energy LLC", "Senior Software Engineer"),
        ("Oakridge Energy LLC", "Software Engineer"),
    ]


def test_contacts_under_a_line_about_someone_else_are_theirs() -> None:
    """`추천 교수: 양진민 교수` over a bare e-mail and phone: the professor's, not the candidate's."""
    lines = lines_of(
        doc(
            "지원자: 황보혜하\n추천 교수: 양진민 교수 (미리내대학교)\n"
            "jinmin.yang@cs.example.org · 010-0287-4602\n성명: 황보혜하\n휴대폰: 010-1111-2222"
        )
    )
    phones = find_phones(lines, assign_sections(lines))
    assert [p.value for p in phones] == ["010-1111-2222"]
