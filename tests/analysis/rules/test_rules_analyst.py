"""Whole-document behaviour of the rules analyst on synthetic Korean and English resumes."""

from __future__ import annotations

import asyncio

from resume_worker.analysis.rules import RulesAnalyst, analyze_text
from resume_worker.core.models import Analysis
from tests.rules_docs import doc


def _careers(analysis: Analysis) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(c.company, c.position, c.start, c.end) for c in analysis.profile.careers]


KOREAN_FORM = doc(
    "이 력 서",
    [
        ("[사 진]", "성    명", "장하늘", "한    자", "張하늘"),
        ("[사 진]", "생년월일", "1988.02.11", "휴 대 폰", "010-0000-4321"),
        ("[사 진]", "이 메 일", "haneul.jang@example.org"),
        ("[사 진]", "주    소", "부산광역시 해운대구 센텀로 000"),
    ],
    "학력사항",
    [
        ("기간", "학교명", "전공", "졸업구분"),
        ("2004.03 ~ 2007.02", "부산고등학교", "-", "졸업"),
        ("2007.03 ~ 2013.02", "부경대학교", "전자공학과 (학사)", "졸업"),
    ],
    "경력사항",
    [
        ("기간", "회사명", "부서", "직급", "담당업무"),
        ("2017.05 ~ 현재", "(주)한빛소프트", "플랫폼팀", "차장", "결제 서버 운영"),
        ("2013.01 ~ 2017.04", "주식회사 누리텍", "개발부", "대리", "펌웨어 개발"),
    ],
    "병역",
    "육군 병장 만기제대 (2008.03 ~ 2010.02)",
    "기술스택",
    [("보유 기술", "C++, Go(상), Linux ★★★, MySQL")],
    "위 기재 사항은 사실과 다름이 없습니다.",
    "2025년 11월 20일",
    "지원자  장하늘  (인)",
)


def test_korean_form_reads_labels_tables_and_skills() -> None:
    """A table 이력서 gives name, birth year, contacts, careers, schools and clean skills."""
    analysis = asyncio.run(RulesAnalyst().analyze(KOREAN_FORM))
    profile = analysis.profile
    assert profile.name == "장하늘"
    assert profile.birth_year == 1988
    assert profile.phones == ["010-0000-4321"]
    assert profile.emails == ["haneul.jang@example.org"]
    assert _careers(analysis) == [
        ("(주)한빛소프트", "차장", "2017-05", None),
        ("주식회사 누리텍", "대리", "2013-01", "2017-04"),
    ]
    assert profile.careers[0].is_current and profile.careers[0].department == "플랫폼팀"
    assert [(e.school, e.degree, e.major) for e in profile.education] == [
        ("부산고등학교", None, None),
        ("부경대학교", "학사", "전자공학과"),
    ]
    assert profile.skills == ["C++", "Go", "Linux", "MySQL"]
    assert profile.military_service is not None and "병장" in profile.military_service


def test_korean_form_sources_point_into_the_text() -> None:
    """Field sources are spans of the extracted text that contain the value."""
    analysis = analyze_text(KOREAN_FORM)
    span = analysis.field_sources["name"]
    assert "장하늘" in KOREAN_FORM.text[span.start : span.end]
    assert 0 < analysis.field_confidence["name"] <= 1


def test_english_free_form_layouts() -> None:
    """Title-then-company, company-then-title and 'Title, Company' lines with dates parse alike."""
    text = doc(
        "Morgan Ellis\nmorgan.ellis@example.net | (206) 555-0199 | Seattle, WA",
        "EXPERIENCE",
        "Platform Engineer\nTailwind Traders | Seattle, WA\nMar 2020 – Present",
        "• Ran the deployment pipeline for forty services",
        "Contoso Pharmaceuticals\nData Analyst · 2016 – 2020",
        "• Built weekly reporting in SQL",
        "Junior Developer, Fourth Coffee Inc., Redmond, WA (Jun 2014 - Dec 2015)",
        "EDUCATION",
        "Bachelor of Science in Statistics, University of Northvale, 2014",
        "SKILLS",
        "Python, SQL, Terraform, Kubernetes",
    )
    analysis = analyze_text(text)
    assert analysis.profile.name == "Morgan Ellis"
    assert analysis.profile.phones == ["(206) 555-0199"]
    assert _careers(analysis) == [
        ("Tailwind Traders", "Platform Engineer", "2020-03", None),
        ("Contoso Pharmaceuticals", "Data Analyst", "2016", "2020"),
        ("Fourth Coffee Inc.", "Junior Developer", "2014-06", "2015-12"),
    ]
    school = analysis.profile.education[0]
    assert (school.school, school.degree, school.major) == (
        "University of Northvale",
        "Bachelor of Science",
        "Statistics",
    )
    assert analysis.profile.skills == ["Python", "SQL", "Terraform", "Kubernetes"]


def test_korean_free_form_lines() -> None:
    """'회사 | 직무 | 기간' and '회사 — 직무 (기간)' lines; a nested project period is body."""
    text = doc(
        "문하린\n데이터 엔지니어 · harin.moon@example.com · 010-0000-7777",
        "경력",
        "토스뱅크 | 데이터 엔지니어 | 2021.04 ~ 재직중",
        "로그 파이프라인 구축",
        "배치 이관 프로젝트 (2022.01 ~ 2022.06)",
        "마켓컬리 데이터팀 — 분석가 (2018년 3월 - 2021년 3월)",
        "학력",
        "충남대학교 정보통계학과 석사 (2016.03 ~ 2018.02)",
        "기술",
        "Python, Spark, Airflow",
    )
    analysis = analyze_text(text)
    assert analysis.profile.name == "문하린"
    assert _careers(analysis) == [
        ("토스뱅크", "데이터 엔지니어", "2021-04", None),
        ("마켓컬리", "분석가", "2018-03", "2021-03"),
    ]
    assert analysis.profile.careers[1].department == "데이터팀"
    school = analysis.profile.education[0]
    assert (school.school, school.major, school.degree) == ("충남대학교", "정보통계학과", "석사")


def test_tab_stop_lines_are_read_as_a_table() -> None:
    """A PDF table flattened to tab-separated lines is read like a real table."""
    text = doc(
        "이력서\n성 명\t도윤아\n휴대폰\t010-0000-2222",
        "경력사항\n기간\t회사명\t직위\t담당업무\n20.03~현재\t(주)다온랩\t매니저\t서비스 기획",
    )
    analysis = analyze_text(text)
    assert analysis.profile.name == "도윤아"
    assert _careers(analysis) == [("(주)다온랩", "매니저", "2020-03", None)]


def test_references_do_not_leak_contacts() -> None:
    """Referee e-mails and phones under References are not the candidate's."""
    text = doc(
        "Avery Stone\navery.stone@example.com · (303) 555-0100",
        "Experience",
        "Site Reliability Engineer — Litware, Denver, CO (Feb 2020 – Present)",
        "References",
        "Dr. Sam Lee, Director, Litware\nsam.lee@example.com · (303) 555-0199",
    )
    profile = analyze_text(text).profile
    assert profile.emails == ["avery.stone@example.com"]
    assert profile.phones == ["(303) 555-0100"]


def test_professor_on_cover_is_not_the_name() -> None:
    """A labelled 이름 wins over a professor named earlier on a cover page."""
    text = doc(
        "취업전략세미나 과제\n담당교수 : 한상철 교수님\n이      름 : 유다인",
        [("성명", "유다인"), ("이메일", "dain.yoo@example.com")],
    )
    assert analyze_text(text).profile.name == "유다인"


def test_name_below_tagline_and_split_or_spaced_names() -> None:
    """A job tagline above the name is skipped; a name on two lines or letter-spaced is joined."""
    tagline = doc("Product Designer\nRiley Park\nriley@example.com", "Experience")
    place_first = doc("Chicago, IL · jordan@example.com · (312) 555-0186\nJordan Whitfield")
    split = doc("Chanchal\nSharma\nOffice Manager\nchanchal@example.com")
    spaced = doc("J O R D A N  R E Y E S\njordan@example.com")
    assert analyze_text(tagline).profile.name == "Riley Park"
    assert analyze_text(place_first).profile.name == "Jordan Whitfield"
    assert analyze_text(split).profile.name == "Chanchal Sharma"
    spaced_name = analyze_text(spaced).profile.name
    assert spaced_name is not None and spaced_name.replace(" ", "").lower() == "jordanreyes"


def test_employer_banner_is_shared_by_its_roles() -> None:
    """Roles listed under one employer line all get that employer."""
    text = doc(
        "Dana Rivera\ndana@example.com",
        "Experience",
        "Acme Corporation\nStaff Engineer, Platform\tAug 2022 - Present",
        "• Led reliability work",
        "Senior Engineer, Payments\tJul 2019 - Aug 2022",
        "• Built settlement rails",
    )
    assert _careers(analyze_text(text)) == [
        ("Acme Corporation", "Staff Engineer, Platform", "2022-08", None),
        ("Acme Corporation", "Senior Engineer, Payments", "2019-07", "2022-08"),
    ]


def test_headerless_experience_falls_back_to_dated_lines() -> None:
    """Without an experience heading, dated 'Title, Company' lines still become careers."""
    text = doc(
        "Jordan Avery\njordan@example.com",
        "HIGHLIGHTS",
        "Eight years of test engineering across web and mobile.",
        "QA Engineer, Contoso Labs, Seattle, WA (Jun 2018 - Feb 2021)",
        "EDUCATION",
        "B.S. in Computer Science, Ridgemont State University",
    )
    assert _careers(analyze_text(text)) == [("Contoso Labs", "QA Engineer", "2018-06", "2021-02")]


def test_empty_document_gives_empty_profile() -> None:
    """A document with no recognisable content yields an empty profile, not an error."""
    profile = analyze_text(doc("lorem ipsum dolor sit amet")).profile
    assert profile.name is None and profile.careers == [] and profile.emails == []


def test_labelled_career_bullets() -> None:
    """`- 기간: ...` and `- 직책: ...` bullets under a company line fill the career."""
    text = doc(
        "홍길동\nhong@example.com",
        "경력",
        "카카오\n- 기간: 2019.03 ~ 현재\n- 직책: 백엔드 개발자\n- 담당업무: 결제 서버",
        "네이버\n- 기간: 2015.01 ~ 2019.02\n- 직위: 대리",
    )
    assert _careers(analyze_text(text)) == [
        ("카카오", "백엔드 개발자", "2019-03", None),
        ("네이버", "대리", "2015-01", "2019-02"),
    ]


def test_merged_label_cell_rows_align_right() -> None:
    """A form whose merged left cell (경력) appears only in the header row still maps columns."""
    text = doc(
        [
            ("경력", "기간", "회사명", "직위"),
            ("2018.03 ~ 2020.02", "(주)솔빛", "주임"),
        ]
    )
    assert _careers(analyze_text(text)) == [("(주)솔빛", "주임", "2018-03", "2020-02")]


def test_name_forms() -> None:
    """`홍길동 Hong Gildong`, an unlabelled `성명 김철수` line and name particles are names."""
    mixed = analyze_text(doc("홍길동 Hong Gildong\nhong@example.com")).profile
    assert (mixed.name, mixed.name_variants) == ("홍길동", ["Hong Gildong"])
    assert analyze_text(doc("이력서\n성명 김철수\n연락처 010-1234-5678")).profile.name == "김철수"
    particle = analyze_text(doc("Ludwig van Beethoven\nlvb@example.com")).profile
    assert particle.name == "Ludwig van Beethoven"


def test_standard_form_variants() -> None:
    """`(한글) 이름` values, 입사/퇴사 columns, 입학/졸업 columns and an OA row are read."""
    text = doc(
        [
            ("사진", "성명", "(한글) 홍길동", "(한자) 洪吉童"),
            ("주민등록번호", "900101-1******", "연락처", "(휴대폰) 010-1234-5678"),
        ],
        "학 력 사 항",
        [
            ("입학년월", "졸업년월", "학 교 명", "전 공"),
            ("2008.03", "2012.02", "서울대학교", "경영학과"),
        ],
        "경 력 사 항",
        [
            ("입사년월일", "퇴사년월일", "회 사 명", "직 위"),
            ("2012.01.02", "2015.12.31", "삼성전자(주)", "대리"),
        ],
        [("OA 활용능력", "MS Office(상), 한글(중)")],
    )
    profile = analyze_text(text).profile
    assert (profile.name, profile.birth_year, profile.phones) == ("홍길동", 1990, ["010-1234-5678"])
    assert _careers(analyze_text(text)) == [("삼성전자(주)", "대리", "2012-01", "2015-12")]
    school = profile.education[0]
    assert (school.school, school.major, school.start, school.end) == (
        "서울대학교", "경영학과", "2008-03", "2012-02",
    )  # fmt: skip
    assert profile.skills == ["MS Office", "한글"]


def test_date_column_and_page_continuation() -> None:
    """A date column split over lines, and an entry whose dates open the next page, are joined."""
    moderncv = doc(
        "Harvey Dent\nhdent@example.com",
        "Experience",
        "2021 – Machine Learning Engineer, OpenAI, San Francisco, USA",
        "Present Leading a team of AI engineers and shipping models.",
    )
    assert _careers(analyze_text(moderncv)) == [
        ("OpenAI", "Machine Learning Engineer", "2021", None)
    ]
    two_pages = doc(
        "Jamie Rivera\njamie@example.com",
        "EXPERIENCE\nSelf Employed\nFabrikam Languages",
        "SKILLS\nJava, PHP",
        "12/2000 - 05/2003 Cupertino, CA\n• Built a keyboard",
        page_breaks=(3,),
    )
    assert _careers(analyze_text(two_pages)) == [
        ("Fabrikam Languages", "Self Employed", "2000-12", "2003-05")
    ]


def test_school_without_a_school_word_and_durations() -> None:
    """`UC Berkeley` above its degree line is the school; `(5 years)` is not a company."""
    text = doc(
        "Jane Roe\njane@example.com",
        "Experience",
        "Contoso\nSenior Engineer\nJanuary 2019 - Present (5 years 11 months)",
        "Education",
        "UC Berkeley | 2019\nBachelor of Science (B.S.), Computer Science",
    )
    analysis = analyze_text(text)
    assert _careers(analysis) == [("Contoso", "Senior Engineer", "2019-01", None)]
    school = analysis.profile.education[0]
    assert (school.school, school.degree, school.major) == (
        "UC Berkeley", "Bachelor of Science", "Computer Science",
    )  # fmt: skip


def test_sidebar_before_the_name() -> None:
    """A LinkedIn-style sidebar (Contact, Top Skills) drawn before the name and title."""
    text = doc(
        "Contact\nsam.lee@example.com",
        "Top Skills\nPython\nSQL",
        "Sam Lee\nStaff Software Engineer at Contoso\nSeattle, Washington",
        "Experience\nContoso\nStaff Software Engineer\nMarch 2020 - Present (4 years 9 months)",
        "Education\nUniversity of Washington\nBachelor of Science - BS, Computer Science",
    )
    analysis = analyze_text(text)
    assert analysis.profile.name == "Sam Lee"
    assert analysis.profile.skills == ["Python", "SQL"]
    assert _careers(analysis) == [("Contoso", "Staff Software Engineer", "2020-03", None)]
    school = analysis.profile.education[0]
    assert (school.degree, school.major) == ("Bachelor of Science", "Computer Science")


def test_layout_table_rows_and_team_beside_title() -> None:
    """Header-less table rows read as lines; `MIT, B.S.` names its school before the degree;
    `서버 개발자 / 결제팀` keeps the title as position and the team as department."""
    english = doc(
        "ALEX KIM\nalex@example.com",
        [("EXPERIENCE",)],
        [("Acme Inc., Senior Engineer", "2019 – Present")],
        "EDUCATION",
        [("MIT, B.S. Computer Science", "2011 – 2015")],
    )
    analysis = analyze_text(english)
    assert _careers(analysis) == [("Acme Inc.", "Senior Engineer", "2019", None)]
    assert [(e.school, e.degree, e.major) for e in analysis.profile.education] == [
        ("MIT", "B.S.", "Computer Science")
    ]
    korean = doc(
        "김하늘\nhaneul@example.com", "경력", "주식회사 토스 (2020.03 ~ 현재)\n서버 개발자 / 결제팀"
    )
    career = analyze_text(korean).profile.careers[0]
    assert (career.company, career.position, career.department) == (
        "주식회사 토스",
        "서버 개발자",
        "결제팀",
    )


def test_title_at_company_lines() -> None:
    """`Title at Company` and `Title @ Company, City` headers split into position and employer."""
    text = doc(
        "Pat Doe\npat@example.com",
        "Experience",
        "Software Engineer at Google (2019 - Present)",
        "• Built search features",
        "Data Scientist @ Uber, San Francisco, CA | 2016 – 2019",
    )
    assert _careers(analyze_text(text)) == [
        ("Google", "Software Engineer", "2019", None),
        ("Uber", "Data Scientist", "2016", "2019"),
    ]


def test_military_service_listed_among_jobs_is_not_a_career() -> None:
    """`육군 병장 만기제대` under 경력 is military service, not a job."""
    text = doc(
        "홍길동\nhong@example.com",
        "경력",
        "카카오 | 개발자 | 2019.03 ~ 현재",
        "육군 병장 만기제대 | 2012.03 ~ 2013.12",
    )
    assert _careers(analyze_text(text)) == [("카카오", "개발자", "2019-03", None)]
