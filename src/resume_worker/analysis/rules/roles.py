"""Vocabulary for telling a job title from an employer and a location in an entry's header."""

from __future__ import annotations

import re

from resume_worker.text.headings import words

_TITLE_WORDS = words(
    """engineer engineers developer designer manager director analyst scientist architect
    consultant specialist administrator officer coordinator assistant associate intern interns
    internship lead leader head founder co-founder cofounder ceo cto cfo coo cio vp president
    programmer researcher professor teacher tutor instructor lecturer accountant writer editor
    marketer recruiter representative technician tester owner partner employed freelancer
    freelance contractor volunteer member fellow composer curator clerk cashier nurse agent
    strategist producer supervisor trainee apprentice advisor adviser auditor planner
    principal executive attorney lawyer paralegal therapist physician pharmacist chef
    operator mechanic electrician photographer illustrator animator translator interpreter
    scrum pm po qa sre devops dba tlm swe"""
)
_TITLE_KO = re.compile(
    r"(개발자|엔지니어|디자이너|기획자|매니저|인턴|연구원|분석가|리드|마케터|컨설턴트|사원|주임|대리|과장|차장"
    r"|부장|팀장|실장|이사|대표|책임|선임|수석|파트장|본부장|상무|전무|강사|테스터|퍼블리셔|아키텍트|PM|PO"
    r"|담당자|관리자|운영자|전문가|연구원|교수|조교|셰프|간호사|회계사|변호사|요원|기자|작가|MD|CTO|CEO"
    r"|사이언티스트|애널리스트|스페셜리스트|리서처|디렉터|프로듀서|에디터|카피라이터|오퍼레이터"
    r"|코디네이터|트레이너|프로그래머|아티스트|어드바이저|세무사|노무사|약사|설계자|감독)$"
)
_COMPANY_WORDS = words(
    """inc inc. llc ltd ltd. corp corp. corporation company co co. labs lab systems technologies
    technology group studio studios solutions partners bank university college institute agency
    gmbh ag plc holdings ventures analytics software consulting media networks games
    entertainment foundation hospital school organization organisation association"""
)
_COMPANY_KO = re.compile(
    r"\(주\)|㈜|주식회사|전자|그룹|은행|코리아|테크|랩스|소프트|대학교|재단|병원|공사|공단|증권|보험|카드|건설|제약|물산|통신|네트웍스|엔터"
)
_DEPARTMENT_KO = re.compile(
    r"^[가-힣A-Za-z0-9]{2,}(팀|실|본부|사업부|부서|센터|파트|부문|랩|그룹|셀|스쿼드|tf|TF)$"
)
US_STATES = words(
    """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ
    NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC"""
)
_PLACES = words(
    """usa us u.s. united states uk u.k. united kingdom canada korea south korea 대한민국 한국
    japan china germany france india singapore australia remote hybrid on-site onsite
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming"""
)
_COUNTRIES = frozenset({"usa", "us", "u.s.", "united states", "uk", "canada", "korea", "india"})
_CITY_PREFIX = (
    r"(?:(?:New|San|Los|Las|Santa|St\.|Saint|Salt|Fort|El|Palo|Menlo|Mountain|Redwood|Long|Kansas"
    r"|Oklahoma|Baton|Grand|Ann|Beverly|Boca|Cedar|Chapel|Coral|Daly|Jersey|Lake|Little|North"
    r"|South|West|East|Park|Pacific|Bowling|Colorado|Corpus|Culver|Fall|Iowa|Jefferson|Sioux)\s+)?"
)
_CITY = re.compile(rf"^{_CITY_PREFIX}[A-Z][A-Za-z.'\-]*(?: City)?$")
_TRAILING_CITY = re.compile(rf"\s+{_CITY_PREFIX}[A-Z][A-Za-z.'\-]+,\s*(?P<state>[A-Z]{{2}})$")
_KO_PLACE = re.compile(
    r"^(?:대한민국\s+|한국\s+)?(서울|경기|부산|인천|대구|대전|광주|울산|세종|강원|충북|충남|전북|전남|경북|경남|제주)"
    r"(특별시|광역시|특별자치시|도|시)?(\s+[가-힣]+(시|구|군))*$"
)
SEPARATORS = re.compile(r"\s*(?:\||·|•|—|–|/)\s*|\s+-\s+|\s*,\s+")
STRONG_SEPARATORS = re.compile(r"\s*(?:\||·|•|—|–)\s*|\s+-\s+|\s+/\s+")


def title_score(text: str) -> int:
    """2 when the text ends in a title word (`... Engineer`), 1 when it holds one, else 0."""
    bare = re.sub(r"\([^)]*\)", " ", text).strip(" ,.-")
    words = [w.strip(".,&()").casefold() for w in bare.split()]
    korean = [w for w in bare.split() if _TITLE_KO.search(w)]
    if not words:
        return 0
    if words[-1] in _TITLE_WORDS or (bare.split() and _TITLE_KO.search(bare.split()[-1])):
        return 2
    return 1 if korean or any(w in _TITLE_WORDS for w in words) else 0


def company_score(text: str) -> int:
    """How strongly the text reads as an organisation name (legal forms, org words)."""
    words = {w.strip(",()").casefold() for w in text.split()}
    return len(words & _COMPANY_WORDS) + (1 if _COMPANY_KO.search(text) else 0)


def is_title_word(token: str) -> bool:
    """Whether one Korean or English token is a job-title head (개발자, Engineer)."""
    return bool(_TITLE_KO.search(token)) or token.strip(".,").casefold() in _TITLE_WORDS


def is_location(text: str) -> bool:
    """Whether a header part is a place (`Austin, TX`, `Remote`, `서울 성동구`)."""
    text = text.strip(" ()")
    if not text:
        return False
    if text.casefold() in _PLACES or _KO_PLACE.match(text):
        return True
    parts = [p.strip() for p in text.split(",")]
    if not 2 <= len(parts) <= 3 or not all(_CITY.match(p) for p in parts[:-1]):
        return False
    last = parts[-1]
    if len(parts) == 3:
        return last.casefold() in _COUNTRIES
    return last in US_STATES or last.casefold() in _PLACES


def strip_location(text: str) -> str:
    """Drop trailing location parts (`| New York, NY`, `, Portland, OR`, ` Seattle, WA`)."""
    if is_location(text):
        return ""
    previous = None
    while previous != text:
        previous = text
        parts = STRONG_SEPARATORS.split(text)
        if len(parts) > 1 and is_location(parts[-1]):
            text = text[: text.rfind(parts[-1])].rstrip(" |·•—–-/,")
            continue
        match = re.search(r",\s*([^,]+,\s*[^,]+)$", text)
        if match and is_location(match.group(1)):
            text = text[: match.start()].rstrip()
            continue
        match = re.search(r",\s*([^,]+)$", text)
        if match and is_location(match.group(1)):
            text = text[: match.start()].rstrip()
            continue
        city = _TRAILING_CITY.search(text)
        if city and city.group("state") in US_STATES:
            text = text[: city.start()]
    return text.strip(" |·•—–-/,")


def split_department(company: str) -> tuple[str, str | None]:
    """`우아한형제들 데이터플랫폼팀` -> (`우아한형제들`, `데이터플랫폼팀`)."""
    tokens = company.split()
    if len(tokens) >= 2 and _DEPARTMENT_KO.match(tokens[-1]):
        return " ".join(tokens[:-1]), tokens[-1]
    return company, None
