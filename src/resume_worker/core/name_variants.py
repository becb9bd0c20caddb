"""Every written form of one person's name, as a single pattern: defined once for redaction and
the LLM masking.

The forms: the exact string, any case, without spaces or letter-spaced (`홍 길 동`), and for a
Hangul name its romanised forms (`Hong Gildong`, `Gil-dong Hong`, `KIM MINJUN`, `Minjun Kim`).
Romanisation is syllable by syllable, as passports and resumes write names (no sound changes
across syllables), with the spellings people actually use for each sound (`준` jun or joon,
`이` Lee, Yi or Rhee as a surname), so one pattern covers the common spellings without listing
them. Hanja forms cannot be derived from Hangul; redaction takes them from the text (a 한자
cell, or brackets beside the name).
"""

from __future__ import annotations

import re

from resume_worker.core.pii import HANGUL, KOREAN_SURNAMES

# Revised Romanization of the initial consonants, vowels and final consonants, with the other
# spellings in common use (McCune-Reischauer and habit).
_INITIALS = (
    "g|k", "kk|gg", "n", "d|t", "tt|dd", "r|l", "m", "b|p", "pp|bb", "s|sh", "ss", "", "j|ch",
    "jj|tch", "ch", "k", "t", "p", "h",
)  # fmt: skip
_VOWELS = (
    "a", "ae", "ya", "yae", "eo|u|o", "e", "yeo|yu|yo", "ye", "o", "wa", "wae", "oe|oi|we", "yo",
    "u|oo|woo", "wo|weo", "we", "wi|wee", "yu|yoo|you", "eu|u", "ui|eui|ee", "i|ee",
)  # fmt: skip
_FINALS = (
    "", "k|g", "kk|k", "k", "n", "n", "n", "t|d", "l|r", "k", "m", "l", "l", "l", "p", "l",
    "m", "p|b", "p", "t|s", "t|ss", "ng", "t|j", "t", "k", "t", "p", "t",
)  # fmt: skip
# Surnames whose usual spellings do not follow from the syllable table.
_SURNAMES = {
    "이": "lee|yi|rhee|rhie|i|ri",
    "박": "park|bak|pak",
    "최": "choi|choe|choy",
    "정": "jung|jeong|chung|joung|jeung",
    "조": "cho|jo|joe",
    "윤": "yoon|yun",
    "임": "lim|im|rim|yim",
    "노": "noh|no|roh|ro",
    "류": "ryu|yoo|yu|ryoo|lyu",
    "유": "yoo|yu|you",
    "우": "woo|wu|u",
    "신": "shin|sin",
    "안": "ahn|an",
    "오": "oh|o",
    "나": "na|ra",
    "라": "ra|la|na",
    "황보": "hwangbo",
    "남궁": "namgung|namkung",
    "제갈": "jegal|chegal",
    "선우": "sunwoo|seonu|sunwu",
    "독고": "dokgo|tokko",
    "사공": "sagong",
    "서문": "seomun",
    "동방": "dongbang",
}
_HANGUL_BASE = 0xAC00


def name_pattern(name: str) -> re.Pattern[str]:
    """A pattern for `name` in any of its forms. A Latin form only as a whole word ("Bui" must
    not hit "builds"); a Hangul name anywhere, because Korean attaches particles and titles to
    names without spaces (김민준은, 지원자김민준) and a missed name costs more than an
    over-redaction."""
    squashed = re.sub(r"\s+", "", name)
    spaced = r"\s*".join(re.escape(ch) for ch in squashed)
    if not HANGUL.search(squashed):
        return re.compile(rf"(?<!\w){spaced}(?!\w)", re.IGNORECASE)
    forms = [spaced]
    if re.fullmatch(r"[가-힣]{2,5}", squashed):
        forms += _romanised(squashed)
    latin = "|".join(f"(?<![A-Za-z]){form}(?![A-Za-z])" for form in forms[1:])
    return re.compile("|".join([spaced, *([latin] if latin else [])]), re.IGNORECASE)


def _romanised(name: str) -> list[str]:
    """The romanised forms of a Hangul name: surname first or last, the given name's syllables
    joined, hyphenated or apart."""
    surname = name[:2] if name[:2] in KOREAN_SURNAMES and len(name) > 3 else name[:1]
    given = name[len(surname) :]
    if not given:
        return []
    family = f"(?:{_SURNAMES.get(surname) or _syllables(surname)})"
    first = r"[\s\-]?".join(f"(?:{_syllable(ch)})" for ch in given)
    return [rf"{family}[\s,]+{first}", rf"{first}\s+{family}"]


def _syllables(text: str) -> str:
    return "".join(f"(?:{_syllable(ch)})" for ch in text)


def _syllable(ch: str) -> str:
    """The spellings of one Hangul syllable, as a regex alternation."""
    index = ord(ch) - _HANGUL_BASE
    initial, rest = divmod(index, 21 * 28)
    vowel, final = divmod(rest, 28)
    return f"(?:{_INITIALS[initial]})(?:{_VOWELS[vowel]})(?:{_FINALS[final]})"
