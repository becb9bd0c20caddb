"""Tesseract's page output becomes clean lines: cells split by tabs, ruling noise dropped."""

from __future__ import annotations

from resume_worker.adapters.local.tesseract_text import (
    columned,
    page_text,
    split_output,
    tsv_lines,
)

HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def tsv(*lines: list[tuple[int, float, str]]) -> str:
    """A TSV as Tesseract writes it: page, block, paragraph and line rows, then word rows."""
    rows = [HEADER, "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t"]
    for number, words in enumerate(lines, start=1):
        rows.append(f"4\t1\t1\t1\t{number}\t0\t0\t0\t100\t40\t-1\t")
        for index, (height, confidence, text) in enumerate(words, start=1):
            rows.append(f"5\t1\t1\t1\t{number}\t{index}\t0\t0\t50\t{height}\t{confidence}\t{text}")
    return "\n".join(rows) + "\n"


def test_wide_gaps_and_lone_bars_become_tabs() -> None:
    """Tesseract's runs of spaces and cell borders read as "|" split a row into cells."""
    assert columned("성 명          백서윤 | 한 자 |") == "성 명\t백서윤\t한 자"
    assert columned("| 보유 기술    C++, Qt") == "보유 기술\tC++, Qt"
    assert columned("2018.03 ~ 2022.02 | 이화여자대학교") == "2018.03 ~ 2022.02\t이화여자대학교"


def test_bars_inside_words_and_normal_spaces_stay() -> None:
    """A "|" touching a word, and single spaces between words, are text, not cell breaks."""
    assert columned("a|b and  c") == "a|b and  c"


def test_lines_of_only_ruling_marks_are_dropped() -> None:
    """A line with no letter or digit left after splitting (a border read as "|") is empty."""
    assert columned("|") == ""
    assert columned(" |   | ") == ""


def test_misread_bullets_middle_dots_and_rating_dots_are_mended() -> None:
    """Bullets read as araea or "+", araea inside a word, and rating dots read as "@"."""
    assert columned("\u119e 게임 이용자 분석") == "\u2022 게임 이용자 분석"
    assert columned("+ Led the migration") == "\u2022 Led the migration"
    assert columned("당근마켓\u318d프로덕트") == "당근마켓\u00b7프로덕트"
    assert columned("React @@@@ \u00a9") == "React"
    assert columned("+82 10 1234 5678") == "+82 10 1234 5678"
    assert columned("write to me @ home") == "write to me @ home"


def test_spaces_around_the_at_of_an_email_are_closed() -> None:
    """ "jane.doe @example.com" is one address again; an "@" before a plain word is left alone."""
    assert columned("메일 jane.doe @example.com") == "메일 jane.doe@example.com"
    assert columned("a_b @ mail.example.co.kr") == "a_b@mail.example.co.kr"
    assert columned("seen @ the office") == "seen @ the office"


def test_small_unsure_line_between_text_lines_is_ruling_noise() -> None:
    """A line whose words are all much smaller than the page's text and unsure is dropped."""
    txt = "보유 기술    C++, Qt\n\nru\n위 기재 사항은 사실과 다름이 없습니다.\n"
    boxes = tsv(
        [(40, 96.0, "보유"), (40, 95.0, "기술"), (37, 95.9, "C++,"), (37, 96.0, "Qt")],
        [(19, 71.6, "ru")],
        [(39, 97.0, "위"), (39, 93.3, "기재")],
    )
    assert page_text(txt, boxes) == "보유 기술\tC++, Qt\n위 기재 사항은 사실과 다름이 없습니다."


def test_small_but_sure_text_is_kept() -> None:
    """Small print that Tesseract reads confidently (a footnote) is text, not noise."""
    txt = "Jane Doe\nSmall footnote\n"
    boxes = tsv([(40, 96.0, "Jane"), (40, 96.0, "Doe")], [(18, 95.0, "Small"), (18, 94.0, "x")])
    assert page_text(txt, boxes) == "Jane Doe\nSmall footnote"


def test_lines_are_kept_when_tsv_and_text_disagree() -> None:
    """When the TSV lines cannot be matched to the text lines, nothing is dropped."""
    boxes = tsv([(40, 96.0, "Jane")], [(10, 10.0, "ru")])
    assert page_text("Jane\nru\nextra line\n", boxes) == "Jane\nru\nextra line"
    assert page_text("Jane\n", "") == "Jane"


def test_tsv_lines_skip_empty_words_and_bad_rows() -> None:
    """Rows that are not words, words with no text, and malformed rows are ignored."""
    text = tsv([(40, 96.0, "Jane"), (40, 95.0, " ")]) + "5\t1\t1\t1\t9\t1\t0\t0\t5\tx\t9\tbad\n"
    assert [[w.height for w in line] for line in tsv_lines(text)] == [[40]]


def test_one_stdout_with_both_outputs_splits_into_text_and_tsv() -> None:
    """Tesseract's stdout (TSV, then the text and its page break) gives back the text and the
    TSV it holds, and the same lines as from the two outputs read apart, in either order."""
    txt = "보유 기술    C++, Qt\n\nru\n위 기재 사항은 사실과 다름이 없습니다.\n\f"
    boxes = tsv([(40, 96.0, "보유")], [(12, 40.0, "ru")], [(40, 95.0, "위")])
    text, table = split_output(boxes + txt)
    assert text.strip("\n\f") == txt.strip("\n\f") and tsv_lines(table) == tsv_lines(boxes)
    assert page_text(text, table) == page_text(txt, boxes)
    assert page_text(*split_output(txt + boxes)) == page_text(txt, boxes)
