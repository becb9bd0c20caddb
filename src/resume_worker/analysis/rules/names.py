"""The candidate's name: from a 성명/이름/Name label, else from the top lines of the document."""

from __future__ import annotations

import itertools
import re

from resume_worker.analysis.rules.contacts import Found
from resume_worker.analysis.rules.layout import Line
from resume_worker.analysis.rules.roles import (
    STRONG_SEPARATORS,
    is_location,
    is_title_word,
    title_score,
)
from resume_worker.analysis.rules.sections import is_document_title
from resume_worker.core import pii
from resume_worker.core.pii import EMAIL, PHONE
from resume_worker.text.headings import heading_kind, words

SURNAMES = words(
    """
    김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양
    손 배 백 허 남 심 노 하 곽 성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현
    함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 라 왕 금 옥 육 인 맹
    제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈 동 온
    호 범 좌 팽 승 간 상 갈 시 견 당 화 창 옹 즙 묵
    남궁 황보 제갈 선우 독고 사공 서문 동방 어금 망절 장곡
    """
)
_LABEL = re.compile(
    r"^(?:성\s*명|이\s*름|한\s*글\s*성\s*명|성\s*명\s*\(\s*(?:한\s*글|국\s*문)\s*\)"
    r"|name|full\s*name)$",
    re.IGNORECASE,
)
_INLINE_LABEL = re.compile(
    r"^(?:성\s*명|이\s*름|지\s*원\s*자|name|full\s*name)\s*[:：]\s*(?P<value>.+)$"
    r"|^(?:성\s*명|이\s*름)\s+(?P<bare>[가-힣]{2,5})(?:\s|$)",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"(?:지\s*원\s*자|작\s*성\s*자|성\s*명|본\s*인)\s*[:：]?\s*"
    r"(?P<value>[가-힣 ]{2,9}?)\s*(?:\(인\)|\(서명\)|인)?$"
)
_SPLIT = re.compile(r"\s+[|·•/—–-]\s+|\s*[|·•—–]\s*|,\s+|\s+\(|\(")
_NOT_NAME_WORDS = words(
    """engineer engineering developer designer manager director analyst scientist architect
    consultant specialist administrator officer coordinator assistant associate intern lead leader
    head founder ceo cto cfo coo vp president student candidate graduate programmer researcher
    professor teacher accountant writer editor marketer recruiter representative technician sales
    product software data senior junior sr principal staff resume curriculum vitae portfolio
    profile summary contact page confidential experience education skills objective devops
    frontend backend fullstack full-stack web mobile ios android qa cloud security systems
    university college school inc llc ltd corp company street avenue road hello dear"""
)
_NOT_NAME_SECTIONS = frozenset(
    {"experience", "education", "projects", "references", "closing", "heading", "activities"}
)
_PARTICLES = words("van von de da del der di la le du dos das bin al ibn ben")
_LABEL_WORDS = words(
    """
    이메일 메일 주소 연락처 전화 휴대폰 핸드폰 생년월일 성명 이름 학교 회사 전공 기간 직위 직급
    사진 한자 비고 구분 년도 소속 부서 담당 업무 학력 경력 기술 자격 병역 희망 연봉 국적 성별
    연령 나이 관계 직업 동거 가족 본인 종교 신장 체중 혈액형
    """
)
_NOT_NAME_KO = re.compile(
    r"(개발자|엔지니어|디자이너|기획자|매니저|연구원|지원|이력서|자기소개|경력|학력|신입|대표|교수|사원|팀장)"
)


def find_name(lines: list[Line], kinds: list[str]) -> tuple[Found | None, list[str]]:
    """The name and its variants (`이서연 (Seoyeon Lee)` gives the Latin form as a variant)."""
    labelled = _labelled(lines) or _own_name(lines)
    if labelled is not None:
        return labelled, []
    top = _from_top(lines, kinds)
    if top is not None:
        return top
    return _closing(lines), []


def _labelled(lines: list[Line]) -> Found | None:
    for line in lines:
        if line.is_row:
            cells = _subcells(line)
            for (label, _, _), (text, start, end) in itertools.pairwise(cells):
                value = _label_value(text) if _LABEL.match(label.strip(" :：")) else None
                if value:
                    return Found(value, start, end, line.page)
            continue
        match = _INLINE_LABEL.match(line.text)
        if match:
            value = _label_value(match.group("value") or match.group("bare"))
            if value:
                return Found(value, line.start, line.end, line.page)
    return None


def _subcells(line: Line) -> list[tuple[str, int, int]]:
    """A row's cells with their offsets; a nested table read as one cell (`성명 | 홍길동 | ...`)
    gives its parts, each at its place in the cell."""
    found: list[tuple[str, int, int]] = []
    for cell in line.cells:
        at = 0
        for part in cell.text.split(" | "):
            at = cell.text.find(part, at)
            start = cell.start + at if " | " in cell.text else cell.start
            end = start + len(part) if " | " in cell.text else cell.end
            found.append((part, start, end))
            at += len(part)
    return found


def _label_value(text: str) -> str | None:
    """`(한글) 홍길동`, `홍길동 (洪吉童)`, `홍 길 동` -> the name."""
    text = re.sub(r"^\s*[(\[]?\s*(?:한\s*글|국\s*문)\s*[)\]:]?\s*", "", text)
    parts = [p for p in _SPLIT.split(text) if p and p.strip()]
    if not parts:
        return None
    first = parts[0].split()[0]
    found = korean_or_latin_name(parts[0])
    return found or (korean_or_latin_name(first) if re.fullmatch(r"[가-힣]{2,5}", first) else None)


# A name that says it is the person's: `홍길동 여, 1985년 (만 41세)`, `홍길동의 이력서`.
_OWN_NAME = re.compile(
    r"^(?:.*\s)?(?P<a>[가-힣]{2,5})\s*(?:\(?\s*[남여]\s*[,)]|[,(]\s*[남여]\s*[,)])\s*\(?\s*(?:19|20)\d{2}"
    r"|^(?:.*\s)?(?P<b>[가-힣]{2,5})\s*의\s*이\s*력\s*서$"
)


def _own_name(lines: list[Line]) -> Found | None:
    for line in lines[:30]:
        match = _OWN_NAME.match(line.text)
        value = korean_or_latin_name(match.group("a") or match.group("b")) if match else None
        if value:
            return Found(value, line.start, line.end, line.page)
    return None


def _from_top(lines: list[Line], kinds: list[str]) -> tuple[Found, list[str]] | None:
    """The first name-like line of the header; failing that, a name-like line anywhere near the
    top that is followed by a job title or a contact (a sidebar drawn before the name)."""
    for index, line in enumerate(lines[:25]):
        if kinds[index] in _NOT_NAME_SECTIONS:
            continue
        in_header = kinds[index] in ("header", "personal", "summary")
        if not in_header and not _introduces(lines, index):
            continue
        for text in _name_cells(line):
            found = _name_in(text, lines, index, strict=not in_header)
            if found is not None:
                value, variants = found
                return Found(value, line.start, line.end, line.page), variants
    return None


def _name_cells(line: Line) -> list[str]:
    """The texts of a top line that may hold the name: the line, or each cell of a tab line
    that holds no contact (`(646) 555-0150<tab>Mateo Moreau`)."""
    if not line.cells:
        return [line.text]
    return [c.text for c in line.cells if not (EMAIL.search(c.text) or PHONE.search(c.text))]


def _name_in(
    text: str, lines: list[Line], index: int, *, strict: bool
) -> tuple[str, list[str]] | None:
    """The name a top line starts with, and its other-script variant. Away from the header
    (`strict`) a lone Latin word is no name (`Zeplin` over `Adobe Illustrator`)."""
    text = _bare(text)
    if is_location(STRONG_SEPARATORS.split(text)[0]):
        return None
    parts = _korean_then_latin([p for p in _SPLIT.split(text) if p and p.strip()])
    if len(parts) >= 2 and title_score(parts[0]) == 2:
        parts = parts[1:]  # `Software Engineer | Jordan Lee`
    value = korean_or_latin_name(parts[0]) if parts else None
    if value is None or (strict and value.isascii() and " " not in value):
        return None
    joined = _joined_with_next(value, lines, index)
    variants = [v for p in parts[1:] if (v := korean_or_latin_name(p.strip(" )"))) and v != value]
    return joined, variants[:1]


_MARKUP = re.compile(r"^[#*_>\s]+|[*_\s]+$")
_HANJA = re.compile(r"[\u4e00-\u9fff]{2,}")
_SELF_INTRO = re.compile(
    r"(?P<ko>[가-힣]{2,4})\s*(?:입니다|이라고\s*합니다|라고\s*합니다)"
    r"|\b(?:I'?m|I am|my name is)\s+(?P<latin>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2})"
)


def _bare(text: str) -> str:
    """A top line reduced to what may be a name: no Markdown marks (`# 홍길동`, `**홍길동**`),
    no document title (`홍길동 이력서`, `Resume of Jordan Lee`), the name of a self-introduction
    (`백엔드 개발자 홍길동입니다`), no job title before it (`개발자 홍길동`)."""
    text = pii.HONORIFIC.sub("", _HANJA.sub(" ", _MARKUP.sub("", text))).strip()
    intro = _SELF_INTRO.search(text)
    if intro:
        return intro.group("ko") or intro.group("latin")
    untitled = pii.DOCUMENT_TITLE.sub(" ", text).strip(" -–—|:·,[]()")
    if untitled and pii.DOCUMENT_TITLE.search(text) and not is_document_title(text):
        text = untitled
    words = text.split()
    if len(words) >= 2 and is_title_word(words[0]) and korean_or_latin_name(" ".join(words[1:])):
        return " ".join(words[1:])
    return text


def _introduces(lines: list[Line], index: int) -> bool:
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    return title_score(following) > 0 or bool(EMAIL.search(following) or PHONE.search(following))


def _korean_then_latin(parts: list[str]) -> list[str]:
    """`홍길동 Hong Gildong`, `Gildong Hong 홍길동` -> [`홍길동`, `Hong Gildong`, ...]."""
    if not parts:
        return parts
    match = re.fullmatch(r"([가-힣]{2,5})\s+([A-Za-z][A-Za-z .'-]+)", parts[0])
    if match:
        return [match.group(1), match.group(2), *parts[1:]]
    match = re.fullmatch(r"([A-Za-z][A-Za-z .'-]+?)\s+([가-힣]{2,5})", parts[0])
    return [match.group(2), match.group(1), *parts[1:]] if match else parts


def _joined_with_next(value: str, lines: list[Line], index: int) -> str:
    """A given name and a surname drawn on two lines (`Chanchal` / `Sharma`) are one name."""
    if " " in value or not value.isascii() or index + 1 >= len(lines):
        return value
    following = korean_or_latin_name(lines[index + 1].text)
    if following and " " not in following and following.isascii():
        return f"{value} {following}"
    return value


def _closing(lines: list[Line]) -> Found | None:
    for line in reversed(lines[-8:]):
        match = _CLOSING.search(line.text)
        if match:
            value = korean_or_latin_name(match.group("value"))
            if value:
                return Found(value, line.start, line.end, line.page)
    return None


def korean_or_latin_name(text: str) -> str | None:
    """The text as a name when it looks like one (Hangul with a known surname, or Latin words)."""
    text = re.sub(r"\s*\((?:인|서명)\)\s*$", "", text.strip()).strip(" :：,")
    if not text or is_document_title(text) or heading_kind(text) is not None:
        return None
    if re.fullmatch(r"[가-힣](?: [가-힣]){1,4}", text) or _spaced_surname(text):
        text = text.replace(" ", "")
    if re.fullmatch(r"[가-힣]{2,5}", text):
        return text if _korean_ok(text) else None
    return _latin(text)


def _spaced_surname(text: str) -> bool:
    """`문 서현`, `남궁 하늘`: a surname set apart from the given name."""
    match = re.fullmatch(r"([가-힣]{1,2}) ([가-힣]{1,3})", text)
    return match is not None and match.group(1) in SURNAMES and len(text) <= 6


def _korean_ok(text: str) -> bool:
    if _NOT_NAME_KO.search(text) or text in _LABEL_WORDS or text.startswith("안녕"):
        return False
    return text[0] in SURNAMES or (len(text) >= 3 and text[:2] in SURNAMES)


def _latin(text: str) -> str | None:
    words = text.split()
    if len(words) >= 4 and all(len(w) == 1 and w.isalpha() for w in words):
        return "".join(words).title() if "".join(words).isupper() else "".join(words)
    if not 1 <= len(words) <= 4 or any(ch.isdigit() or ch in "@/&+" for ch in text):
        return None
    for index, word in enumerate(words):
        bare = word.strip(".'’-")
        if not bare or not bare.replace("-", "").replace("'", "").isalpha():
            return None
        if 0 < index < len(words) - 1 and bare in _PARTICLES:
            continue
        if not bare[0].isupper() or bare.casefold() in _NOT_NAME_WORDS:
            return None
    if len(words) == 1 and len(words[0]) < 2:
        return None
    return text
