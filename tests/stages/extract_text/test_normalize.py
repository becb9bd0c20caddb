"""Tests for the shared text clean-up and the garbled-text check."""

from __future__ import annotations

import pytest

from resume_worker.stages.extract_text.normalize import count_visible, is_garbled, normalize_text


def test_normalize_composes_hangul_and_collapses_spaces() -> None:
    """NFC composition, one space per gap, tabs and newlines kept, line ends trimmed."""
    assert (
        normalize_text("\u1112\u1169\u11bc  길동 \t 이력서  \r\n다음\x00 줄 ")
        == "홍 길동\t이력서\n다음 줄"
    )


def test_normalize_folds_ligatures_hyphens_and_full_width_ascii() -> None:
    """Ligatures are spelled out; hyphen look-alikes and full-width ASCII become ASCII."""
    assert normalize_text("ﬁnance ０１０‐１２３４ ＠ （주）") == "finance 010-1234 @ (주)"
    assert normalize_text("2019 – 2021") == "2019 – 2021"


def test_normalize_drops_invisible_format_characters() -> None:
    """Soft hyphens, zero-width spaces and byte-order marks are removed."""
    assert normalize_text("\ufeffJa\u00adne\u200b Doe") == "Jane Doe"


@pytest.mark.parametrize(
    "text",
    [
        "(cid:12)(cid:34)(cid:56)(cid:78) (cid:90)",
        "\ue000\ue001\ue002\ue003 abc",
        "\ufffd\ufffd\ufffd\ufffd name",
        "\u0d85\u0e01\u10a0\u1780\u0f00\u0d85\u0e01\u10a0\u1780\u0f00 ab",
        "!\"#$%&'()*+ ,-./:;<=>? @[]^_`{|}~ #$%&' abc",
    ],
)
def test_unmapped_or_implausible_text_is_garbled(text: str) -> None:
    """cid codes, private-use and replacement characters, odd script mixes and punctuation soup
    are garbled."""
    assert is_garbled(text)


@pytest.mark.parametrize(
    "text",
    [
        "홍길동 이력서 010-0000-0000",
        "Jane Doe — Software Engineer • Python",
        "Zofia Wiśniewska",
        "",
    ],
)
def test_ordinary_text_is_not_garbled(text: str) -> None:
    """Korean, English with typographic symbols, Polish diacritics and empty text are fine."""
    assert not is_garbled(text)


def test_count_visible_ignores_whitespace() -> None:
    """Only non-whitespace characters count toward the minimum text length."""
    assert count_visible(" a\tb\nc 가 ") == 4
