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
