"""Personal data in text: canonical forms for blind indexes, masks for display, and redaction."""

from __future__ import annotations

import re
from collections.abc import Iterable

EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# Phone-like runs: optional +country, then 8-15 digits with spaces, dots, dashes or brackets.
PHONE_PATTERN = re.compile(
    r"(?<![\w.])(?:\+\d{1,3}[\s.\-]?)?(?:\(?\d{2,4}\)?[\s.\-–]?){2,4}\d{3,4}(?!\w)"
)
RESIDENT_NUMBER_PATTERN = re.compile(r"(?<!\d)\d{6}\s?[-–]\s?[1-8](?:\d{6}|\*{6})(?!\d)")


# A label, its separator (":" or, in a form table's "label | value" line, the cell bar) and the
# value: up to `n` characters of its cell, ending on a visible character.
def _value(n: int) -> str:
    return rf"([^\s|][^\n|]{{2,{n - 2}}}[^\s|])"


BIRTH_LABEL_PATTERN = re.compile(
    r"(생\s*년\s*월\s*일|출\s*생|date\s+of\s+birth|birth\s*date|d\.?o\.?b\.?|born)"
    r"(\s*(?:[:：|]\s*)?)" + _value(40),
    re.IGNORECASE,
)
# An address label needs its separator: "address" and "주소" are ordinary words in prose.
ADDRESS_LABEL_PATTERN = re.compile(
    r"(?<!\w)((?:현\s*)?주\s*소(?:\s*지)?|거\s*주\s*지|home\s+address|address)"
    r"(\s*[:：|]\s*)" + _value(80),
    re.IGNORECASE,
)
MIN_PHONE_DIGITS = 8
HANGUL = re.compile(r"[\uac00-\ud7a3]")


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


def redact(
    text: str,
    *,
    names: Iterable[str] = (),
    phones: Iterable[str] = (),
    literals: Iterable[str] = (),
) -> str:
    """Replace PII with placeholders: known names, phones and values, then every email, phone,
    resident number, labelled birth date and labelled address the patterns find (whether or not
    the analyst did)."""
    for phone in phones:
        digits = phone_digits(phone)
        if len(digits) >= MIN_PHONE_DIGITS - 1:
            tail = r"[\s.\-–()]*".join(digits[1:])
            text = re.sub(rf"(?:\+\s*82[\s.\-]*)?\(?{digits[0]}?{tail}", "[PHONE]", text)
    for name in sorted({n for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        text = _name_pattern(name).sub("[NAME]", text)
    for value in sorted({v for v in literals if v and len(v.strip()) >= 4}, key=len, reverse=True):
        text = text.replace(value, "[PII]")
    text = EMAIL_PATTERN.sub("[EMAIL]", text)
    text = RESIDENT_NUMBER_PATTERN.sub("[RRN]", text)
    text = BIRTH_LABEL_PATTERN.sub(lambda m: f"{m.group(1)}{m.group(2) or ' '}[BIRTHDATE]", text)
    text = ADDRESS_LABEL_PATTERN.sub(lambda m: f"{m.group(1)}{m.group(2) or ' '}[ADDRESS]", text)
    return PHONE_PATTERN.sub(_phone_or_keep, text)


def _name_pattern(name: str) -> re.Pattern[str]:
    """The name, letter-spaced or not. A Latin name only as a whole word ("Bui" must not hit
    "builds"); a Hangul name anywhere, because Korean attaches particles and titles to names
    without spaces (김민준은, 지원자김민준) and a missed name is worse than an over-redaction."""
    spaced = r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", name))
    if HANGUL.search(name):
        return re.compile(spaced)
    return re.compile(rf"(?<!\w){spaced}(?!\w)", re.IGNORECASE)


def _phone_or_keep(match: re.Match[str]) -> str:
    value = match.group(0)
    digits = re.sub(r"\D", "", value)
    # Date ranges such as 2019.03 - 2021.02 look like phones to the pattern; real numbers have
    # 9-15 digits and are not two four-digit years.
    if not MIN_PHONE_DIGITS + 1 <= len(digits) <= 15 or re.fullmatch(r"(19|20)\d{2}\D.*", value):
        return value
    return "[PHONE]"
