"""Two non-resumes with no candidate in them: a job posting (채용공고) with the company's banner
and logo and an HR contact, and a blank 이력서 / employment application form whose labels are all
there and whose cells are empty."""

from __future__ import annotations

import random
from typing import Any

from corpus.photos import Photo, decoy
from corpus.records import TODAY, Persona
from corpus.templates.hardcases_doc import Beside, Figure, Table, Text, logo_figure
from corpus.templates.hardcases_resume import Someone


def posting(p: Persona, rng: random.Random, hr: Someone) -> list[Any]:
    """The posting of the role the persona holds, at the persona's company: their skills become
    the requirements, their own name appears nowhere."""
    company = p.careers[0].company if p.careers else ("(주)새솔데이터" if p.language != "en"
                                                      else "Bluepeak Analytics")  # fmt: skip
    role = p.headline
    banner = decoy(p.id, "banner")
    logo = decoy(p.id, "logo", label=company)
    top: list[Any] = [Figure(banner, 174, "center")]
    top.append(Beside((logo_figure(logo),), (Text(company, "h2", "right"),), 0.4))
    skills = list(p.skills[:4])
    if p.language == "en":
        return top + _en_posting(company, role, skills, hr, rng)
    return top + _ko_posting(company, role, skills, hr, rng)


def _ko_posting(
    company: str, role: str, skills: list[str], hr: Someone, rng: random.Random
) -> list[Any]:
    years = rng.choice((2, 3, 5, 7))
    rows = (("모집부문", "담당업무", "자격요건", "우대사항"),
            (role, "서비스 기획 및 개발 전반\n운영 자동화", f"경력 {years}년 이상\n"
             + "\n".join(f"{s} 활용 경험" for s in skills[:2]),
             "\n".join(f"{s} 실무 경험" for s in skills[2:]) or "관련 전공자"))  # fmt: skip
    deadline = f"{TODAY.year}.{TODAY.month:02d}.{min(TODAY.day + 10, 28):02d}"
    return [
        Text(f"[{company}] {role} 경력직 채용", "title", "center"),
        Text("모집요강", "h1"),
        Table(rows, widths=(2, 3, 3, 3), wrap=3),
        Text("근무조건", "h1"),
        Text("근무형태: 정규직 (수습 3개월)\n근무지: 서울특별시 강남구\n급여: 회사 내규에 따름"),
        Text("전형절차", "h1"),
        Text("서류전형 → 1차 면접 → 2차 면접 → 처우협의 → 최종합격"),
        Text("접수기간 및 방법", "h1"),
        Text(f"접수기간: ~ {deadline} (채용 시 마감)\n접수방법: 홈페이지 온라인 지원"),
        Text(f"문의: 인사팀 {hr.name} 매니저 ({hr.phone}, {hr.email})", "small"),
    ]


def _en_posting(
    company: str, role: str, skills: list[str], hr: Someone, rng: random.Random
) -> list[Any]:
    years = rng.choice((2, 3, 5, 7))
    return [
        Text(f"{role} — {company}", "title"),
        Text("Full-time · Hybrid · Springfield, IL", "lead"),
        Text("About the role", "h1"),
        Text(f"{company} is hiring a {role} to join a small team that owns its work end to end."),
        Text("What you will do", "h1"),
        Text(
            "• Design, build and run the services our customers rely on\n"
            "• Work with product and design from idea to launch\n"
            "• Mentor teammates and improve how we work"
        ),
        Text("What we are looking for", "h1"),
        Text(
            f"• {years}+ years of professional experience\n"
            + "\n".join(f"• Hands-on experience with {s}" for s in skills)
        ),
        Text("Benefits", "h1"),
        Text("Health, dental and vision cover · 401(k) match · 25 days of paid leave"),
        Text(f"To apply, send your resume to {hr.name} ({hr.email}, {hr.phone}).", "small"),
    ]


def blank_form(korean: bool, rng: random.Random, logo: Photo | None) -> list[Any]:
    """An 이력서 or employment application with every label and no answers, the photo box
    holding only its label."""
    top: list[Any] = [logo_figure(logo)] if logo else []
    if not korean:
        return top + _en_blank(rng)
    person = (("성명", "", "한자", ""), ("생년월일", "", "성별", ""), ("휴대폰", "", "이메일", ""),
              ("주소", "", "", ""))  # fmt: skip
    blank = ("", "", "", "")
    blocks = [
        Text(rng.choice(("이 력 서", "입 사 지 원 서")), "title", "center"),
        Beside(
            (Table(person, header=False, labels=(0, 2)),),
            (Table((("사진\n(3cm × 4cm)\n\n\n",),), header=False),),
            0.8,
        ),
        Text("학력사항", "h1"),
        Table((("기간", "학교명", "전공", "졸업구분"), blank, blank, blank)),
        Text("경력사항", "h1"),
        Table((("근무기간", "회사명", "직위", "담당업무"), blank, blank, blank)),
        Text("자격증 및 어학", "h1"),
        Table((("취득일", "자격증/시험명", "발급기관", "점수/등급"), blank, blank)),
        Text("병역사항", "h1"),
        Table((("군별", "계급", "복무기간", "면제사유"), blank)),
        Text("가족사항", "h1"),
        Table((("관계", "성명", "연령", "직업"), blank, blank)),
        Text("위 기재 사항은 사실과 다름이 없습니다.", "p", "center"),
        Text("20    년    월    일\n지원자:                 (인)", "p", "right"),
    ]
    return top + blocks


def _en_blank(rng: random.Random) -> list[Any]:
    blank = ("", "", "", "")
    return [
        Text(rng.choice(("Application for Employment", "Employment Application Form")), "title"),
        Text("Please print clearly. All fields are required unless marked optional.", "small"),
        Table(
            (
                ("Full name", "", "Date", ""),
                ("Address", "", "Phone", ""),
                ("Email", "", "Position applied for", ""),
            ),
            header=False,
            labels=(0, 2),
        ),
        Text("Employment history", "h1"),
        Table((("Employer", "Job title", "From", "To"), blank, blank, blank)),
        Text("Education", "h1"),
        Table((("School", "Degree", "Major", "Year"), blank, blank)),
        Text("References", "h1"),
        Table((("Name", "Relationship", "Phone", "Email"), blank, blank)),
        Text(
            "I certify that the information above is true and complete.\n\n"
            "Signature: ______________________    Date: ____________"
        ),
    ]
