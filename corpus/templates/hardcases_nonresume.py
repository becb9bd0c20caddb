"""Documents that are not resumes though recruiters receive them as if they were: a cover
letter or 자기소개서 alone, a transcript (성적증명서), a certificate of employment
(재직증명서, 경력증명서), a job posting (채용공고) and a blank 이력서 form. The gold
is NOT_A_RESUME; what they print of the person (or of an HR contact) is still listed as planted
PII."""

from __future__ import annotations

import random
from typing import Any

from corpus.gold import Shown, error_gold
from corpus.photos import decoy
from corpus.records import TODAY, Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Rendered, Template
from corpus.templates.hardcases_doc import (
    Beside,
    Doc,
    Figure,
    Table,
    Text,
    alternate,
    logo_figure,
    rendered,
)
from corpus.templates.hardcases_forms import blank_form, posting
from corpus.templates.hardcases_resume import someone

NOTHING = Shown(name=None, emails=False, phones=False, careers=False, education=False, skills=False)
KO_COURSES = (
    "대학글쓰기", "미적분학", "선형대수", "자료구조", "알고리즘", "운영체제",
    "데이터베이스", "확률과 통계", "경영학원론", "회계원리", "마케팅원론",
    "컴퓨터네트워크", "창의적 설계", "영어회화", "캡스톤디자인", "소프트웨어공학",
)  # fmt: skip
EN_COURSES = ("Calculus I", "Linear Algebra", "Data Structures", "Algorithms", "Operating Systems",
              "Database Systems", "Probability and Statistics", "Principles of Accounting",
              "Microeconomics", "Technical Writing", "Computer Networks", "Senior Design Project",
              "Marketing Fundamentals", "Software Engineering")  # fmt: skip
KO_GRADES = ("A+", "A0", "B+", "B0", "A+", "A0", "C+", "P")
EN_GRADES = ("A", "A-", "B+", "B", "A", "B-", "C+", "P")


def _not_a_resume(p: Persona, doc: Doc, context: Context, shown: Shown, note: str) -> Rendered:
    result = rendered(doc, alternate(p), context, p.id, shown, notes=note)
    language = "mixed" if p.language == "mixed" else p.language
    return Rendered(result.files, shown, photo=result.photo, decoys=result.decoys,
                    notes=note, gold=error_gold("NOT_A_RESUME", language))  # fmt: skip


def _cover_letter(p: Persona, context: Context) -> Rendered:
    """A cover letter alone: the English one with a handwritten signature, the Korean
    자기소개서 on a company's application letterhead."""
    rng = rng_for("nonresume-letter", p.id)
    company = p.careers[0].company if p.careers else "the team"
    if p.language == "en":
        years = len({c.company for c in p.careers})
        paragraphs = (
            "Dear Hiring Manager,",
            f"I am writing to apply for the {p.headline} position. Over {years or 'my'} previous "
            f"role{'s' if years != 1 else ''}, most recently at {company}, I have learned to "
            "turn vague requests into shipped, measured work.",
            f"I work daily with {', '.join(p.skills[:3])}, and I would bring the same care to "
            "your team. I would welcome the chance to talk about how I can help.",
            "Sincerely,",
        )
        sender = Text(f"{p.name}\n{p.emails[0]} · {p.phones[0]}", "small", "right")
        blocks: list[Any] = [sender, Text(TODAY.strftime("%B %d, %Y"))]
        blocks += [Text(x) for x in paragraphs]
        blocks += [Figure(decoy(p.id, "signature"), 45, "left"), Text(p.name)]
        shown = Shown(name=p.name, careers=False, education=False, skills=False)
        return _not_a_resume(p, Doc(tuple(blocks), "en", serif=True), context, shown, "letter")
    logo = decoy(p.id, "logo", label=rng.choice(("(주)다온커머스", "한결솔루션", "㈜미리내랩스")))
    head = Table((("지원분야", p.headline), ("성명", p.name)), header=False, labels=(0,))
    blocks = [logo_figure(logo), Text("자 기 소 개 서", "title", "center"), head]
    for heading, body in _ko_essay(p, company):
        blocks += [Text(heading, "h2"), Text(body)]
    blocks.append(
        Text(f"{TODAY.year}년 {TODAY.month}월 {TODAY.day}일  지원자 {p.name}", "p", "right")
    )
    shown = Shown(name=p.name, emails=False, phones=False, careers=False, education=False,
                  skills=False)  # fmt: skip
    return _not_a_resume(p, Doc(tuple(blocks), p.language), context, shown, "자기소개서")


def _ko_essay(p: Persona, company: str) -> list[tuple[str, str]]:
    growth = (
        "부모님께서는 늘 스스로 선택하고 책임지는 법을 가르쳐 주셨습니다. "
        "덕분에 작은 일도 끝까지 마무리하는 습관을 갖게 되었습니다."
    )
    character = (
        "꼼꼼하게 확인하는 성격이 장점이지만, 때로는 결정이 늦어지는 단점이 있어 "
        "기한을 먼저 정하고 일하는 습관을 들였습니다."
    )
    motive = (
        f"{company}에서 쌓은 경험을 바탕으로 귀사의 서비스를 한 단계 성장시키는 데 "
        f"기여하고 싶습니다. 특히 {', '.join(p.skills[:2])} 역량을 살리겠습니다."
    )
    return [
        ("[성장과정]", growth),
        ("[성격의 장단점]", character),
        ("[지원동기 및 입사 후 포부]", motive),
    ]


def _transcript(p: Persona, context: Context) -> Rendered:
    """성적증명서 or an academic transcript: the school's emblem, the student's details, courses
    by term and a registrar's seal or signature."""
    rng = rng_for("nonresume-transcript", p.id)
    school = p.education[-1]
    korean = p.language != "en"
    emblem = decoy(p.id, "emblem", label="" if korean else school.school)
    entered = int((school.start or f"{TODAY.year - 4}-03")[:4])
    student_id = f"{entered}{rng.randint(10000, 99999)}"
    birth = p.birth.isoformat() if p.birth else ""
    if korean:
        title, labels = "성 적 증 명 서", ("성명", "생년월일", "학번", "학과", "졸업")
        courses: tuple[str, ...]
        courses, grades, heads = KO_COURSES, KO_GRADES, ("학기", "교과목명", "학점", "성적")
        closing = (
            f"위 사실을 증명함.\n{TODAY.year}년 {TODAY.month}월 {TODAY.day}일\n{school.school}총장"
        )
        mark = decoy(p.id, "seal", label=f"{school.school}총장")
    else:
        title, labels = "Official Academic Transcript", ("Name", "Date of birth", "Student ID",
                                                         "Program", "Graduated")  # fmt: skip
        courses, grades, heads = EN_COURSES, EN_GRADES, ("Term", "Course", "Credits", "Grade")
        closing = f"Issued {TODAY.isoformat()} by the Office of the Registrar, {school.school}"
        mark = decoy(p.id, "signature")
    values = (p.name, birth, student_id, school.major or "", (school.end or "")[:7])
    info = Table(tuple(zip(labels, values, strict=True)), header=False, labels=(0,))
    rows = sorted(_course(rng, entered, courses, grades, korean) for _ in range(12))
    blocks = [Beside((Figure(emblem, 24, "left"),), (Text(title, "title", "right"),), 0.3), info,
              Table((heads, *rows), widths=(2, 5, 1, 1)), Text(closing, "p", "right"),
              Figure(mark, 30 if korean else 40, "right")]  # fmt: skip
    shown = Shown(name=p.name, emails=False, phones=False, birth=birth, careers=False,
                  skills=False)  # fmt: skip
    return _not_a_resume(
        p, Doc(tuple(blocks), p.language, serif=True), context, shown, "transcript"
    )


def _course(
    rng: random.Random, entered: int, courses: tuple[str, ...], grades: tuple[str, ...], ko: bool
) -> tuple[str, ...]:
    year, half = entered + rng.randint(0, 3), rng.randint(1, 2)
    term = f"{year}-{half}학기" if ko else f"{'Spring' if half == 1 else 'Fall'} {year}"
    return (term, rng.choice(courses), str(rng.choice((2, 3, 3, 3))), rng.choice(grades))


def _certificate(p: Persona, context: Context) -> Rendered:
    """재직증명서 / 경력증명서 or a certificate of employment on the employer's letterhead, with
    the company seal (직인) or the HR manager's signature."""
    rng = rng_for("nonresume-certificate", p.id)
    korean = p.language != "en"
    job = p.careers[0] if p.careers else None
    company = job.company if job else rng.choice(("(주)한빛테크", "Northwind Labs"))
    hr = someone(rng, p.split, korean, domain="hr.example.com")
    logo = decoy(p.id, "logo", label=company)
    if korean:
        blocks, shown = _ko_certificate(p, job, company, hr)
        mark = decoy(p.id, "seal", label=company)
    else:
        blocks, shown = _en_certificate(p, job, company, hr)
        mark = decoy(p.id, "signature")
    blocks = [logo_figure(logo), *blocks, Figure(mark, 30, "right")]
    doc = Doc(tuple(blocks), p.language, serif=rng.random() < 0.5)
    return _not_a_resume(p, doc, context, shown, "certificate")


def _ko_certificate(p: Persona, job: Any, company: str, hr: Any) -> tuple[list[Any], Shown]:
    current = job is not None and job.is_current
    title = "재 직 증 명 서" if current else "경 력 증 명 서"
    span = f"{job.start} ~ {'현재' if current else job.end}" if job else ""
    birth = p.birth.strftime("%Y.%m.%d") if p.birth else ""
    rows = (
        ("성명", p.name),
        ("생년월일", birth),
        ("회사명", company),
        ("직위", job.position if job else ""),
        ("재직기간", span),
        ("용도", "제출용"),
    )
    verb = "재직하고 있음을" if current else "근무하였음을"
    blocks: list[Any] = [Text(title, "title", "center"), Table(rows, header=False, labels=(0,))]
    blocks += [
        Text(f"위와 같이 {verb} 증명합니다."),
        Text(f"{TODAY.year}년 {TODAY.month}월 {TODAY.day}일", "p", "center"),
        Text(f"{company}\n대표이사 {hr.name}\n(발급 담당: 인사팀 {hr.phone})", "p", "right"),
    ]
    shown = Shown(name=p.name, emails=False, phones=False, birth=birth, careers=False,
                  education=False, skills=False, extra_pii=(hr.name, hr.phone))  # fmt: skip
    return blocks, shown


def _en_certificate(p: Persona, job: Any, company: str, hr: Any) -> tuple[list[Any], Shown]:
    if job:
        end = "the present day" if job.is_current else job.end
        body = (f"This is to certify that {p.name} has been employed by {company} as "
                f"{job.position} from {job.start} to {end}.")  # fmt: skip
    else:
        body = f"This is to certify that {p.name} completed an internship with {company}."
    blocks = [Text("Certificate of Employment", "title", "center"), Text("To whom it may concern,"),
              Text(body), Text("This certificate is issued at the employee's request."),
              Text(f"{hr.name}\nHR Manager, {company}\n{hr.email} · {hr.phone}")]  # fmt: skip
    shown = Shown(name=p.name, emails=False, phones=False, careers=False, education=False,
                  skills=False, extra_pii=hr.pii)  # fmt: skip
    return blocks, shown


def _posting(p: Persona, context: Context) -> Rendered:
    rng = rng_for("nonresume-posting", p.id)
    hr = someone(rng, p.split, p.language != "en", domain="recruit.example.com")
    blocks = posting(p, rng, hr)
    shown = Shown(**{**NOTHING.__dict__, "extra_pii": hr.pii})
    return _not_a_resume(p, Doc(tuple(blocks), p.language), context, shown, "job posting")


def _blank(p: Persona, context: Context) -> Rendered:
    rng = rng_for("nonresume-blank", p.id)
    blocks = blank_form(
        p.language != "en", rng, decoy(p.id, "logo") if rng.random() < 0.5 else None
    )
    return _not_a_resume(p, Doc(tuple(blocks), p.language), context, NOTHING, "blank form")


def _template(name: str, languages: tuple[str, ...], render: Any, copies: int) -> Template:
    return Template(f"nonresume-{name}", "nonresume", "recreated", languages, render, copies,
                    "nonresume")  # fmt: skip


TEMPLATES = [
    _template("cover-letter", ("en",), _cover_letter, 2),
    _template("jasoseo", ("ko",), _cover_letter, 2),
    _template("transcript-ko", ("ko",), _transcript, 2),
    _template("transcript-en", ("en",), _transcript, 2),
    _template("certificate-ko", ("ko", "mixed"), _certificate, 2),
    _template("certificate-en", ("en",), _certificate, 2),
    _template("job-posting", ("ko", "en"), _posting, 2),
    _template("blank-form", ("ko", "en"), _blank, 2),
]
