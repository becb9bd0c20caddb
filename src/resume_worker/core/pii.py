"""The PII vocabulary: the one definition of what personal data looks like in a resume's text.

Patterns and label words for e-mails, phones, resident registration numbers, exact birth dates,
street addresses, personal links and handles, and the label cells of names and contacts. The
rules analyst, the identity check, the LLM masking, log scrubbing and the redaction of stored
text all read them from here. Canonical forms for blind indexes and display masks follow.

Patterns with a `label` group keep it: the rest of the match is the value.
"""

from __future__ import annotations

import re

# The version of this vocabulary and of the redaction rules built on it that a stored version's
# text was redacted by (candidate_versions.redaction): `candidates redact` brings older ones up.
# 0: before migration 0013 (analyst values and a few patterns); 1: structure and vocabulary.
REDACTION_SCHEME = 1

# --- contacts ------------------------------------------------------------------------------

EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_SEP = r"[\s.\-–—]*"
_KR_PREFIX = rf"(?:\+82{_SEP}(?:\(0\))?{_SEP}|0)"
_NORTH_AMERICAN = r"(?:\+\d{1,3}[\s.\-]*)?(?:\(\d{3}\)\s*|\d{3}[\s.\-–—])\d{3}[\s.\-–—]\d{4}"
# A phone as the analyst takes it: Korean mobiles and area codes, North American groups, or any
# number after a + country code.
PHONE = re.compile(
    r"(?<![\w+/.])(?:"
    rf"{_KR_PREFIX}(?:1[016789]|2|[3-6][1-5]|70|50\d){_SEP}\)?{_SEP}\d{{3,4}}{_SEP}\d{{4}}"
    rf"|{_NORTH_AMERICAN}"
    r"|\+(?!82)\d{1,3}(?:[\s.\-]?\(?\d{1,5}\)?){2,5}"
    r")(?![\w/])"
)
# A personal number, one person's own: a Korean mobile or a North American number (an office's
# switchboard is shared by many resumes).
PERSONAL_PHONE = re.compile(
    rf"(?<![\w+/.])(?:{_KR_PREFIX}1[016789]{_SEP}\)?{_SEP}\d{{3,4}}{_SEP}\d{{4}}"
    rf"|{_NORTH_AMERICAN})(?![\w/])"
)
# Any phone-like run (for redaction, where a miss costs more than a masked number): optional
# +country, then digit groups with spaces, dots, dashes or brackets. See `is_phone_run`.
PHONE_RUN = re.compile(
    r"(?<![\w.])(?:\+\d{1,3}[\s.\-]?)?(?:\(?\d{2,4}\)?[\s.\-–]?){2,4}\d{3,4}(?!\w)"
)
MIN_PHONE_DIGITS = 8
# YYMMDD-SNNNNNN, the sex digit 1-8 (5-8: foreign residents), the last six digits or stars.
RESIDENT_NUMBER = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})\s?[-–]\s?([1-8])(?:\d{6}|\*{6})(?!\d)")
PHONE_LABEL = re.compile(
    r"휴\s*대\s*폰|핸\s*드\s*폰|연\s*락\s*처|전\s*화|mobile|phone|tel\b|cell|h\.?p", re.IGNORECASE
)

# --- links and handles -----------------------------------------------------------------------

_PROFILE_HOSTS = (
    r"linkedin\.com|github\.com|gitlab\.com|bitbucket\.org|behance\.net|behance\.com"
    r"|dribbble\.com|medium\.com|velog\.io|brunch\.co\.kr|blog\.naver\.com|notion\.site"
    r"|twitter\.com|x\.com|instagram\.com|facebook\.com|stackoverflow\.com|kaggle\.com"
)
_PERSONAL_SUBDOMAIN = (
    r"[a-z0-9-]+\.(?:github\.io|gitlab\.io|tistory\.com|blogspot\.com|notion\.site)"
)
# A URL with a scheme or www., a profile on a known host, or a personal subdomain.
LINK = re.compile(
    rf"(?:https?://|www\.)[^\s|,·•()<>\[\]]+"
    rf"|(?<![\w.@/])(?:[a-z0-9-]+\.)?(?:{_PROFILE_HOSTS})/[^\s|,·•()<>\[\]]*"
    rf"|(?<![\w.@/]){_PERSONAL_SUBDOMAIN}(?:/[^\s|,·•()<>\[\]]*)?",
    re.IGNORECASE,
)
LINK_LABEL = (
    r"github|git\s*hub|gitlab|linked\s*in|blog|portfolio|website|homepage|home\s*page|web"
    r"|personal\s+site|twitter|instagram|깃\s*허\s*브|블\s*로\s*그|홈\s*페\s*이\s*지"
    r"|포\s*트\s*폴\s*리\s*오|개\s*인\s*(?:사\s*이\s*트|홈\s*페\s*이\s*지)"
)

# --- birth dates --------------------------------------------------------------------------------

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
FULL_DATE = (
    r"(?:(?:19|20)?\d{2}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}(?:\s*일)?(?!\d)"
    r"|\d{1,2}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*(?:19|20)\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?:19|20)\d{{2}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}})"
)
BIRTH_LABEL = (
    r"(?:생\s*년\s*월\s*일|출\s*생\s*일?|생\s*일"
    r"|(?<![a-z])(?:date\s+of\s+birth|birth\s*date|birthday|d\.?\s?o\.?\s?b\.?|born(?:\s+on)?)(?![a-z]))"
)
# A birth label, or a birth suffix after the year (1990년생, 1990.05.21생).
BIRTH_CUE = re.compile(rf"{BIRTH_LABEL}|년\s*생|일\s*생", re.IGNORECASE)
# An exact birth date: after its label (`생년월일: 1990.05.21`), or before `생` or an age in
# brackets (`1990.05.21생`, `1990년 5월 21일(만 35세)`, `남,1990년5월21일(만35세)`).
BIRTH_DATES = (
    re.compile(rf"(?P<label>{BIRTH_LABEL}[\s:：|()]*)({FULL_DATE})", re.IGNORECASE),
    re.compile(
        rf"(?P<label>)({FULL_DATE})(?=\s*(?:생(?![가-힣])|\(\s*만\s*\d{{1,2}}\s*세|\(\s*age\s*\d))",
        re.IGNORECASE,
    ),
)

# --- addresses ------------------------------------------------------------------------------------

ADDRESS_LABEL = r"(?:현\s*)?주\s*소(?:\s*지)?|거\s*주\s*지|(?:home\s+|mailing\s+|street\s+)?address"
# The start of a cell: the line's start or just after a cell separator (` | ` or a tab).
CELL_START = r"(?:^|(?<=[|\t]))[ \t]*"
_VALUE = r"[^\n|\t\[]{4,120}"
# An address label needs its separator: "address" and "주소" are ordinary words in prose.
LABELLED_ADDRESSES = (
    re.compile(
        rf"(?P<label>{CELL_START}(?:{ADDRESS_LABEL})[ \t]*[:：|\t][ \t]*)({_VALUE})",
        re.IGNORECASE | re.MULTILINE,
    ),
    re.compile(rf"(?P<label>{CELL_START}(?:현\s*)?주\s*소[ \t]+)({_VALUE})", re.MULTILINE),
)
_KO_REGION = (
    r"(?:[가-힣]{1,10}(?:특별자치시|특별자치도|특별시|광역시|시|도|군|구)"
    r"|서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주)"
)
_KO_STREET = (
    r"(?:[가-힣0-9]{1,20}(?:대로|로|길)\s*\d{1,5}(?:-\d{1,5})?(?:\s*번길\s*\d{1,5}(?:-\d{1,5})?)?"
    r"|[가-힣0-9]{1,10}(?:동|리|가)\s*\d{1,5}(?:-\d{1,5})?(?:\s*번지)?)"
)
_KO_DETAIL = r"(?:\s*,?\s*(?:[가-힣A-Za-z]{1,20}\s*)?\d{1,5}\s*(?:동|층|호)(?![가-힣])){0,3}"
# A Korean road or lot address after one to three region words, with its building details.
KOREAN_ADDRESS = re.compile(
    rf"(?:{_KO_REGION}\s+){{1,3}}{_KO_STREET}{_KO_DETAIL}(?:\s*\([^)\n]{{1,30}}\))?"
)
_STREET_TYPE = (
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl"
    r"|terrace|parkway|pkwy|highway|hwy|circle|cir|square|sq)"
)
# A numbered English street: `221B Baker Street`, `12 Main St., Apt 4`.
ENGLISH_ADDRESS = re.compile(
    rf"(?<![\w.])\d{{1,6}}[A-Za-z]?\s+(?:[A-Z][A-Za-z'.-]*\s+){{1,4}}{_STREET_TYPE}\b\.?"
    r"(?:,?\s*(?i:apt|apartment|suite|ste|unit|floor|fl|#)\.?\s*[\w-]+)?"
)

# --- label cells ---------------------------------------------------------------------------

NAME_LABEL = (
    r"(?:성\s*명|이\s*름|한\s*글(?:\s*(?:성\s*명|이\s*름))?|국\s*문\s*(?:성\s*명|이\s*름)"
    r"|한\s*자(?:\s*(?:성\s*명|이\s*름))?|영\s*문(?:\s*(?:성\s*명|이\s*름))?"
    r"|(?:full\s+|first\s+|last\s+|given\s+|family\s+)?name)"
    r"(?:\s*\((?:한\s*글|국\s*문|한\s*자|영\s*문|korean|english|chinese)\))?"
)
LABELLED_NAMES = re.compile(
    rf"(?P<label>{CELL_START}{NAME_LABEL}[ \t]*[:：|\t][ \t]*)([^\n|\t\[]{{2,40}})",
    re.IGNORECASE | re.MULTILINE,
)
# Labels whose value (the next cell, or the text after a colon) is personal data in any form.
PII_LABEL = re.compile(
    rf"^\s*(?:{NAME_LABEL}|{BIRTH_LABEL}|{ADDRESS_LABEL}|{PHONE_LABEL.pattern}|{LINK_LABEL}"
    r"|e\s*-?\s*mail|이\s*메\s*일|메\s*일|주\s*민\s*(?:등\s*록\s*)?번\s*호|주\s*민\s*번\s*호"
    r"|연\s*락\s*처|비\s*상\s*연\s*락\s*처|contact|skype|kakao\s*(?:talk)?|카\s*카\s*오\s*톡?"
    r"|성\s*별|gender|sex)\s*$",
    re.IGNORECASE,
)
# The usual Korean surnames, two-syllable ones included: a Hangul name starts with one.
KOREAN_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채"
    "원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌팽승간상시갈"
) | frozenset(("서문", "황보", "남궁", "독고", "제갈", "선우", "사공", "동방"))
# A title before a name (`Dr. Alan Grant`), and a document's title beside one (`홍길동 이력서`,
# `홍길동의 입사지원서`, `Jane Doe's Resume`, `CV of Jane Doe`).
HONORIFIC = re.compile(r"^(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+(?=[A-Z])")
DOCUMENT_TITLE = re.compile(
    r"(?:의\s*)?(?:이\s*력\s*서|입\s*사\s*지\s*원\s*서)"
    r"|(?:'s\s+)?\b(?:resume|résumé|cv|curriculum vitae)\b(?:\s+of\b)?",
    re.IGNORECASE,
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HANJA = re.compile(r"[\u4e00-\u9fff\uf900-\ufaff]")


def is_phone_run(value: str) -> bool:
    """Whether a PHONE_RUN match is a phone: 9-15 digits, and not a date range such as
    2019.03 - 2021.02 (two four-digit years look like a number to the pattern)."""
    digits = re.sub(r"\D", "", value)
    if not MIN_PHONE_DIGITS + 1 <= len(digits) <= 15:
        return False
    return not re.fullmatch(r"(19|20)\d{2}\D.*", value)


def is_korean_name(value: str) -> bool:
    """A Hangul name (spaces allowed between its syllables): a known surname and a one- or
    two-syllable given name (`홍길동`, `김솔`, `남궁민수`)."""
    squashed = re.sub(r"\s+", "", value)
    if not re.fullmatch(r"[가-힣]{2,4}", squashed):
        return False
    surname = squashed[:2] if squashed[:2] in KOREAN_SURNAMES else squashed[:1]
    return surname in KOREAN_SURNAMES and 1 <= len(squashed) - len(surname) <= 2


# --- canonical forms and masks --------------------------------------------------------------------


def phone_digits(phone: str) -> str:
    """Digits only, with a leading Korean +82 turned into a domestic 0."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+82") or (digits.startswith("82") and len(digits) >= 11):
        digits = "0" + digits[2:]
    return digits


def normalize_phone(phone: str) -> str:
    """E.164 for blind indexes: Korean numbers become +82..., others keep their given country."""
    stripped = phone.strip()
    digits = re.sub(r"\D", "", stripped)
    if stripped.startswith("+"):
        return "+" + digits
    if digits.startswith("0"):
        return "+82" + digits[1:]
    if len(digits) == 10:
        return "+1" + digits
    return "+" + digits


def normalize_email(email: str) -> str:
    return email.strip().lower()


def normalize_name(name: str) -> str:
    return re.sub(r"\s+", "", name).casefold()


def mask_phone(phone: str) -> str:
    """010-1234-5678 -> 010-****-5678: keep the first group and the last four digits."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < MIN_PHONE_DIGITS:
        return "*" * len(digits)
    return f"{digits[:3]}-****-{digits[-4:]}"


def mask_email(email: str) -> str:
    """gildong@example.com -> g***@example.com."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_name(name: str) -> str:
    """홍길동 -> 홍*동, Jane Smith -> J*** S****."""
    if " " in name.strip():
        return " ".join(part[:1] + "*" * (len(part) - 1) for part in name.split())
    if len(name) <= 2:
        return name[:1] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_address(address: str) -> str:
    """서울시 강남구 테헤란로 1 -> 서울시 강남구 ***: keep the first two words."""
    words = address.split()
    return " ".join([*words[:2], "***"]) if len(words) > 2 else "***"
