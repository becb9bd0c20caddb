"""Text clean-up shared by every extractor and garble checks.

Every reader's text leaves intake as valid Unicode a model or a person can read: lone surrogates
and non-characters (broken PDF font maps) become U+FFFD; Private Use Area characters, which in
resumes come from icon fonts (Font Awesome, Wingdings, Octicons: an envelope before an e-mail, a
bullet) and stand for nothing a resume says in words, become spaces; ligatures, full-width and
other compatibility forms are NFKC-normalised (so ㈜ reads (주) and ﬁ reads fi), except Hangul
compatibility jamo, which stay as written. Readers map what is not an icon before this (HWP's
Hancom glyph for 한, hwp_records.HANCOM_PUA). The garble checks run on the raw text, before any
of this, since a page of private-use codes is a page without a Unicode map.
"""

from __future__ import annotations

import re
import unicodedata

# Hyphen look-alikes (not the en and em dashes of date ranges) to "-".
_FOLDS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2212\ufe63", "-"))
# Lone surrogates and the non-characters (U+FDD0-U+FDEF, U+nFFFE and U+nFFFF of every plane).
_INVALID = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# Runs without Hangul compatibility jamo (ㄱ-ㆎ), which NFKC would turn into conjoining jamo.
_NOT_JAMO = re.compile("[^\u3131-\u318e]+")
# Invisible format characters that split words: soft hyphen, zero-width and bidi marks, BOM.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\t\n]+")
_TABS = re.compile(r"[ \t]*\t[ \t]*")
_CID = re.compile(r"\(cid:\d+\)")

_WHITESPACE = re.compile(r"\s")
_UNMAPPED = re.compile("[\x00-\x08\x0e-\x1f\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff]")
# Outside the scripts and symbols of Korean and Western resumes: Latin, Greek, Cyrillic, Hangul,
# CJK and kana, general punctuation and symbols, full-width forms.
_IMPLAUSIBLE = re.compile(
    "[^\\s\x20-\u024f\u0370-\u052f\u1100-\u11ff\u1e00-\u2bff\u2e80-\u9fff"
    "\uac00-\ud7af\uff00-\uffef]"
)
# A page whose text is mostly replacement, private-use or unmapped glyph codes has no usable text.
_MAX_BAD_SHARE = 0.2
_MIN_PLAUSIBLE_SHARE = 0.7
# Glyph codes read as ASCII without a Unicode map come out as runs of punctuation ("!#$%&'()").
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_MIN_LETTER_SHARE = 0.4


def normalize_text(text: str) -> str:
    """Return `text` as valid Unicode in NFKC (see the module), hyphens folded, private-use
    characters as spaces, one space per gap, no control or invisible characters and no spaces at
    line ends; tabs and newlines stay."""
    text = _PRIVATE_USE.sub(" ", _INVALID.sub("\ufffd", text))
    text = _NOT_JAMO.sub(lambda run: unicodedata.normalize("NFKC", run.group()), text)
    text = unicodedata.normalize("NFC", text).translate(_FOLDS)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _TABS.sub("\t", text)
    return "\n".join(line.strip(" ") for line in text.split("\n"))


def is_garbled(text: str) -> bool:
    """Whether `text` is unusable: mostly unmapped glyphs (cid:N, U+FFFD, private use, controls),
    an implausible mix of scripts, or mostly punctuation, as fonts without a Unicode map give."""
    cid_hits = len(_CID.findall(text))
    if cid_hits:
        text = _CID.sub("", text)
    total = len(text) - len(_WHITESPACE.findall(text)) + cid_hits
    if total == 0:
        return False
    if (cid_hits + len(_UNMAPPED.findall(text))) / total > _MAX_BAD_SHARE:
        return True
    if 1 - len(_IMPLAUSIBLE.findall(text)) / total < _MIN_PLAUSIBLE_SHARE:
        return True
    return len(_LETTER_OR_DIGIT.findall(text)) / total < _MIN_LETTER_SHARE


def count_visible(text: str) -> int:
    """Count the characters of `text` that are not whitespace."""
    return len("".join(text.split()))  # str.split and str.isspace agree on whitespace
