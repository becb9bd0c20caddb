"""Stage 3a: documents that are not resumes are rejected NOT_A_RESUME; resumes, including those
that carry a cover letter or a transcript, go on."""

from __future__ import annotations

import pytest

from resume_worker.core.errors import REJECTION_CODES, ErrorCode, PermanentError
from resume_worker.core.models import ExtractedText
from resume_worker.stages.check_kind import check_kind
from tests.rules_docs import doc

COVER_LETTER = doc(
    "Cover Letter",
    "Dear Hiring Manager,",
    "I am writing to apply for the Data Engineer position at your company. In my previous role I "
    "built pipelines that moved billions of events a day, and I would welcome the chance to do "
    "the same for your team.",
    "Thank you for your time and consideration.",
    "Sincerely,\nAlex Moreno\nalex.moreno@example.com",
)
JASOSEO = doc(
    "자 기 소 개 서",
    [("지원분야", "백엔드 개발"), ("성명", "김하늘")],
    "[성장과정]\n어려서부터 스스로 문제를 찾고 해결하는 습관을 길렀습니다.",
    "[지원동기 및 입사 후 포부]\n귀사의 서비스를 한 단계 성장시키는 데 기여하고 싶습니다.",
)
TRANSCRIPT = doc(
    "성적증명서",
    [("성명", "김하늘"), ("학과", "컴퓨터공학과")],
    [
        ("학기", "교과목명", "학점", "성적"),
        ("2019년 1학기", "자료구조", "3", "A+"),
        ("2019년 1학기", "운영체제", "3", "B0"),
    ],
    "취득학점 6 평점평균 4.0",
)
TRANSCRIPT_EN = doc(
    "Official Academic Transcript",
    "Name\tPriya Moss\nProgram\tAccounting",
    "Term\tCourse\tCredits\tGrade\nFall 2015\tLinear Algebra\t3\tA-\nSpring 2016\tMicroeconomics\t3\tB",
    "Issued 2026-11-20 by the Office of the Registrar",
)
CERTIFICATE = doc(
    "Certificate of Employment",
    "To whom it may concern,",
    "This is to certify that Jordan Lee has been employed by Northwind Ltd. as Analyst from "
    "2021-03 to the present day.",
    "This certificate is issued at the employee's request.",
)
POSTING = doc(
    "채용공고",
    "백엔드 개발자 모집",
    "주요업무\n- 결제 API 설계와 운영",
    "자격요건\n- 경력 3년 이상\n- Java, Spring 경험",
    "우대사항\n- Kubernetes 운영 경험",
    "복리후생\n- 유연근무제",
)
BLANK_FORM = doc(
    "Application for Employment",
    [("Full name", "", "Date", ""), ("Phone", "", "Email", "")],
    "Employment history",
    [("Employer", "Job title", "From", "To")],
    "Education",
    [("School", "Degree", "Major", "Year")],
    "Signature: ______________________",
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (COVER_LETTER, "letter"),
        (JASOSEO, "letter"),
        (TRANSCRIPT, "transcript"),
        (TRANSCRIPT_EN, "transcript"),
        (CERTIFICATE, "certificate"),
        (POSTING, "posting"),
        (BLANK_FORM, "blank_form"),
    ],
    ids=["letter", "jasoseo", "transcript", "transcript-en", "certificate", "posting", "blank"],
)
def test_documents_of_another_kind_are_rejected(text: ExtractedText, kind: str) -> None:
    """Each kind is refused with NOT_A_RESUME (a rejection: never charged), the kind in details
    and no text of the document in the message."""
    with pytest.raises(PermanentError) as caught:
        check_kind(text)
    assert caught.value.code is ErrorCode.NOT_A_RESUME
    assert caught.value.code in REJECTION_CODES
    assert caught.value.details == {"kind": kind}
    assert "김하늘" not in str(caught.value) and "Moreno" not in str(caught.value)


RESUME_WITH_LETTER = doc(
    "Dear Hiring Manager,",
    "I am writing to apply for the Data Engineer role. Sincerely, Alex Moreno",
    "Alex Moreno\nalex.moreno@example.com",
    "Experience",
    "Data Engineer, Northwind — Mar 2019 – Present",
    "Education",
    "B.S. Computer Science, State University, 2014 – 2018",
    "Skills",
    "Python, Spark, Airflow",
)
KOREAN_FORM = doc(
    "이 력 서",
    [("성명", "김하늘"), ("연락처", "010-1234-5678")],
    "학력사항",
    [("기간", "학교명", "전공"), ("2010.03 ~ 2014.02", "한빛대학교", "경영학")],
    "경력사항",
    [("기간", "회사명", "직위"), ("2014.03 ~ 2020.12", "가람상사", "대리")],
)
MINIMAL = doc("Alex Moreno\nalex.moreno@example.com\nData Engineer at Northwind since 2019")


@pytest.mark.parametrize(
    "text", [RESUME_WITH_LETTER, KOREAN_FORM, MINIMAL], ids=["with-letter", "ko-form", "minimal"]
)
def test_resumes_go_on(text: ExtractedText) -> None:
    """A resume that opens with a cover letter, a filled Korean form and a three-line resume
    are resumes (the last one has little evidence of any kind: the analyst decides)."""
    kind = check_kind(text)
    assert kind.other_kind() is None or kind.is_resume()


def test_a_resume_titled_transcript_section_is_still_a_resume() -> None:
    """A resume with a grades table under its education (course, credits, GPA) has the sections
    and periods of a resume: the transcript cues do not outweigh them."""
    text = doc(
        "Jordan Lee",
        "jordan.lee@example.com",
        "Education",
        "B.S. Physics, State University, 2015 – 2019, GPA 3.8",
        [("Course title", "Credits", "Grade"), ("Quantum Mechanics", "4", "A")],
        "Experience",
        "Analyst, Northwind, 2019 – 2022",
        "Skills",
        "Python, SQL",
    )
    assert check_kind(text).is_resume()


MORE_OTHER_KINDS = [
    "Dear Ms. Smith,\n\nI am excited to apply for the Product Designer role at Northwind. Over the past five years I have led design for two consumer apps.\n\nI would welcome the chance to discuss how I can help your team.\n\nSincerely,\nAlex Kim\nalex@example.com",
    "자기소개서\n\n1. 성장 과정\n저는 어려서부터 새로운 것을 만드는 일을 좋아했습니다.\n\n2. 지원 동기\n귀사의 서비스를 사용하며 개발자로서 기여하고 싶다는 생각을 했습니다.\n\n3. 입사 후 포부\n최고의 개발자가 되겠습니다.",
    "Letter of Recommendation\n\nTo Whom It May Concern,\n\nI am pleased to recommend Jordan Lee, who worked under my supervision from 2019 to 2022.\n\nSincerely,\nDr. Maria Gomez\nProfessor of Physics",
    "Senior Backend Engineer\n\nAbout the role\nYou will build our payments platform.\n\nWhat you'll do\n- Design APIs\n- Run services\n\nRequirements\n- 5+ years of backend experience\n- Go or Java\n\nNice to have\n- Kubernetes\n\nBenefits\n- Remote work\n\nHow to apply: send your CV to jobs@example.com",
    "[채용] 백엔드 개발자 모집\n\n담당업무\n- 결제 시스템 개발\n\n자격요건\n- 경력 3년 이상\n\n우대사항\n- AWS 경험\n\n근무조건\n- 정규직, 서울 강남\n\n전형절차\n서류 > 면접 > 최종합격",
    "성 적 증 명 서\n\n성명 홍길동 학번 2015123456\n\n2015학년도 1학기 | 자료구조 | 3 | A+\n2015학년도 1학기 | 운영체제 | 3 | B+\n2015학년도 2학기 | 알고리즘 | 3 | A0\n\n총 취득학점 9 평점평균 4.17",
    "경 력 증 명 서\n\n성명 홍길동\n생년월일 1990.01.01\n근무기간 2018.03.02 ~ 2022.02.28\n부서 개발팀\n직위 대리\n\n위와 같이 재직하였음을 증명합니다.\n2026년 11월 20일\n주식회사 가람 대표이사",
    "Certificate of Completion\n\nThis certifies that Jordan Lee has successfully completed the course Machine Learning Foundations on March 3, 2024.\n\nIssued by Coursera",
]
MORE_RESUMES = [
    "이 력 서\n\n성명 홍길동\n연락처 010-1234-5678\n\n학력사항\n2010.03 ~ 2014.02 한빛대학교 경영학 졸업\n\n경력사항\n2014.03 ~ 2020.12 가람상사 대리\n\n자기소개서\n\n1. 성장 과정\n저는 어려서부터 새로운 것을 만드는 일을 좋아했습니다.\n\n2. 지원 동기\n귀사에 기여하고 싶습니다.",
    "Dear Hiring Manager,\n\nPlease find my resume below. I am excited to apply.\n\nSincerely,\nAlex Kim\n\nAlex Kim\nalex@example.com\n\nExperience\nProduct Designer, Northwind, 2019 – Present\n\nEducation\nB.A. Design, State University, 2014 – 2018",
    "Jordan Lee\njordan@example.com\n\nSummary\nBackend engineer. Requirements gathering, responsibilities for on-call.\n\nExperience\nBackend Engineer, Acme, 2019 – 2023\nResponsibilities\n- Built APIs\n\nSkills\nGo, Java",
    "Jordan Lee\njordan@example.com | (206) 555-0100\n\nEducation\nState University, B.S. Physics, 2015 – 2019, GPA 3.8\nRelevant coursework: Quantum Mechanics (4 credits), Optics (3 credits)\n\nExperience\nLab Assistant, State University, 2017 – 2019",
    "홍길동\nhong@example.com\n\n안녕하세요. 백엔드 개발자 홍길동입니다.\n\n경력\n(주)가람 2019.03 ~ 현재 백엔드 개발자\n\n기술 스택\nJava, Spring",
]


@pytest.mark.parametrize("text", MORE_OTHER_KINDS, ids=[f"other{i}" for i in range(8)])
def test_other_kinds_without_titles_of_the_tests_above(text: str) -> None:
    """An untitled cover letter, a numbered 자기소개서, a recommendation letter, English and
    Korean job postings, a Korean transcript and 경력증명서, a course certificate."""
    with pytest.raises(PermanentError) as caught:
        check_kind(doc(*text.split("\n\n")))
    assert caught.value.code is ErrorCode.NOT_A_RESUME


@pytest.mark.parametrize("text", MORE_RESUMES, ids=[f"resume{i}" for i in range(5)])
def test_resumes_with_letters_postings_words_or_grades_in_them(text: str) -> None:
    """A form followed by its 자기소개서, a letter followed by the resume, a resume that says
    `Requirements` and `Responsibilities`, one with credits in its coursework, a Korean resume
    that greets the reader: all go on."""
    check_kind(doc(*text.split("\n\n")))


BLANK_WITH_HR_CONTACT = [
    doc(
        "입 사 지 원 서",
        "(주)가람상사 인사팀 | 문의 02-555-0100 | recruit@garam.example.com",
        [("성명", "", "생년월일", ""), ("연락처", "", "이메일", "")],
        "학력사항",
        [("기간", "학교명", "전공", "학위"), ("", "", "", ""), ("", "", "", "")],
        "경력사항",
        [("기간", "회사명", "직위", "담당업무"), ("", "", "", ""), ("", "", "", "")],
        "위 기재 사항은 사실과 다름없음을 확인합니다.\n20  년  월  일\n지원자 :          (인)",
    ),
    doc(
        "Employment Application",
        "Acme Corp HR · hr@acme.example.com · (555) 555-0100",
        [("First name", ""), ("Last name", ""), ("Phone", ""), ("Email", "")],
        "Employment History",
        [("Employer", "Title", "From", "To"), ("", "", "", ""), ("", "", "", "")],
        "Education",
        [("School", "Degree", "Year"), ("", "", "")],
    ),
]
HALF_FILLED_FORMS = [
    doc(
        "이 력 서",
        [("성명", "홍길동", "생년월일", "1990.01.01"), ("연락처", "010-1234-5678", "이메일", "")],
        "학력사항",
        [
            ("기간", "학교명", "전공", "학위"),
            ("2009.03 ~ 2013.02", "한빛대학교", "경영학", "학사"),
            ("", "", "", ""),
        ],
        "경력사항",
        [
            ("기간", "회사명", "직위", "담당업무"),
            ("2013.03 ~ 2020.12", "가람상사", "대리", "영업"),
            ("", "", "", ""),
            ("", "", "", ""),
        ],
        "자격사항",
        [("취득일", "자격증명", "발행처"), ("", "", ""), ("", "", "")],
    ),
]


@pytest.mark.parametrize("text", BLANK_WITH_HR_CONTACT, ids=["ko-form", "en-application"])
def test_blank_forms_with_the_employers_contact_line(text: ExtractedText) -> None:
    """An employer's blank application form prints its HR desk's phone and e-mail: still blank."""
    with pytest.raises(PermanentError) as caught:
        check_kind(text)
    assert caught.value.details == {"kind": "blank_form"}


def test_a_form_filled_in_with_rows_left_empty_is_a_resume() -> None:
    """Empty spare rows in a filled form do not make it blank: it dates the person's history."""
    check_kind(HALF_FILLED_FORMS[0])


VARIANT_OTHER_KINDS = [
    "안녕하십니까.\n\n저는 백엔드 개발자로 일하고 싶어 귀사에 지원합니다. 대학에서 서버 개발을 공부했습니다.\n\n감사합니다.",
    "졸업증명서\n\n성명: 홍길동\n학과: 경영학과\n졸업일: 2016년 2월 25일\n\n위 사람은 본교를 졸업하였음을 증명합니다.",
    "Job Description: Senior Data Engineer\n\nAbout us\nWe are a fintech startup.\n\nResponsibilities\n- Build pipelines\n- Own data quality\n\nQualifications\n- 5 years of experience with Spark\n\nCompensation\n$150k – $180k\n\nTo apply, email careers@example.com",
    "모집요강\n\n모집부문: 백엔드 개발\n담당업무: 결제 API 개발\n자격요건: 경력 3년 이상\n우대사항: Kotlin\n근무지: 서울\n\n접수방법: 이메일 지원 (recruit@example.com)",
    "Unofficial Transcript\n\nStudent: Jordan Lee\nStudent ID: 20151234\n\nFall 2015\nCS 101 Intro to Programming 4.0 A\nMATH 151 Calculus I 4.0 B+\n\nCumulative GPA: 3.6",
    "재직증명서\n\n성명: 홍길동\n생년월일: 1990.01.01\n소속: 개발팀\n직위: 대리\n재직기간: 2019.03.01 ~ 현재\n용도: 금융기관 제출용\n\n위의 기재사항이 사실과 다름없음을 증명합니다.\n2026년 11월 20일\n주식회사 가람 대표이사 (인)",
    "Reference Letter\n\nDear Hiring Committee,\n\nIt is my pleasure to recommend Jordan Lee, who worked as an analyst on my team from 2019 to 2022.\n\nKind regards,\nMaria Gomez\nHead of Analytics, Northwind",
    "To Whom It May Concern:\n\nThis letter confirms that Jordan Lee was employed at Northwind Ltd. as a Senior Analyst from March 2019 to June 2022.\n\nSincerely,\nHR Department\nNorthwind Ltd.",
    "Hello Hiring Team,\n\nMy name is Jordan Lee and I am applying for the analyst opening. I have four years of experience in SQL and Python and I love building dashboards.\n\nThank you for your consideration.\nJordan Lee",
]


@pytest.mark.parametrize("text", VARIANT_OTHER_KINDS, ids=[f"variant{i}" for i in range(9)])
def test_other_kinds_in_other_words(text: str) -> None:
    """An untitled Korean letter, 졸업증명서, `Job Description: X`, 모집요강, an unofficial
    transcript, 재직증명서 with 재직기간, a reference letter, a letter that confirms employment,
    a letter that greets the team."""
    with pytest.raises(PermanentError) as caught:
        check_kind(doc(*text.split("\n\n")))
    assert caught.value.code is ErrorCode.NOT_A_RESUME
