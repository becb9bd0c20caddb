"""Korean name forms: Revised Romanization, letter-spaced Hangul, birth-date styles."""

from __future__ import annotations

from datetime import date

_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k",
             "t", "p", "h")  # fmt: skip
_VOWELS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
           "wo", "we", "wi", "yu", "eu", "ui", "i")  # fmt: skip
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
           "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip
HANGUL_BASE, HANGUL_LAST = 0xAC00, 0xD7A3


def romanize(hangul: str) -> str:
    """Revised Romanization, syllable by syllable (names are written that way: 민준 -> Minjun)."""
    out = []
    for ch in hangul:
        code = ord(ch)
        if not HANGUL_BASE <= code <= HANGUL_LAST:
            out.append(ch)
            continue
        index = code - HANGUL_BASE
        initial, rest = divmod(index, 21 * 28)
        vowel, final = divmod(rest, 28)
        out.append(_INITIALS[initial] + _VOWELS[vowel] + _FINALS[final])
    return "".join(out)


def romanized_given(given: str, style: int) -> str:
    """A given name as people print it: Minjun, Min-jun or Min Jun."""
    parts = [romanize(syllable) for syllable in given]
    if style == 1 and len(parts) > 1:
        return "-".join([parts[0].capitalize(), *parts[1:]])
    if style == 2:
        return " ".join(p.capitalize() for p in parts)
    return "".join(parts).capitalize()


def spaced(name: str) -> str:
    """홍길동 -> 홍 길 동 (letter-spaced, as name cells of forms often are)."""
    return " ".join(name)


def korean_age(birth: date, today: date) -> int:
    """만 나이: full years at `today`."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def birth_forms(birth: date, today: date) -> tuple[str, ...]:
    """The ways Korean resumes write a birth date (each has the full date)."""
    y, m, d = birth.year, birth.month, birth.day
    age = korean_age(birth, today)
    return (
        f"{y}.{m:02d}.{d:02d}",
        f"{y}년 {m}월 {d}일",
        f"{y}-{m:02d}-{d:02d}",
        f"{y}.{m:02d}.{d:02d}생",
        f"{y}년 {m}월 {d}일 (만 {age}세)",
        f"{y}년{m}월{d}일(만{age}세)",
    )


def english_birth_forms(birth: date) -> tuple[str, ...]:
    month = birth.strftime("%B")
    return (
        f"{birth.day} {month} {birth.year}",
        f"{month} {birth.day}, {birth.year}",
        f"{birth.month:02d}/{birth.day:02d}/{birth.year}",
        f"{birth.year}-{birth.month:02d}-{birth.day:02d}",
    )
