"""Every reader's text leaves intake as valid Unicode: lone surrogates and non-characters replaced,
icon-font private-use characters gone, Hancom's 한 glyph read as 한, compatibility forms NFKC
(ligatures, full-width letters, ㈜) with Hangul compatibility jamo kept; and the analyst reads it."""

from __future__ import annotations

import io

import docx
import pytest

from corpus.writers.hwp import build_hwp, paragraph
from corpus.writers.hwpx import HwpxDocument
from resume_worker.analysis.rules import analyze_text
from resume_worker.core.models import ExtractedText
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.extract_text.normalize import normalize_text
from resume_worker.stages.validate_file import FileLimits, validate_file

FILLER = "경력 2019.03 ~ 현재 주식회사 가나다 백엔드 개발자. Skills: Python, SQL, Kafka. " * 3
ICONS = "\uf0e0 jane@example.com \uf095 010-0123-4567"  # Font Awesome's envelope and phone
COMPAT = "ﬁnance ＡＢ１２ ㈜가나다 ㄱㄴㄷ"
ENGLISH = "Experience 2019 - 2023 Backend Engineer, Example Corp. Skills: Python, SQL, Kafka."


def read(data: bytes, extension: str) -> ExtractedText:
    file = validate_file(data, extension=extension, limits=FileLimits())
    return extract_text(file, min_text_chars=0)


def assert_clean(text: str) -> None:
    """Encodable as UTF-8 (no lone surrogate), no private-use or non-character left."""
    text.encode("utf-8")
    assert not [ch for ch in text if 0xE000 <= ord(ch) <= 0xF8FF or 0xFDD0 <= ord(ch) <= 0xFDEF]
    assert "\ufffe" not in text and "\uffff" not in text


def test_normalize_replaces_invalid_drops_icons_and_folds_compatibility_forms() -> None:
    """Lone surrogates and non-characters become U+FFFD, icons spaces, ﬁ fi, ＡＢ１２ AB12, ㈜
    (주), decomposed Hangul is composed; ㄱㄴㄷ (compatibility jamo) stays as written."""
    text = normalize_text(f"a\ud800b\ufdd0c\U0001fffe {ICONS} {COMPAT} \u1112\u1161\u11ab")
    assert (
        text
        == "a\ufffdb\ufffdc\ufffd jane@example.com 010-0123-4567 finance AB12 (주)가나다 ㄱㄴㄷ 한"
    )
    assert_clean(text)


def test_docx_text_is_clean() -> None:
    """A DOCX paragraph with icons, compatibility forms and a non-character reads clean."""
    document = docx.Document()
    for line in (ICONS, COMPAT + "\ufdd0", FILLER):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    text = read(out.getvalue(), "docx").text
    assert_clean(text)
    assert "jane@example.com 010-0123-4567" in text and "finance AB12 (주)가나다 ㄱㄴㄷ" in text


def test_hwp_reads_hancoms_han_and_drops_icons() -> None:
    """Hangul's own files write 한 as U+F53A: it reads 한; an icon glyph goes."""
    body = paragraph(0, "\uf53a글 워드 프로세서 " + ICONS) + paragraph(0, FILLER)
    text = read(build_hwp([body]), "hwp").text
    assert_clean(text)
    assert "한글 워드 프로세서 jane@example.com 010-0123-4567" in text


def test_hwpx_text_is_clean() -> None:
    """An HWPX paragraph with icons and compatibility forms reads clean."""
    document = HwpxDocument("hygiene")
    for line in (ICONS, COMPAT, FILLER):
        document.paragraph(line)
    text = read(document.to_bytes(), "hwpx").text
    assert_clean(text)
    assert "jane@example.com 010-0123-4567" in text and "(주)가나다" in text


@pytest.mark.parametrize("extension", ["txt", "md"])
def test_plain_text_with_a_lone_surrogate_is_clean(extension: str) -> None:
    """UTF-16 text holding a lone surrogate (a broken export) and icons reads clean."""
    raw = "\ufeff" + ICONS + "\n" + COMPAT + "\n" + FILLER
    data = raw.encode("utf-16-le", "surrogatepass")
    data = data[:2] + "\ud83d".encode("utf-16-le", "surrogatepass") + data[2:]
    text = read(data, extension).text
    assert_clean(text)
    assert "jane@example.com" in text and "(주)가나다" in text


def _pdf_with_unicode_map(mapping: dict[int, str]) -> bytes:
    """A one-page PDF showing the bytes of `mapping` in Helvetica, each mapped by the font's
    ToUnicode CMap to the UTF-16 code units given (lone surrogates and private use allowed),
    followed by a line of ordinary text: what a broken font map in an exported PDF looks like."""
    codes = "".join(f"<{code:02X}> <{text}>\n" for code, text in mapping.items())
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(mapping)} beginbfchar\n{codes}endbfchar\nendcmap CMapName currentdict "
        "/CMap defineresource pop end end"
    ).encode()
    shown = "".join(f"{code:02X}" for code in mapping)
    content = f"BT /F1 12 Tf 72 720 Td <{shown}> Tj 0 -20 Td ({ENGLISH}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_pdf_with_a_broken_font_map_is_clean_and_analysable() -> None:
    """A PDF font map giving a lone surrogate, a private-use icon, a non-character and a
    ligature: the text is clean, and the analyst reads it without failing."""
    mapping = {0x41: "D800", 0x42: "F0E0", 0x43: "FDD0", 0x44: "FB01", 0x45: "0041"}
    text = read(_pdf_with_unicode_map(mapping), "pdf")
    assert_clean(text.text)
    assert "fi" in text.text and "A" in text.text
    analyze_text(text)  # no ValidationError on what used to be invalid Unicode
