"""A person's history: jobs with dates (0-25 years, gaps, several roles at one company, a current
job or none), schools, skills, certificates, projects, military service and third parties."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from corpus.records import TODAY, Career, Education, Project, ThirdParty
from corpus.vocab import Vocabulary

EN_POSITIONS = {
    "backend": (
        "Backend Engineer",
        "Software Engineer",
        "Senior Software Engineer",
        "Staff Engineer",
    ),
    "frontend": ("Frontend Developer", "UI Engineer", "Senior Frontend Engineer", "Web Developer"),
    "data": ("Data Engineer", "Analytics Engineer", "Senior Data Engineer", "BI Developer"),
    "ml": ("Machine Learning Engineer", "Data Scientist", "Research Scientist", "ML Engineer II"),
    "design": ("Product Designer", "UX Designer", "Visual Designer", "Senior Product Designer"),
    "finance": ("Accountant", "Financial Analyst", "ERP Consultant", "Senior Accountant"),
    "marketing": ("Marketing Manager", "Growth Marketer", "Content Strategist", "Brand Manager"),
}
KO_POSITIONS = {
    "backend": ("백엔드 개발자", "서버 개발자", "선임연구원", "책임연구원"),
    "frontend": ("프론트엔드 개발자", "웹 개발자", "선임 프론트엔드 개발자"),
    "data": ("데이터 엔지니어", "데이터 분석가", "데이터 플랫폼 개발자"),
    "ml": ("머신러닝 엔지니어", "AI 연구원", "데이터 사이언티스트"),
    "design": ("UX 디자이너", "프로덕트 디자이너", "BX 디자이너"),
    "finance": ("회계 담당", "재무회계 대리", "ERP 컨설턴트", "세무 담당 과장"),
    "marketing": ("마케팅 매니저", "퍼포먼스 마케터", "브랜드 매니저"),
}
KO_DUTIES = {
    "backend": (
        "결제 서버 개발",
        "주문 API 설계 및 운영",
        "정산 배치 개발",
        "회원 인증 시스템 구축",
    ),
    "frontend": ("커머스 웹 프론트 개발", "디자인 시스템 구축", "관리자 화면 개발"),
    "data": ("데이터 파이프라인 구축", "지표 대시보드 운영", "로그 수집 시스템 개발"),
    "ml": ("추천 모델 개발", "수요 예측 모델링", "이미지 분류 모델 서빙"),
    "design": ("앱 UX 개선", "브랜드 가이드 제작", "사용자 리서치"),
    "finance": ("월 결산 및 세무 신고", "ERP 도입 프로젝트", "원가 분석"),
    "marketing": ("광고 캠페인 운영", "CRM 마케팅 기획", "콘텐츠 기획"),
}
EN_BULLETS = (
    "Cut p95 latency of the core service by {n}%.",
    "Led a team of {k} on a rebuild shipped in {m} months.",
    "Automated the monthly reporting, saving {k} days of work each quarter.",
    "Grew the customer base by {n}% through experiments and better onboarding.",
    "Mentored {k} junior colleagues and ran the hiring loop.",
)
KO_MAJORS = (
    "컴퓨터공학",
    "소프트웨어학",
    "산업공학",
    "통계학",
    "경영학",
    "회계학",
    "시각디자인",
    "전자공학",
)
EN_MAJORS = (
    "Computer Science", "Software Engineering", "Statistics", "Business Administration",
    "Accounting", "Graphic Design", "Electrical Engineering", "Economics",
)  # fmt: skip
KO_CERTS = (
    "정보처리기사",
    "SQLD",
    "ADsP",
    "전산회계 1급",
    "TOEIC 905",
    "OPIc IH",
    "컴퓨터활용능력 1급",
)
EN_CERTS = ("AWS Certified Solutions Architect", "PMP", "Google Data Analytics Certificate", "CPA")


def ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@dataclass
class _Clock:
    """Walks forward through a working life, month by month."""

    year: int
    month: int

    def add(self, months: int) -> None:
        total = self.year * 12 + self.month - 1 + months
        self.year, self.month = divmod(total, 12)
        self.month += 1

    def now(self) -> str:
        return ym(self.year, self.month)


def _months(value: str) -> int:
    year, month = map(int, value.split("-"))
    return year * 12 + month


def make_history(
    rng: random.Random, vocab: Vocabulary, work: str, *, korean: bool, english: bool
) -> dict[str, Any]:
    years = rng.choice((0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 18, 22, 25))
    careers = _careers(rng, vocab, work, years, korean=korean, english=english)
    pool = [s for s in vocab.skills[work] if korean or not _has_hangul(s)]
    office = [s for s in vocab.skills["office"] if korean or not _has_hangul(s)]
    skills = list(rng.sample(pool, min(len(pool), rng.randint(4, 8))))
    skills += rng.sample(office, min(len(office), rng.randint(0, 2)))
    return {
        "headline": careers[0].position if careers else _newcomer(work, korean and not english),
        "summary": _summary(rng, work, years, korean and not english),
        "careers": tuple(careers),
        "education": tuple(_education(rng, vocab, years, korean=korean)),
        "skills": tuple(skills),
        "spoken": ("한국어", "영어") if korean else ("English", rng.choice(("Spanish", "French"))),
        "certificates": tuple(_certificates(rng, korean)),
        "projects": tuple(_projects(rng, work, skills, korean)),
        "military": "served" if korean and rng.random() < 0.8 else None,  # dated by make_persona
        "third_parties": tuple(_third_parties(rng, vocab, korean)),
    }


def _newcomer(work: str, korean: bool) -> str:
    """The headline of someone without a job yet."""
    if korean:
        return f"{KO_POSITIONS[work][0]} 신입 지원자"
    return f"Aspiring {EN_POSITIONS[work][0]}"


def _has_hangul(text: str) -> bool:
    return any("가" <= ch <= "힣" for ch in text)


def _position(rng: random.Random, work: str, korean: bool, english: bool) -> str:
    return rng.choice(EN_POSITIONS[work] if english or not korean else KO_POSITIONS[work])


def _company(rng: random.Random, vocab: Vocabulary, korean: bool) -> str:
    if korean:
        name = rng.choice(vocab.ko_company_stems) + rng.choice(vocab.ko_company_kinds)
        return rng.choice((f"(주){name}", f"{name}(주)", f"주식회사 {name}", f"㈜{name}", name))
    name = f"{rng.choice(vocab.en_company_stems)} {rng.choice(vocab.en_company_kinds)}"
    return rng.choice((name, f"{name} Inc.", f"{name} LLC", f"{name} Ltd."))


def _careers(
    rng: random.Random, vocab: Vocabulary, work: str, years: int, *, korean: bool, english: bool
) -> list[Career]:
    """Newest first, as resumes list them."""
    if years == 0:
        return []
    clock = _Clock(TODAY.year - years, rng.randint(1, 12))
    jobs: list[Career] = []
    end_total = TODAY.year * 12 + TODAY.month
    while clock.year * 12 + clock.month < end_total - 2:
        company = _company(rng, vocab, korean)
        start = clock.now()
        clock.add(rng.randint(8, 48))
        current = clock.year * 12 + clock.month >= end_total - 1
        if current:
            clock = _Clock(TODAY.year, TODAY.month)
        months = (clock.year * 12 + clock.month) - _months(start)
        roles = 2 if months > 24 and rng.random() < 0.25 else 1
        jobs += _roles(rng, work, company, start, clock, roles, current, korean, english)
        clock.add(rng.choice((0, 0, 0, 1, 2, 5, 8)))
    if jobs and not jobs[-1].is_current and rng.random() < 0.75:
        last = jobs[-1]
        jobs[-1] = Career(last.company, last.position, last.start, None, True, last.duty)
    return list(reversed(jobs))


def _roles(
    rng: random.Random, work: str, company: str, start: str, clock: _Clock, roles: int,
    current: bool, korean: bool, english: bool,
) -> list[Career]:  # fmt: skip
    """One job, or two roles in a row at one company (a promotion), oldest first."""
    end = None if current else clock.now()
    duty = rng.choice(KO_DUTIES[work]) if korean else ""
    if roles == 1:
        return [Career(company, _position(rng, work, korean, english), start, end, current, duty)]
    first, second = rng.sample(
        EN_POSITIONS[work] if english or not korean else KO_POSITIONS[work], 2
    )
    sy, sm = map(int, start.split("-"))
    middle = _Clock(sy, sm)
    middle.add(
        rng.randint(10, max(10, min(20, clock.year * 12 + clock.month - _months(start) - 6)))
    )
    return [
        Career(company, first, start, middle.now(), False, duty),
        Career(company, second, middle.now(), end, current, duty),
    ]


def _education(
    rng: random.Random, vocab: Vocabulary, years: int, *, korean: bool
) -> list[Education]:
    graduated = TODAY.year - years - rng.randint(0, 1)
    schools = []
    if korean:
        stem = rng.choice(vocab.ko_school_stems)
        kind = rng.choice(("대학교", "대학교", "대학교", "과학기술원", "여자대학교"))
        major, degree = rng.choice(KO_MAJORS), rng.choice(("학사", "학사", "학사", None))
        schools.append(
            Education(
                f"{stem}{kind}", degree, major, ym(graduated - 4, 3), ym(graduated, 2), "졸업"
            )
        )
        if rng.random() < 0.2:
            schools.insert(
                0,
                Education(
                    f"{stem}대학교 대학원",
                    "석사",
                    major,
                    ym(graduated, 3),
                    ym(graduated + 2, 2),
                    "졸업" if graduated + 2 < TODAY.year else "재학",
                ),
            )
        if rng.random() < 0.5:
            high = rng.choice(vocab.ko_school_stems) + "고등학교"
            schools.append(
                Education(high, None, None, ym(graduated - 7, 3), ym(graduated - 4, 2), "졸업")
            )
        return schools
    school = rng.choice(vocab.en_schools)
    major = rng.choice(EN_MAJORS)
    degree = rng.choice(("B.S.", "Bachelor of Science", "B.A.", "Bachelor of Arts", None))
    schools.append(Education(school, degree, major, ym(graduated - 4, 9), ym(graduated, 5)))
    if rng.random() < 0.25 and graduated + 3 <= TODAY.year:
        master = rng.choice(vocab.en_schools)
        degree = rng.choice(("M.S.", "Master of Science", "MBA"))
        schools.insert(
            0, Education(master, degree, major, ym(graduated + 1, 9), ym(graduated + 3, 5))
        )
    return schools  # fmt: skip


def _summary(rng: random.Random, work: str, years: int, korean: bool) -> str:
    if korean:
        subject = {"backend": "서버 개발", "frontend": "웹 프론트엔드", "data": "데이터 엔지니어링",
                   "ml": "머신러닝", "design": "프로덕트 디자인", "finance": "재무회계",
                   "marketing": "디지털 마케팅"}[work]  # fmt: skip
        if years == 0:
            return f"{subject} 분야에서 성장하고 싶은 신입 지원자입니다."
        return (
            f"{years}년 동안 {subject} 업무를 해 왔습니다. 문제를 끝까지 해결하는 것을 좋아합니다."
        )
    if years == 0:
        return (
            f"Recent graduate looking for a first role in {work.replace('ml', 'machine learning')}."
        )
    return rng.choice((
        f"{_years(years)} of experience in {work} roles; I like to ship small, measurable things.",
        f"Practitioner with {_years(years)} in {work}, comfortable owning work end to end.",
    ))  # fmt: skip


def _years(years: int) -> str:
    return "1 year" if years == 1 else f"{years} years"


def _certificates(rng: random.Random, korean: bool) -> list[tuple[str, str]]:
    names = rng.sample(KO_CERTS if korean else EN_CERTS, rng.randint(0, 3))
    return [(name, ym(TODAY.year - rng.randint(1, 8), rng.randint(1, 12))) for name in names]


def _projects(rng: random.Random, work: str, skills: list[str], korean: bool) -> list[Project]:
    projects = []
    for number in range(rng.randint(0, 2)):
        year = TODAY.year - rng.randint(1, 5)
        name = (
            f"{KO_DUTIES[work][number % len(KO_DUTIES[work])]} 프로젝트"
            if korean
            else (f"{rng.choice(('Atlas', 'Beacon', 'Compass', 'Lattice'))} {work} platform")
        )
        tech = tuple(rng.sample(skills, min(3, len(skills))))
        role = "리드 개발" if korean else "Lead"
        description = (
            "요구사항 정의부터 배포까지 담당했습니다."
            if korean
            else "Owned it from design to launch."
        )
        projects.append(Project(name, role, ym(year, 3), ym(year, 11), tech, description))
    return projects  # fmt: skip


def military_service(birth_year: int) -> str:
    """A man's service, about two years from the year he turned twenty."""
    return f"육군 병장 만기제대 ({birth_year + 20}.03 ~ {birth_year + 21}.12)"


def _third_parties(rng: random.Random, vocab: Vocabulary, korean: bool) -> list[ThirdParty]:
    """Family members (Korean forms' 가족사항) or referees: other people's personal data."""
    if korean:
        parents = []
        for relation in ("부", "모"):
            first, second = rng.sample(vocab.ko_given, 2)
            parents.append(
                ThirdParty("family", rng.choice("김이박최정") + first[0] + second[0], relation)
            )
        return parents
    people = []
    for _ in range(rng.randint(1, 2)):
        first, last = rng.choice(vocab.en_first), rng.choice(vocab.en_last)
        handle = "".join(
            c for c in f"{first}.{last}".lower() if c.isascii() and (c.isalpha() or c == ".")
        )
        company = f"{rng.choice(vocab.en_company_stems)} {rng.choice(vocab.en_company_kinds)}"
        phone = f"(206) 555-01{rng.randint(10, 99)}"
        people.append(
            ThirdParty(
                "referee",
                f"{first} {last}",
                "Former manager",
                phone,
                f"{handle}@example.org",
                company,
            )
        )
    return people  # fmt: skip
