"""Pieces the Korean Markdown resume shapes share: how a developer writes dates, contact lines,
company locations, project blocks inside a job, schools and skills on GitHub.

Nothing here invents a fact the gold would need: projects, locations and durations are decoration
around the persona's own careers, and every project's tech list is drawn from the persona's
skills, so reading a per-project 기술스택 line as a skills heading gives no extra skill."""

from __future__ import annotations

import random
from dataclasses import dataclass

from corpus.dates import ko_date, ko_range
from corpus.records import TODAY, Career, Education, Persona, months_between
from corpus.vocab import VOCABULARIES

KO_STYLES = ("dot", "dot", "dot", "korean", "dash", "spaced", "tight")  # no bare "~": GFM strikes
LOCATIONS = (
    "서울 강남구", "서울 서초구", "경기 성남시", "서울 성동구", "서울 마포구", "경기 수원시",
    "서울 송파구", "부산 해운대구", "대전 유성구", "경기 성남시 분당구", "서울 구로구",
)  # fmt: skip
PROJECT_NAMES = ("{duty}", "{duty} 고도화", "신규 {duty}", "{duty} 리뉴얼", "레거시 {duty} 전환")
OUTCOMES = (
    "응답 시간을 {n}% 단축했습니다.",
    "일 평균 {k}만 건의 요청을 안정적으로 처리하도록 개선했습니다.",
    "테스트 커버리지를 {n}%까지 끌어올렸습니다.",
    "배포 자동화로 배포 시간을 {k}분에서 {m}분으로 줄였습니다.",
    "코드 리뷰 문화를 도입하고 팀 온보딩 문서를 정리했습니다.",
    "장애 대응 프로세스를 정비해 월 장애 건수를 {m}건 이하로 낮췄습니다.",
    "모니터링 대시보드를 구축해 이상 징후를 조기에 발견했습니다.",
)
INTROS = (
    "안녕하세요. 꾸준히 기록하고 공유하는 개발자입니다.",
    "사용자에게 닿는 가치를 고민하며 일합니다.",
    "동료와 함께 성장하는 것을 중요하게 생각합니다.",
    "작은 개선을 자주 배포하는 것을 좋아합니다.",
)


@dataclass(frozen=True)
class Company:
    """Consecutive roles at one employer (a promotion keeps the company), newest role first."""

    name: str
    roles: tuple[Career, ...]

    @property
    def start(self) -> str:
        return min(role.start or "" for role in self.roles)

    @property
    def newest(self) -> Career:
        return max(self.roles, key=lambda role: role.start or "")


def companies(careers: tuple[Career, ...]) -> list[Company]:
    """Careers grouped by employer in the order given (a heading per company)."""
    groups: list[list[Career]] = []
    for career in careers:
        if groups and groups[-1][0].company == career.company:
            groups[-1].append(career)
        else:
            groups.append([career])
    return [Company(group[0].company, tuple(group)) for group in groups]


@dataclass(frozen=True)
class Dates:
    """One document's way of writing dates: a style of `corpus.dates` and a word for now."""

    style: str
    current: str

    def range(self, start: str, end: str | None, current: bool) -> str:
        return ko_range(start, end, current, self.style, current_word=self.current)

    def of(self, career: Career) -> str:
        return self.range(career.start or "", career.end, career.is_current)

    def company(self, company: Company) -> str:
        newest = company.newest
        return self.range(company.start, newest.end, newest.is_current)

    def day(self, value: str) -> str:
        return ko_date(value, self.style)


def dates_for(rng: random.Random, mixed: bool) -> Dates:
    words = ("현재", "현재", "재직중", "재직 중") + (("Present", "Present") if mixed else ())
    return Dates(rng.choice(KO_STYLES), rng.choice(words))


def duration(start: str, end: str | None) -> str:
    """`3년 2개월`, counted inclusively as Korean job sites do."""
    return length(months_between(start, end or TODAY.strftime("%Y-%m")) + 1)


def length(total_months: int) -> str:
    years, rest = divmod(total_months, 12)
    return " ".join(
        part for part in (f"{years}년" * bool(years), f"{rest}개월" * bool(rest)) if part
    )


def blog(p: Persona, rng: random.Random) -> str:
    return rng.choice((f"https://{p.handle}.github.io", f"https://velog.io/@{p.handle}",
                       f"https://{p.handle}.tistory.com"))  # fmt: skip


def with_scheme(link: str) -> str:
    return link if link.startswith("https://") else f"https://{link}"


@dataclass(frozen=True)
class Project:
    """A project block inside a job: dates within the job, outcomes, and a tech list."""

    name: str
    start: str
    end: str | None
    outcomes: tuple[str, ...]
    tech: tuple[str, ...]


def projects_at(company: Company, p: Persona, rng: random.Random) -> list[Project]:
    """One or two projects inside the time at `company`, newest first."""
    career, tools = company.newest, stack(p)
    start = months(company.start)
    end = months(TODAY.strftime("%Y-%m") if career.is_current else career.end or "")
    found = []
    for _ in range(rng.choice((1, 1, 2))):
        first = rng.randint(start, max(start, end - 3))
        last = min(end, first + rng.randint(2, 10))
        ongoing = career.is_current and last == end
        outcomes = tuple(
            line.format(n=rng.randint(15, 70), k=rng.randint(2, 40), m=rng.randint(1, 5))
            for line in rng.sample(OUTCOMES, rng.randint(1, 3))
        )
        tech = tuple(rng.sample(tools, min(len(tools), rng.randint(2, 4))))
        name = rng.choice(PROJECT_NAMES).format(duty=career.duty or "서비스 개발")
        found.append(Project(name, month(first), None if ongoing else month(last), outcomes, tech))
    return sorted(found, key=lambda project: project.start, reverse=True)


def stack(p: Persona) -> tuple[str, ...]:
    """The persona's technical skills: office tools (엑셀, Jira) are not put on a project."""
    office = {skill for vocab in VOCABULARIES.values() for skill in vocab.skills["office"]}
    return tuple(skill for skill in p.skills if skill not in office) or p.skills


def months(value: str) -> int:
    year, month_ = map(int, value.split("-"))
    return year * 12 + month_ - 1


def month(total: int) -> str:
    year, rest = divmod(total, 12)
    return f"{year:04d}-{rest + 1:02d}"


def school_line(school: Education, dates: Dates) -> str:
    """`한빛대학교 컴퓨터공학 학사 (2012.03 ~ 2016.02, 졸업)`: the major and degree as recorded."""
    words = [school.school, school.major or "", school.degree or ""]
    when = dates.range(school.start or "", school.end, False) if school.start else ""
    detail = ", ".join(x for x in (when, school.status) if x)
    return " ".join(w for w in words if w) + (f" ({detail})" if detail else "")


def skill_lines(skills: tuple[str, ...], rng: random.Random) -> list[str]:
    """The skills section body: a comma line, one bullet each, or inline code badges."""
    shape = rng.randrange(3)
    if shape == 0:
        return [", ".join(skills)]
    if shape == 1:
        return [f"- {skill}" for skill in skills]
    return [" ".join(f"`{skill}`" for skill in skills)]
