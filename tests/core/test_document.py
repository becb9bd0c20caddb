"""ExtractedText: offsets of blocks, per-page text with the reading method, Hangul ratio."""

from __future__ import annotations

from resume_worker.core.document import Block, ExtractedText, hangul_ratio


def test_blocks_offsets_and_pages() -> None:
    """Blocks are placed at their offsets; empty blocks dropped; pages grouped, OCR pages marked."""
    text = ExtractedText.from_blocks(
        [
            Block("heading", "이력서", 1),
            Block("paragraph", "   ", 1),
            Block("table", "성명 | 김민준", 1, rows=(("성명", "김민준"),)),
            Block("paragraph", "scanned page text", 3),
        ],
        format="pdf",
        page_count=3,
        ocr_pages=(3,),
    )
    assert [b.kind for b in text.blocks] == ["heading", "table", "paragraph"]
    for block in text.blocks:
        assert text.text[block.start : block.start + len(block.text)] == block.text
    assert [(p.number, p.method) for p in text.pages] == [(1, "text"), (2, "text"), (3, "ocr")]
    assert text.pages[0].text == "이력서\n성명 | 김민준"
    assert text.pages[1].text == ""


def test_hangul_ratio_counts_letters_only() -> None:
    """Digits and punctuation do not dilute the Hangul share."""
    text = ExtractedText.from_blocks(
        [Block("paragraph", "김민준 abc 2019.03 ~ 2021.02")], format="txt", page_count=1
    )
    assert abs(text.hangul_ratio - 0.5) < 1e-9


def test_hangul_ratio_is_one_definition_for_text_and_documents() -> None:
    """Syllables and jamo count as Hangul; digits, punctuation and spaces are not letters."""
    assert hangul_ratio("백엔드") == 1.0
    assert hangul_ratio("ㅋㅋ 개발") == 1.0
    assert hangul_ratio("abc") == 0.0
    assert hangul_ratio("2019 - 2021, 010-1234") == 0.0
    assert abs(hangul_ratio("백엔드 abc") - 0.5) < 1e-9
    text = ExtractedText.from_blocks([Block("paragraph", "김민준 abc")], format="txt", page_count=1)
    assert text.hangul_ratio == hangul_ratio(text.text)
