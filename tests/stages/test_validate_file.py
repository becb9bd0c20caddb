"""Tests for stage 1: type sniffing, limits, ZIP-bomb guards and rejection messages."""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.settings import LimitsSettings
from resume_worker.stages.validate_file import FileLimits, validate_file

LIMITS = FileLimits()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
DOCX_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def rejected(data: bytes, extension: str, limits: FileLimits = LIMITS) -> PermanentError:
    with pytest.raises(PermanentError) as caught:
        validate_file(data, extension=extension, limits=limits)
    return caught.value


def test_file_limits_default_to_the_settings_defaults() -> None:
    """FileLimits carries the same defaults as LimitsSettings."""
    settings = LimitsSettings()
    for name in ("max_file_mb", "max_pages", "max_uncompressed_mb", "max_zip_entries"):
        assert getattr(LIMITS, name) == getattr(settings, name)
    assert LIMITS.max_compression_ratio == settings.max_compression_ratio


def test_empty_file_is_invalid() -> None:
    """Zero bytes is INVALID_FILE."""
    assert rejected(b"", ".pdf").code is ErrorCode.INVALID_FILE


def test_pdf_is_accepted_with_its_page_count(make_pdf: Callable[..., bytes]) -> None:
    """A PDF is sniffed from %PDF and its pages are counted."""
    validated = validate_file(make_pdf(["hello"], pages=3), extension=".pdf", limits=LIMITS)
    assert (validated.format, validated.page_count) == ("pdf", 3)


def test_pdf_over_the_page_limit_is_rejected(make_pdf: Callable[..., bytes]) -> None:
    """More pages than max_pages is TOO_MANY_PAGES."""
    error = rejected(make_pdf(["hello"], pages=3), ".pdf", FileLimits(max_pages=2))
    assert error.code is ErrorCode.TOO_MANY_PAGES


def test_file_over_the_size_limit_is_rejected(make_pdf: Callable[..., bytes]) -> None:
    """More bytes than max_file_mb is FILE_TOO_LARGE, before anything is parsed."""
    error = rejected(make_pdf(["hello"]), ".pdf", FileLimits(max_file_mb=0.0001))
    assert error.code is ErrorCode.FILE_TOO_LARGE


def test_pdf_with_a_user_password_is_encrypted(make_pdf: Callable[..., bytes]) -> None:
    """A PDF that needs a user password to open is ENCRYPTED_FILE."""
    data = make_pdf(["secret"], owner_password="owner", user_password="user")
    assert rejected(data, ".pdf").code is ErrorCode.ENCRYPTED_FILE


def test_pdf_with_only_an_owner_password_opens(make_pdf: Callable[..., bytes]) -> None:
    """An owner-password-only PDF opens with the empty password and is accepted."""
    data = make_pdf(["permissions only"], owner_password="owner")
    assert validate_file(data, extension=".pdf", limits=LIMITS).format == "pdf"


def test_truncated_pdf_is_invalid(make_pdf: Callable[..., bytes]) -> None:
    """A PDF cut short, or a %PDF header over garbage, is INVALID_FILE."""
    data = make_pdf(["hello world"] * 20)
    assert rejected(data[: len(data) // 3], ".pdf").code is ErrorCode.INVALID_FILE
    assert rejected(b"%PDF-1.7\n" + bytes(range(256)) * 4, ".pdf").code is ErrorCode.INVALID_FILE


def test_shared_truncated_pdf_is_invalid(dev_dir: Path) -> None:
    """The dev set's truncated PDF is INVALID_FILE."""
    data = (dev_dir / "special" / "invalid-truncated.pdf").read_bytes()
    assert rejected(data, ".pdf").code is ErrorCode.INVALID_FILE


def test_png_named_pdf_contradicts_its_extension() -> None:
    """An image under a document extension is INVALID_FILE; under its own name UNSUPPORTED."""
    assert rejected(PNG, ".pdf").code is ErrorCode.INVALID_FILE
    assert rejected(PNG, ".png").code is ErrorCode.UNSUPPORTED_FORMAT


@pytest.mark.parametrize(
    "head",
    [b"\xff\xd8\xff\xe0", b"GIF89a", b"II*\x00", b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"{\\rtf1"],
)
def test_other_recognised_types_are_unsupported(head: bytes) -> None:
    """JPEG, GIF, TIFF, WEBP and RTF are recognised and UNSUPPORTED_FORMAT."""
    assert rejected(head + bytes(100), "").code is ErrorCode.UNSUPPORTED_FORMAT


def test_docx_and_hwpx_are_sniffed_from_their_parts(make_zip: Callable[..., bytes]) -> None:
    """word/document.xml makes a DOCX; the hwp+zip mimetype makes an HWPX, whatever the name."""
    docx = make_zip({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"<w/>"})
    hwpx = make_zip(
        {"mimetype": b"application/hwp+zip", "Contents/section0.xml": b"<s/>"},
        stored=("mimetype",),
    )
    assert validate_file(docx, extension=".doc", limits=LIMITS).format == "docx"
    assert validate_file(hwpx, extension=".zip", limits=LIMITS).format == "hwpx"


def test_spreadsheets_and_other_archives_are_unsupported(make_zip: Callable[..., bytes]) -> None:
    """XLSX, PPTX, ODT and plain ZIPs are UNSUPPORTED_FORMAT, or INVALID_FILE named .docx."""
    xlsx = make_zip({"[Content_Types].xml": DOCX_TYPES, "xl/workbook.xml": b"<x/>"})
    odt = make_zip({"mimetype": b"application/vnd.oasis.opendocument.text"})
    pptx = make_zip({"ppt/presentation.xml": b"<p/>"})
    for data in (xlsx, odt, pptx, make_zip({"notes.txt": b"hello"})):
        assert rejected(data, ".zip").code is ErrorCode.UNSUPPORTED_FORMAT
    assert rejected(xlsx, ".docx").code is ErrorCode.INVALID_FILE


def test_zip_with_too_many_entries_is_refused(make_zip: Callable[..., bytes]) -> None:
    """More central-directory entries than max_zip_entries is INVALID_FILE."""
    parts = {f"word/media/{i}.bin": b"x" for i in range(30)} | {"word/document.xml": b"<w/>"}
    assert rejected(make_zip(parts), ".docx", FileLimits(max_zip_entries=20)).code is (
        ErrorCode.INVALID_FILE
    )


def test_zip_with_an_extreme_compression_ratio_is_refused(make_zip: Callable[..., bytes]) -> None:
    """A part that declares far more bytes than it stores is refused as a bomb."""
    data = make_zip({"word/document.xml": b"<w/>", "word/bomb.xml": bytes(20 * 1024 * 1024)})
    assert len(data) < 100_000
    assert rejected(data, ".docx").code is ErrorCode.INVALID_FILE


def test_zip_larger_than_the_unpacked_limit_is_too_large(make_zip: Callable[..., bytes]) -> None:
    """Declared uncompressed bytes over max_uncompressed_mb is FILE_TOO_LARGE."""
    data = make_zip({"word/document.xml": b"<w/>", "word/big.bin": random.randbytes(3 * 1024**2)})
    error = rejected(data, ".docx", FileLimits(max_uncompressed_mb=2))
    assert error.code is ErrorCode.FILE_TOO_LARGE


def test_zip_with_overlapping_entries_is_refused(make_zip: Callable[..., bytes]) -> None:
    """Central-directory records that all point at one local entry (an overlap bomb) are refused."""
    data = make_zip({"word/document.xml": random.randbytes(50_000)}, stored=("word/document.xml",))
    end = data.rindex(b"PK\x05\x06")
    (directory_size, directory_offset) = struct.unpack("<II", data[end + 12 : end + 20])
    record = data[directory_offset : directory_offset + directory_size]
    copies = 5
    tail = bytearray(data[end:])
    struct.pack_into("<HHI", tail, 8, copies, copies, directory_size * copies)
    forged = data[:directory_offset] + record * copies + bytes(tail)
    assert len(zipfile.ZipFile(io.BytesIO(forged)).infolist()) == copies
    assert rejected(forged, ".docx").code is ErrorCode.INVALID_FILE


def test_hwp5_documents_are_recognised(hwp_fixtures: Path) -> None:
    """HWP 5 files (also distribution documents) pass as `hwp`; HWP 3 is UNSUPPORTED_FORMAT."""
    for name in ("testHWP_5.0.hwp", "testHWP-v5-dist.hwp", "table.hwp"):
        data = (hwp_fixtures / name).read_bytes()
        assert validate_file(data, extension=".hwp", limits=LIMITS).format == "hwp"
    old = (hwp_fixtures / "testHWP_3.0.hwp").read_bytes()
    assert rejected(old, ".hwp").code is ErrorCode.UNSUPPORTED_FORMAT


def test_hwp_with_a_password_flag_is_encrypted(hwp_fixtures: Path) -> None:
    """An HWP whose FileHeader sets the password bit is ENCRYPTED_FILE."""
    data = bytearray((hwp_fixtures / "testHWP_5.0.hwp").read_bytes())
    at = data.find(b"HWP Document File") + 36
    data[at] |= 0x2
    assert rejected(bytes(data), ".hwp").code is ErrorCode.ENCRYPTED_FILE


def ole_with_stream(name: str) -> bytes:
    """A minimal compound-file image whose first directory entry names one stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    encoded = name.encode("utf-16-le")
    entry = encoded + bytes(64 - len(encoded)) + struct.pack("<HB", len(encoded) + 2, 2)
    return header + entry + bytes(128 - len(entry)) + bytes(384)


def test_ole_documents_are_told_apart_by_their_streams() -> None:
    """WordDocument is DOC; EncryptedPackage (a locked DOCX) is ENCRYPTED; Workbook unsupported."""
    doc = validate_file(ole_with_stream("WordDocument"), extension=".doc", limits=LIMITS)
    assert doc.format == "doc"
    assert rejected(ole_with_stream("EncryptedPackage"), ".docx").code is ErrorCode.ENCRYPTED_FILE
    assert rejected(ole_with_stream("Workbook"), ".xls").code is ErrorCode.UNSUPPORTED_FORMAT


@pytest.mark.parametrize(
    ("data", "extension", "expected"),
    [
        ("이력서\n홍길동\n".encode(), ".txt", "txt"),
        ("\ufeff이력서 UTF-8 with BOM".encode(), ".txt", "txt"),
        ("\ufeffUTF-16 이력서".encode("utf-16-le"), ".txt", "txt"),
        ("\ufeffUTF-16 이력서".encode("utf-16-be"), ".txt", "txt"),
        ("경력사항 홍길동 카카오".encode("cp949"), ".txt", "txt"),
        (b"plain notes", ".md", "md"),
        (b"# Jane Doe\n\n## Experience\n- Acme", ".txt", "md"),
        (b"Jane Doe resume", "", "txt"),
    ],
)
def test_text_is_accepted_as_txt_or_md(data: bytes, extension: str, expected: str) -> None:
    """UTF-8 (with or without BOM), UTF-16 with BOM and CP949 text pass; headings make Markdown."""
    assert validate_file(data, extension=extension, limits=LIMITS).format == expected


def test_binary_garbage_is_invalid() -> None:
    """Random bytes are INVALID_FILE under any extension."""
    garbage = random.Random(7).randbytes(4096)
    for extension in (".txt", ".pdf", ""):
        assert rejected(garbage, extension).code is ErrorCode.INVALID_FILE


def test_text_under_a_binary_document_extension_is_invalid() -> None:
    """Plain text named .pdf or .docx contradicts its extension: INVALID_FILE."""
    assert rejected(b"<html>Not Found</html>", ".pdf").code is ErrorCode.INVALID_FILE
    assert rejected(b"Jane Doe resume", ".docx").code is ErrorCode.INVALID_FILE


def test_rejection_messages_are_bilingual_and_quote_nothing(make_pdf: Callable[..., bytes]) -> None:
    """Every rejection message has Korean and English halves and no file contents."""
    marker = "Zyxwvut"
    cases = [
        (b"", ".pdf", LIMITS),
        (PNG + marker.encode(), ".pdf", LIMITS),
        (PNG + marker.encode(), ".png", LIMITS),
        (f"{marker} resume".encode(), ".pdf", LIMITS),
        (make_pdf([marker], pages=3), ".pdf", FileLimits(max_pages=1)),
        (make_pdf([marker], user_password="u", owner_password="o"), ".pdf", LIMITS),
        (make_pdf([marker]), ".pdf", FileLimits(max_file_mb=0.0001)),
    ]
    for data, extension, limits in cases:
        message = rejected(data, extension, limits).message
        korean, _, english = message.partition(" / ")
        assert re.search("[가-힣]", korean) and re.search("[A-Za-z]", english), message
        assert marker not in message
