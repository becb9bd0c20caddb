"""Section headings of a resume (경력, 학력, Skills, ...): which kind a short line names.

Shared by the analyst (which section each line belongs to) and the document-kind check (is this
a resume at all)."""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A vocabulary written as whitespace-separated words."""
    return frozenset(text.split())


# Order matters: the first kind whose words match a heading wins.
_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "references",
        words(
            """
            references referees reference 추천인 참고인 레퍼런스
            """
        ),
    ),
    (
        "volunteer",
        words(
            """
            volunteer volunteering 봉사 봉사활동
            """
        ),
    ),
    (
        "activities",
        words(
            """
            activities extracurricular involvement 대외활동 동아리 활동
            """
        ),
    ),
    (
        "projects",
        words(
            """
            projects project 프로젝트 개인프로젝트 주요프로젝트 프로젝트경험 포트폴리오
            portfolio
            """
        ),
    ),
    (
        "experience",
        words(
            """
            experience employment work workhistory careerhistory career 경력 경력사항 경력기술서
            경력요약 직장경력 근무경력 인턴경력 주요경력 경력및활동 인턴십 internships
            internship workexperience 근무이력 경력개요
            """
        ),
    ),
    (
        "education",
        words(
            """
            education academic academics 학력 학력사항 교육 교육사항 교육이수 최종학력
            교육및연수 학력및교육
            """
        ),
    ),
    (
        "skills",
        words(
            """
            skills skill technicalskills topskills technologies techstack toolsandtechnologies
            tools competencies expertise 기술 기술스택 보유기술 스킬 기술역량 보유역량 사용기술
            활용능력 프로그램활용능력 컴퓨터활용능력 oa oa능력 전문기술 툴&스킬 tools&skills
            skills&tools 역량 핵심역량 programminglanguages technicalexpertise
            """
        ),
    ),
    (
        "certificates",
        words(
            """
            certifications certificates certification licenses 자격 자격증 자격사항 자격면허
            자격증및면허 면허
            """
        ),
    ),
    (
        "languages",
        words(
            """
            languages language 어학 외국어 어학능력 어학사항
            """
        ),
    ),
    (
        "military",
        words(
            """
            military militaryservice 병역 병역사항
            """
        ),
    ),
    (
        "awards",
        words(
            """
            awards honors achievements 수상 수상경력 수상내역 수상이력 honorsawards
            awardshonors
            """
        ),
    ),
    (
        "summary",
        words(
            """
            summary profile objective about aboutme highlights professionalsummary 자기소개
            소개 요약 introduction 개요 핵심요약
            """
        ),
    ),
    (
        "personal",
        words(
            """
            contact personalinformation personaldetails 인적사항 기본정보 개인정보 신상정보
            연락처
            """
        ),
    ),
    (
        "other",
        words(
            """
            interests hobbies publications 논문 취미 특기 자기소개서 coursework strengths
            focusareas links 수강과목 희망사항 기타 추가정보 additionalinformation papers
            patents 특허 research 연구 training 연수 해외경험 교환학생 성장과정 지원동기
            입사후포부 성격의장단점 장단점 생활신조 지원동기입사후포부 희망근무조건 근무조건
            희망조건 취업우대사항 우대사항 가족 가족관계 family familymembers 보호자 비상연락처
            emergencycontact emergencycontacts
            """
        ),
    ),
)
_DECOR = re.compile(r"^[\s#*■□▶▷●○◆◇▪•·\-–—=\[\]<>【】『』「」()0-9.:|]+|[\s:：|\]】>)]+$")
_TRAILING_WORDS = re.compile(r"(사항|내역|이력|정보|history|details|section)$")


def heading_key(text: str) -> str:
    """A heading line folded for lookup: no decoration, case, spaces or `and`."""
    stripped = _DECOR.sub("", text)
    stripped = _DECOR.sub("", stripped)
    folded = re.sub(r"\band\b", "", stripped.casefold())
    return re.sub(r"[\s/·,_]+", "", folded).replace("및", "")


# A total after a heading: `경력 총 21년 1개월`, `Experience (5 years)` (but `경력 7년` is a label).
_TOTAL = re.compile(
    r"\s*(?:총|total|\((?:총|total)?)\s*\d+\s*(?:년|years?|yrs?)?(?:\s*\d+\s*(?:개월|months?))?\)?$",
    re.IGNORECASE,
)


_CONTINUED = re.compile(r"\s*[(\[]\s*(?:continued|cont'?d\.?|계속)\s*[)\]]\s*$", re.IGNORECASE)


def heading_kind(text: str) -> str | None:
    """The section kind a short heading line names, or None when it is not a heading.

    Letter-spaced titles (`Wo rk Expe ri e nce`, read so from a PDF) count by their letters; a
    total after the title (`경력 총 21년 1개월`) is not part of it."""
    if len(text) > 40 or "@" in text or not _few_words(text):
        return None
    key = heading_key(_TOTAL.sub("", _CONTINUED.sub("", text)))
    if not key or len(key) > 30:
        return None
    for kind, words in _KINDS:
        if key in words:
            return kind
    trimmed = _TRAILING_WORDS.sub("", key)
    for kind, words in _KINDS:
        if trimmed and trimmed in words:
            return kind
    return _suffix_kind(key)


def _few_words(text: str) -> bool:
    """At most five words, or letter-spaced pieces of at most three words' letters."""
    pieces = text.split()
    return len(pieces) <= 5 or (len(pieces) <= 10 and max(len(p) for p in pieces) <= 5)


# Heading shapes beyond the exact words, first match wins (keys are case-folded, spaceless).
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"(projects?|프로젝트)(experience|경험|경력)", "projects"),
        (r"경력[가-힣]{0,6}", "experience"),
        (r"education[a-z&]{0,30}", "education"),
        (r"skills[a-z&]{0,30}", "skills"),
        (r"[a-z&]{0,30}volunteer[a-z&]{0,20}", "volunteer"),
        (r"[a-z&]{0,30}(experience|employment)", "experience"),
        (r"[a-z&]{0,20}(skills|competencies|proficiencies|expertise|technologies)", "skills"),
        (r"[가-힣a-z]{0,8}(활용능력|활용|기술|스킬|역량|도구)", "skills"),
        (r"(기술|스킬|역량|도구)(및|와|과|&|/)[가-힣a-z]{0,6}", "skills"),
        (r"[가-힣a-z]{0,6}활동[가-힣]{0,4}", "activities"),
        (r"[가-힣]{0,6}(경력|경험)", "experience"),
        (r"[a-z&]{0,20}(involvement|activities)", "activities"),
        (r"[a-z&]{0,20}projects", "projects"),
    )
)


def _suffix_kind(key: str) -> str | None:
    for pattern, kind in _SHAPES:
        if pattern.fullmatch(key):
            return kind
    return None
