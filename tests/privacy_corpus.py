"""The privacy test corpus: resumes in every supported format carrying fictional PII in every
form the PII vocabulary knows, and the list of what must never be stored in plaintext.

Each document plants its person's name (solid, letter-spaced, romanised, in Hanja), birth date,
resident number, phone, e-mail, street address and personal links, in form cells, headings,
sidebars and prose, and third parties (family members, referees, a recruiter) with their own
contacts. The names were made up to collide with no word of a resume (so a byte grep or an index
term that finds one found a leak), and the formats come from the corpus's own writers (HWP,
HWPX, DOCX), fpdf2 (PDF), LibreOffice (DOC) and plain text (TXT, Markdown).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF

from corpus.templates.ko_forms_docx import DocxForm
from corpus.writers.form import Cell, FormWriter, Row
from corpus.writers.hwp_document import HwpDocument
from corpus.writers.hwpx import HwpxDocument


@dataclass(frozen=True)
class Planted:
    """One document of the corpus and what it plants."""

    file_name: str
    data: bytes


# Every planted value, as written somewhere in the corpus. Digits-only forms of the numbers are
# checked too (see `secrets`).
FORM_PERSON = {
    "name": "탁세린",
    "spaced": "탁 세 린",
    "hanja": "卓世潾",
    "roman": "TAK SERIN",
    "birth": "1991.03.14",
    "rrn": "910314-2345678",
    "phone": "010-2468-1357",
    "email": "serin.tak@example.org",
    "address": "서울특별시 송파구 올림픽로 300, 1203호",
    "street": "올림픽로 300",
    "github": "github.com/serintak",
    "father": "탁근영",
    "mother": "구명숙",
    "mother_birth": "1962.02.02",
}
PDF_PERSON = {
    "name": "Imogen Thistlewood",
    "birth": "March 14, 1991",
    "phone": "(415) 555-0172",
    "email": "imogen.thistlewood@example.net",
    "address": "742 Evergreen Terrace",
    "linkedin": "linkedin.com/in/imogenthistle",
    "site": "https://thistlewood.dev",
    "handle": "ithistlewood",
    "referee": "Thaddeus Fairweather",
    "referee_email": "c.fairweather@univ.example.edu",
    "referee_phone": "+1 406 555 0199",
    "recruiter": "Wilhelmina Ashgrove",
}
MARKDOWN_PERSON = {
    "name": "변하람",
    "birth": "1993년 7월 2일",
    "phone": "+82 10-9876-5432",
    "email": "haram.byun@example.com",
    "address": "경기도 성남시 분당구 판교역로 166",
    "street": "판교역로 166",
    "blog": "https://haramlog.tistory.com",
    "velog": "velog.io/@haramdev",
    "github": "haram-byun",
}
TEXT_PERSON = {
    "name": "Marcus Delgado-Reyes",
    "birth": "07/04/1988",
    "phone": "+1 917 555 0148",
    "email": "mdelreyes@example.com",
    "address": "55 Quillfeather Street, Apt 12",
    "street": "Quillfeather Street",
    "emergency": "Lucinda Delgado-Reyes",
    "emergency_phone": "917-555-0186",
}
PEOPLE = (FORM_PERSON, PDF_PERSON, MARKDOWN_PERSON, TEXT_PERSON)
# The words of every planted name: none may be a term of the keyword index.
NAME_WORDS = (
    "세린", "탁세린", "卓世潾", "serin", "근영", "탁근영", "명숙", "구명숙",
    "imogen", "thistlewood", "thaddeus", "fairweather", "wilhelmina", "ashgrove",
    "하람", "변하람", "marcus", "delgado", "reyes", "lucinda",
)  # fmt: skip


def secrets() -> set[str]:
    """Every planted value, and the digits of each number, as they must never be stored."""
    found: set[str] = set()
    for person in PEOPLE:
        for value in person.values():
            found.add(value)
            digits = "".join(ch for ch in value if ch.isdigit())
            if len(digits) >= 9 and not value.startswith("http"):
                found.add(digits)
    return found


def form(writer: FormWriter) -> bytes:
    """The Korean 이력서 form: 인적사항 cells, history tables, 가족사항, a signature and a
    자기소개서 that names the candidate again."""
    p = FORM_PERSON
    writer.paragraph("이 력 서", shape="title", align="center")
    personal: list[Row] = [
        [Cell("성 명", label=True), p["spaced"], Cell("한 자", label=True), p["hanja"]],
        [Cell("영 문", label=True), p["roman"], Cell("생년월일", label=True), p["birth"]],
        [Cell("주민등록번호", label=True), p["rrn"], Cell("휴대폰", label=True), p["phone"]],
        [Cell("E-mail", label=True), p["email"], Cell("GitHub", label=True), p["github"]],
        [Cell("주 소", label=True), Cell(p["address"], cols=3)],
    ]
    writer.table(personal, [4, 6, 4, 6], header_rows=0)
    _titled(writer, "학력사항", [["기간", "학교명", "전공", "졸업구분"],
            ["2010.03 ~ 2014.02", "한양대학교", "컴퓨터공학과", "졸업"]])  # fmt: skip
    _titled(writer, "경력사항", [["기간", "회사명", "직위", "담당업무"],
            ["2014.03 ~ 현재", "(주)카카오", "백엔드 개발자", "메시징 서버 개발"]])  # fmt: skip
    _titled(writer, "보유기술", [["Java, Spring Boot, Kafka, Kubernetes"]])
    family = [["관계", "성명", "생년월일", "직업"], ["부", p["father"], "1960.01.01", "회사원"],
              ["모", p["mother"], p["mother_birth"], "교사"]]  # fmt: skip
    _titled(writer, "가족사항", family)
    writer.paragraph("위 기재 사항은 사실과 다름이 없습니다.", align="center")
    writer.paragraph(f"지원자 {p['spaced']} (인)", align="right")
    writer.paragraph("자 기 소 개 서", shape="title", align="center", page_break=True)
    writer.paragraph(f"저는 {p['name']}입니다. 메시징 서버를 10년째 개발하고 있습니다.")
    return writer.to_bytes()


def _titled(writer: FormWriter, title: str, rows: Sequence[Row]) -> None:
    writer.paragraph(title, shape="heading")
    widths = [4] * max(len(row) for row in rows)
    writer.table(rows, widths, header_rows=1 if len(rows) > 1 else 0)


def form_documents() -> list[Planted]:
    """The form as HWP, HWPX and DOCX."""
    return [
        Planted("form.hwp", form(HwpDocument("이력서"))),
        Planted("form.hwpx", form(HwpxDocument("이력서"))),
        Planted("form.docx", form(DocxForm("이력서", "맑은 고딕"))),
    ]


def pdf_document() -> Planted:
    """An English resume: the name in large type with no label, a contact line, a sidebar-like
    details block, references and a recruiter's note."""
    p = PDF_PERSON
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 22)
    pdf.cell(0, 12, p["name"], new_x="LMARGIN", new_y="NEXT")
    lines = [
        f"{p['email']} | {p['phone']} | {p['linkedin']} | {p['site']}",
        f"Date of birth: {p['birth']}    Address: {p['address']}, Springfield, OR 97403",
        f"GitHub: {p['handle']}",
        "Experience",
        "Stripe - Senior Backend Engineer (2019 - 2024)",
        "Built the payouts ledger in Go and PostgreSQL; led a team of five.",
        "Education",
        "University of Oregon - B.S. Computer Science (2009 - 2013)",
        "Skills",
        "Python, Go, PostgreSQL, Kafka, Terraform",
        "References",
        f"Dr. {p['referee']}, Professor of Computer Science, University of Oregon",
        f"{p['referee_email']} | {p['referee_phone']}",
        f"Recruiter: {p['recruiter']} (Hireline Partners)",
    ]
    pdf.set_font("helvetica", size=11)
    for line in lines:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return Planted("resume.pdf", bytes(pdf.output()))


def markdown_document() -> Planted:
    """A Korean developer's Markdown resume: the name as the first heading, nowhere labelled."""
    p = MARKDOWN_PERSON
    text = f"""# {p["name"]}
데이터 엔지니어 · {p["birth"]} (만 33세)
{p["phone"]} · {p["email"]} · {p["address"]}
- Blog: {p["blog"]}
- Velog: {p["velog"]}
- GitHub: {p["github"]}

## 경력
### 쿠팡 · 데이터 엔지니어 (2019.03 ~ 현재)
- Airflow와 Spark로 주문 데이터 파이프라인 구축

## 학력
- 부산대학교 통계학과 (2012.03 ~ 2018.02)

## 기술
Python, Airflow, Spark, BigQuery
"""
    return Planted("resume.md", text.encode("utf-8"))


def text_document() -> Planted:
    """A plain-text English resume that introduces its writer in prose."""
    p = TEXT_PERSON
    text = f"""RESUME
My name is {p["name"]} and I build payment systems.
DOB: {p["birth"]}
{p["address"]}, Brooklyn, NY 11201
Phone: {p["phone"]}  Email: {p["email"]}

EXPERIENCE
Square - Staff Engineer - 2016 to 2024
Designed card authorisation services in Java and Kotlin.

EDUCATION
Cornell University - M.S. Computer Science - 2010 to 2012

SKILLS
Java, Kotlin, AWS, DynamoDB

Emergency contact: {p["emergency"]}, {p["emergency_phone"]}
"""
    return Planted("resume.txt", text.encode("utf-8"))


def documents() -> list[Planted]:
    """Every document but the DOC copy (which needs LibreOffice: see tests.doc_builder)."""
    return [*form_documents(), pdf_document(), markdown_document(), text_document()]
