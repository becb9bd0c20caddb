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

from resume_worker.core import pii
from resume_worker.core.name_variants import name_pattern
from resume_worker.core.pii import normalize_email, normalize_name, phone_digits

PLACEHOLDER = re.compile(r"\[(NAME|EMAIL|PHONE|RRN|BIRTHDATE|ADDRESS)_(\d+)\]")
# The profile fields a placeholder kind may be restored into; nested records restore nothing.
FIELD_KINDS: dict[str, str] = {
    "name": "NAME",
    "name_variants": "NAME",
    "emails": "EMAIL",
    "phones": "PHONE",
    "address": "ADDRESS",
}
_ADDRESSES = (*pii.LABELLED_ADDRESSES, pii.KOREAN_ADDRESS, pii.ENGLISH_ADDRESS)


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
        """Replace every match (but its `label` group, when the pattern has one)."""

        def swap(match: re.Match[str]) -> str:
            whole = match.group(0)
            prefix = match.group("label") if "label" in pattern.groupindex else ""
            value = whole[len(prefix) :].rstrip(" ,·•-–")
            tail = whole[len(prefix) + len(value) :]
            return prefix + self.placeholder(kind, value, key(value)) + tail

        return pattern.sub(swap, text)


def mask_pii(text: str, *, names: Iterable[str] | None = None) -> MaskedText:
    """Replace resident numbers, birth dates, e-mails, phones and street addresses with
    placeholders; with `names` (not None) also those names, letter-spaced or not, and whatever
    a name label cell (성명, 한자, 영문, Name) holds."""
    masker = _Masker()
    text = masker.sub(pii.RESIDENT_NUMBER, text, "RRN", _squash)
    for pattern in pii.BIRTH_DATES:
        text = masker.sub(pattern, text, "BIRTHDATE", _squash)
    text = masker.sub(pii.EMAIL, text, "EMAIL", normalize_email)
    text = pii.PHONE_RUN.sub(lambda m: _phone(masker, m.group(0)), text)
    for pattern in _ADDRESSES:
        text = masker.sub(pattern, text, "ADDRESS", _squash)
    if names is None:
        return MaskedText(text, masker.originals)
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True):
        text = masker.sub(name_pattern(name), text, "NAME", normalize_name)
    text = masker.sub(pii.LABELLED_NAMES, text, "NAME", normalize_name)
    return MaskedText(text, masker.originals)


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value).casefold()


def _phone(masker: _Masker, value: str) -> str:
    """Mask a phone-like run unless it is a date range (2019.03 - 2021.02) or too short/long."""
    if not pii.is_phone_run(value):
        return value
    return masker.placeholder("PHONE", value, phone_digits(value))


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
