"""What the recreated 사람인, 잡코리아 and 원티드 exports share: one persona read the way Korean
boards store a resume (희망조건, 자격증 apart from 어학, 경력 총 N년 M개월, 재직중), and the boards'
wordmarks drawn here as decoy images (simple text marks, not the boards' artwork)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from corpus.korean import korean_age
from corpus.photos import Photo, png
from corpus.records import TODAY, Career, Education, Persona
from corpus.templates.export_pages import ko_tenure, months_held, months_total

DEPARTMENTS = {
    "backend": ("서버개발팀", "플랫폼개발팀", "결제개발팀", "개발본부"),
    "frontend": ("프론트엔드개발팀", "웹개발팀", "서비스개발팀"),
    "data": ("데이터플랫폼팀", "데이터팀", "BI팀"),
    "ml": ("AI연구소", "추천개발팀", "ML플랫폼팀"),
    "design": ("디자인팀", "UX팀", "브랜드디자인팀"),
    "finance": ("재무팀", "회계팀", "경영지원팀"),
    "marketing": ("마케팅팀", "그로스팀", "브랜드전략팀"),
}
JOB_KINDS = {
    "backend": "백엔드/서버개발",
    "frontend": "프론트엔드",
    "data": "데이터엔지니어",
    "ml": "AI/ML 엔지니어",
    "design": "UI/UX디자인",
    "finance": "회계·세무·재무",
    "marketing": "마케팅·광고",
}
ISSUERS = {
    "정보처리기사": "한국산업인력공단",
    "컴퓨터활용능력 1급": "대한상공회의소",
    "SQLD": "한국데이터산업진흥원",
    "ADsP": "한국데이터산업진흥원",
    "전산회계 1급": "한국세무사회",
}
LANGUAGE_TESTS = ("TOEIC", "OPIc", "TOEFL", "TEPS")
PLACES = {"서울특별시": "서울", "경기도": "경기", "부산광역시": "부산", "대전광역시": "대전"}
FONTS = Path("/usr/share/fonts/truetype")


@dataclass(frozen=True)
class Assets:
    """File names of the images printed beside the page (None: not in this copy)."""

    photo: str | None = None
    logo: str | None = None


def period(career: Career, *, tilde: str = " ~ ", current: str = "재직중") -> str:
    """`2019.03 ~ 2021.02`, `2021.03 ~ 재직중`."""
    start = (career.start or "").replace("-", ".")
    end = current if career.is_current else (career.end or career.start or "").replace("-", ".")
    return f"{start}{tilde}{end}"


def held(career: Career) -> str:
    """`2년`, `1년 3개월`: the boards count both the first and the last month."""
    return ko_tenure(months_held(career))


def total(persona: Persona) -> str:
    """`5년 3개월` over the whole history, or `신입` for someone who has not worked yet."""
    months = months_total(persona.careers)
    return ko_tenure(months) if months else "신입"


def school_period(school: Education, *, tilde: str = " ~ ") -> str:
    start, end = (school.start or "").replace("-", "."), (school.end or "").replace("-", ".")
    return f"{start}{tilde}{end}"


def status(school: Education) -> str:
    """졸업, or 재학중 for a school the persona has not finished by the corpus's today."""
    if school.end and school.end > TODAY.strftime("%Y-%m"):
        return "재학중"
    return school.status or "졸업"


def military(persona: Persona) -> str | None:
    """The 병역 line, for the men whose persona served (the boards ask men only)."""
    if persona.military and persona.gender == "M":
        return f"군필 ({persona.military})"
    return None


def school_kind(school: Education) -> str:
    """The boards' 구분 column."""
    if "고등학교" in school.school:
        return "고등학교"
    if "대학원" in school.school:
        return "대학원"
    return "대학교(4년)"


def final_school(persona: Persona) -> str:
    """`대학교(4년) 졸업`: the highest school, as the summary row states it."""
    if not persona.education:
        return "-"
    top = persona.education[0]
    degree = f" {top.degree}" if top.degree and "대학원" in top.school else ""
    return f"{school_kind(top)}{degree} {status(top)}"


def gender(persona: Persona) -> str:
    return "남" if persona.gender == "M" else "여"


def age(persona: Persona) -> int:
    return korean_age(persona.birth, TODAY) if persona.birth else 0


def place(persona: Persona, rng: random.Random) -> str:
    """희망근무지 from where the persona lives: `서울 전체`, `경기 성남시`."""
    words = (persona.address or "서울특별시").split(" ")
    region = PLACES.get(words[0], "서울")
    if len(words) > 1 and rng.random() < 0.5:
        return f"{region} {words[1]}"
    return f"{region} 전체"


def salary(persona: Persona, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(("회사내규에 따름", "면접 후 결정", "협의 가능"))
    years = months_total(persona.careers) // 12
    return f"{3000 + 300 * years + rng.randrange(0, 500, 100):,}만원"


def split_certificates(
    persona: Persona,
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(자격증 rows (name, date, issuer), 어학 rows (test, score, date)): TOEIC and OPIc are
    language tests, which the boards keep in their own table."""
    licences, tests = [], []
    for name, when in persona.certificates:
        date = when.replace("-", ".")
        test = name.split(" ")[0]
        if test in LANGUAGE_TESTS:
            tests.append((test, name[len(test) :].strip(), date))
        else:
            licences.append((name, date, ISSUERS.get(name, "-")))
    return licences, tests


def resume_title(persona: Persona, rng: random.Random) -> str:
    years = months_total(persona.careers) // 12
    job = JOB_KINDS[persona.field]
    options = [
        f"{job} 분야 {years}년차 지원자입니다" if years else f"{job} 신입 지원자입니다",
        f"끝까지 해내는 {job} 인재",
        f"{persona.headline} {persona.name}의 이력서",
    ]
    return rng.choice(options)


def cover_letter(persona: Persona, rng: random.Random) -> list[tuple[str, str]]:
    """자기소개서 as (heading, paragraph) pairs."""
    job = JOB_KINDS[persona.field]
    grown = (
        f"{persona.summary} 맡은 일은 기록으로 남기고, 동료와 나누는 것을 습관으로 삼아 왔습니다."
    )
    if persona.careers:
        last = persona.careers[0]
        duty = last.duty or job
        doing = f"{last.company}에서 {duty} 업무를 맡아 일정과 품질을 함께 지켜 왔습니다."
    else:
        doing = f"학교에서 {job} 관련 프로젝트를 수행하며 기본기를 다졌습니다."
    wish = "입사 후에는 빠르게 적응하여 팀의 목표에 기여하겠습니다."
    pairs = [("성장과정", grown), ("직무 역량", doing), ("입사 후 포부", wish)]
    return pairs[: rng.randint(2, 3)]


def department(persona: Persona, rng: random.Random) -> str:
    return rng.choice(DEPARTMENTS[persona.field])


def _font(names: tuple[str, ...], size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in names:
        path = FONTS / name
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default()


def wordmark(text: str, color: tuple[int, int, int], *, height: int = 72) -> Photo:
    """A board's name as a small PNG wordmark: the header image a board prints, a decoy for
    photo extraction (wide, not 3:4, no face)."""
    font = _font(("liberation2/LiberationSans-Bold.ttf", "dejavu/DejaVuSans-Bold.ttf"), height)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    left, top, right, bottom = (round(v) for v in probe.textbbox((0, 0), text, font=font))
    image = Image.new("RGB", (right - left + 24, bottom - top + 24), (255, 255, 255))
    ImageDraw.Draw(image).text((12 - left, 12 - top), text, font=font, fill=color)
    return png(image, "logo")
