"""The LLM PII policy: personal data becomes numbered placeholders before a call, restored after.

Phones, e-mails, resident numbers, exact birth dates and street addresses never leave the
process; names do unless `llm.send_names=false`. The same value always gets the same placeholder
(`[PHONE_1]`), so a model can still tell one contact from two. A placeholder in the reply is
restored only in the profile field of its own kind (an `[EMAIL_1]` in `emails`); anywhere else it
becomes the generic redaction mark (`[EMAIL]`), so a resident number or a birth date never lands
in a stored field as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from resume_worker.core.pii import (
    EMAIL_PATTERN,
    MIN_PHONE_DIGITS,
    PHONE_PATTERN,
    RESIDENT_NUMBER_PATTERN,
    normalize_email,
    normalize_name,
    phone_digits,
)

PLACEHOLDER = re.compile(r"\[(NAME|EMAIL|PHONE|RRN|BIRTHDATE|ADDRESS)_(\d+)\]")
# The profile fields a placeholder kind may be restored into; nested records restore nothing.
FIELD_KINDS: dict[str, str] = {
    "name": "NAME",
    "name_variants": "NAME",
    "emails": "EMAIL",
    "phones": "PHONE",
    "address": "ADDRESS",
}

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_FULL_DATE = (
    r"(?:(?:19|20)?\d{2}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}(?:\s*일)?(?!\d)"
    r"|\d{1,2}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*(?:19|20)\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?:19|20)\d{{2}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}})"
)
_BIRTH_LABEL = (
    r"(?:생\s*년\s*월\s*일|출\s*생\s*일?|생\s*일"
    r"|(?<![a-z])(?:date\s+of\s+birth|birth\s*date|birthday|d\.?\s?o\.?\s?b\.?|born(?:\s+on)?))"
)
# Patterns with two groups keep their first (a label) and mask their second.
BIRTH_DATES = (
    re.compile(rf"({_BIRTH_LABEL}[\s:：|()]*)({_FULL_DATE})", re.IGNORECASE),
    re.compile(
        rf"()({_FULL_DATE})(?=\s*(?:생(?![가-힣])|\(\s*만\s*\d{{1,2}}\s*세|\(\s*age\s*\d))",
        re.IGNORECASE,
    ),
)
_ADDRESS_LABEL = r"(?:현\s*)?주\s*소|거\s*주\s*지|(?:home\s+|mailing\s+|street\s+)?address"
_CELL_START = r"(?:^|(?<=[|\t]))[ \t]*"
_VALUE = r"[^\n|\t\[]{4,120}"
LABELLED_ADDRESSES = (
    re.compile(
        rf"({_CELL_START}(?:{_ADDRESS_LABEL})[ \t]*[:：|\t][ \t]*)({_VALUE})",
        re.IGNORECASE | re.MULTILINE,
    ),
    re.compile(rf"({_CELL_START}(?:현\s*)?주\s*소[ \t]+)({_VALUE})", re.MULTILINE),
)
_NAME_LABEL = (
    r"(?:성\s*명|이\s*름|한\s*자(?:\s*성\s*명)?|영\s*문(?:\s*(?:성\s*명|이\s*름))?"
    r"|(?:full\s+)?name)(?:\s*\((?:한\s*글|국\s*문|한\s*자|영\s*문)\))?"
)
LABELLED_NAMES = re.compile(
    rf"({_CELL_START}{_NAME_LABEL}[ \t]*[:：|\t][ \t]*)([^\n|\t\[]{{2,40}})",
    re.IGNORECASE | re.MULTILINE,
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
KOREAN_ADDRESS = re.compile(
    rf"(?:{_KO_REGION}\s+){{1,3}}{_KO_STREET}{_KO_DETAIL}(?:\s*\([^)\n]{{1,30}}\))?"
)
_STREET_TYPE = (
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl"
    r"|terrace|parkway|pkwy|highway|hwy|circle|cir|square|sq)"
)
ENGLISH_ADDRESS = re.compile(
    rf"(?<![\w.])\d{{1,6}}[A-Za-z]?\s+(?:[A-Z][A-Za-z'.-]*\s+){{1,4}}{_STREET_TYPE}\b\.?"
    r"(?:,?\s*(?i:apt|apartment|suite|ste|unit|floor|fl|#)\.?\s*[\w-]+)?"
)


@dataclass(frozen=True)
class MaskedText:
    """Text with PII replaced, and what each placeholder stands for (kept in this process)."""

    text: str = field(repr=False)
    originals: dict[str, str] = field(repr=False)

    def birth_year(self) -> int | None:
        """The four-digit year of the first masked birth date: a year is not a birth date, so the
        profile may keep it although the model never saw it."""
        for placeholder, value in self.originals.items():
            year = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", value)
            if placeholder.startswith("[BIRTHDATE_") and year:
                return int(year.group(0))
        return None


@dataclass
class _Masker:
    originals: dict[str, str] = field(default_factory=dict)
    keys: dict[tuple[str, str], str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def placeholder(self, kind: str, value: str, key: str) -> str:
        if (kind, key) not in self.keys:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            token = f"[{kind}_{self.counts[kind]}]"
            self.keys[(kind, key)] = token
            self.originals[token] = value
        return self.keys[(kind, key)]

    def sub(
        self,
        pattern: re.Pattern[str],
        text: str,
        kind: str,
        key: Callable[[str], str] = lambda value: value,
    ) -> str:
        """Replace every match (its second group when the pattern keeps a label in the first)."""

        def swap(match: re.Match[str]) -> str:
            whole = match.group(0)
            prefix = match.group(1) if pattern.groups >= 2 else ""
            value = whole[len(prefix) :].rstrip(" ,·•-–")
            tail = whole[len(prefix) + len(value) :]
            return prefix + self.placeholder(kind, value, key(value)) + tail

        return pattern.sub(swap, text)


def mask_pii(text: str, *, names: Iterable[str] | None = None) -> MaskedText:
    """Replace resident numbers, birth dates, e-mails, phones and street addresses with
    placeholders; with `names` (not None) also those names, letter-spaced or not, and whatever
    a name label cell (성명, 한자, 영문, Name) holds."""
    masker = _Masker()
    text = masker.sub(RESIDENT_NUMBER_PATTERN, text, "RRN", _squash)
    for pattern in BIRTH_DATES:
        text = masker.sub(pattern, text, "BIRTHDATE", _squash)
    text = masker.sub(EMAIL_PATTERN, text, "EMAIL", normalize_email)
    text = PHONE_PATTERN.sub(lambda m: _phone(masker, m.group(0)), text)
    for pattern in (*LABELLED_ADDRESSES, KOREAN_ADDRESS, ENGLISH_ADDRESS):
        text = masker.sub(pattern, text, "ADDRESS", _squash)
    if names is None:
        return MaskedText(text, masker.originals)
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True):
        text = masker.sub(_name_pattern(name), text, "NAME", normalize_name)
    text = masker.sub(LABELLED_NAMES, text, "NAME", normalize_name)
    return MaskedText(text, masker.originals)


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value).casefold()


def _phone(masker: _Masker, value: str) -> str:
    """Mask a phone-like run unless it is a date range (2019.03 - 2021.02) or too short/long."""
    digits = re.sub(r"\D", "", value)
    if not MIN_PHONE_DIGITS + 1 <= len(digits) <= 15 or re.fullmatch(r"(19|20)\d{2}\D.*", value):
        return value
    return masker.placeholder("PHONE", value, phone_digits(value))


def _name_pattern(name: str) -> re.Pattern[str]:
    """The name, letter-spaced or not; a Latin name only as a whole word."""
    spaced = r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", name))
    if re.search(r"[A-Za-z]", name):
        return re.compile(rf"(?<!\w){spaced}(?!\w)", re.IGNORECASE)
    return re.compile(spaced)


def restore_profile(data: dict[str, Any], masked: MaskedText) -> dict[str, Any]:
    """The reply's profile dict with placeholders restored in the fields of their own kind and
    replaced by generic marks elsewhere; the birth year comes from a masked birth date."""
    restored = {
        key: _restore(value, FIELD_KINDS.get(key), masked.originals) for key, value in data.items()
    }
    year = masked.birth_year()
    if year is not None:
        restored["birth_year"] = year
    return restored


def _restore(value: Any, kind: str | None, originals: dict[str, str]) -> Any:
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: _original(m, kind, originals), value)
    if isinstance(value, list):
        return [_restore(item, kind, originals) for item in value]
    if isinstance(value, dict):
        return {key: _restore(item, None, originals) for key, item in value.items()}
    return value


def _original(match: re.Match[str], kind: str | None, originals: dict[str, str]) -> str:
    if match.group(1) == kind and match.group(0) in originals:
        return originals[match.group(0)]
    return f"[{match.group(1)}]"
