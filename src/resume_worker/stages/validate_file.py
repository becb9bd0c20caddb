"""Stage 1: sniff a file's real type from its bytes and enforce size, page and ZIP-bomb limits.

How the extension is used: the contents decide the type. A readable document is accepted under
any name (a DOCX named .doc is read as DOCX). When the extension claims a document type we read
(pdf, docx, doc, hwp, hwpx, txt, md) but the contents are something else we recognise (an image,
a spreadsheet, plain text under a binary extension), the file is INVALID_FILE: its contents
contradict its extension. The same contents under another extension are UNSUPPORTED_FORMAT.
Unrecognisable bytes are INVALID_FILE. HWP 5 passes unless its FileHeader asks for a password
or DRM (ENCRYPTED_FILE); a distribution document (배포용) passes, as extract_text reads it from
ViewText. HWP 3 is UNSUPPORTED_FORMAT. DOC is recognised and passes; extract_text says when it
cannot read it yet. Rejection messages are bilingual and never quote the file.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import NoReturn

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import FileFormat, ValidatedFile
from resume_worker.stages.extract_text.hwp import check_hwp
from resume_worker.stages.extract_text.pdf import PDFIUM_LOCK
from resume_worker.stages.extract_text.plain import decode_text
from resume_worker.stages.extract_text.zip_parts import read_part

_MB = 1024 * 1024
# Tiny parts compress extremely well without being dangerous; the ratio guard starts above this.
_RATIO_FLOOR_BYTES = 1 * _MB

_EXTENSIONS: dict[str, FileFormat] = {
    "pdf": "pdf", "docx": "docx", "doc": "doc", "hwp": "hwp", "hwpx": "hwpx",
    "txt": "txt", "text": "txt", "md": "md", "markdown": "md",
}  # fmt: skip
_BINARY_FORMATS = frozenset({"pdf", "docx", "doc", "hwp", "hwpx"})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HWP3_MAGIC = b"HWP Document File V3"
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image"), (b"\xff\xd8\xff", "image"), (b"GIF87a", "image"),
    (b"GIF89a", "image"), (b"II*\x00", "image"), (b"MM\x00*", "image"), (b"BM", "image"),
    (b"{\\rtf", "rtf"), (b"\x1f\x8b", "archive"), (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"Rar!\x1a\x07", "archive"), (b"BZh", "archive"), (b"\xfd7zXZ\x00", "archive"),
    (b"\x7fELF", "program"), (b"%!PS", "postscript"),
)  # fmt: skip
# What zipfile raises on a damaged archive; NotImplementedError is an unknown format version or
# compression method in a header, which here only ever means a corrupt or foreign file.
_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError,
)  # fmt: skip
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)

_CORRUPT = "파일이 손상되었습니다 / The file is corrupt"
_EMPTY = "파일이 비어 있습니다 / The file is empty"
_UNREADABLE = "문서로 읽을 수 없는 파일입니다 / The file is not a readable document"
_MISMATCH = "파일 내용이 확장자와 맞지 않습니다 / The file's contents do not match its extension"
_UNSUPPORTED = "지원하지 않는 파일 형식입니다 / This file type is not supported"
_OLD_HWP = "HWP 3.0 이하 형식은 지원하지 않습니다 / HWP 3.0 and older files are not supported"
_ENCRYPTED = "암호로 보호된 파일입니다 / The file is password-protected"
_TOO_MANY_PARTS = "파일 구성 요소가 너무 많습니다 / The file has too many parts"
_BOMB = "압축 비율이 비정상적입니다 / The file is compressed abnormally"


@dataclass(frozen=True)
class FileLimits:
    """Size limits for one file, as plain values (the same defaults as LimitsSettings)."""

    max_file_mb: float = 50
    max_pages: int = 50
    max_uncompressed_mb: float = 200
    max_zip_entries: int = 2000
    max_compression_ratio: float = 200


def validate_file(data: bytes, *, extension: str, limits: FileLimits) -> ValidatedFile:
    """Return the file with its sniffed format and page count, or raise a PermanentError with
    INVALID_FILE, UNSUPPORTED_FORMAT, FILE_TOO_LARGE, TOO_MANY_PAGES or ENCRYPTED_FILE."""
    if not data:
        raise PermanentError(_EMPTY, ErrorCode.INVALID_FILE)
    if len(data) > limits.max_file_mb * _MB:
        message = f"파일이 너무 큽니다 (최대 {limits.max_file_mb:g} MB) / The file is too large"
        raise PermanentError(message, ErrorCode.FILE_TOO_LARGE)
    claimed = _EXTENSIONS.get(extension.lower().lstrip("."))
    head = data[:1024]
    if b"%PDF-" in head:
        return _validate_pdf(data, limits)
    if data.startswith(b"PK\x03\x04"):
        return _validate_zip(data, limits, claimed)
    if data.startswith(_OLE_MAGIC):
        return _validate_ole(data, claimed)
    if data.startswith(_HWP3_MAGIC):
        raise PermanentError(_OLD_HWP, ErrorCode.UNSUPPORTED_FORMAT)
    kind = _other_kind(data)
    if kind is not None:
        _refuse(kind, claimed)
    return _validate_text(data, claimed)


def _other_kind(data: bytes) -> str | None:
    """Name a recognised type we do not read (images, archives, RTF, ...), or None."""
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image"
    if data[4:8] == b"ftyp":
        return "media"
    return next((kind for magic, kind in _OTHER_MAGIC if data.startswith(magic)), None)


def _refuse(kind: str, claimed: FileFormat | None) -> NoReturn:
    """Reject a recognised type we do not read: a contradiction when the extension claims one."""
    details = {"detected": kind}
    if claimed is not None:
        raise PermanentError(_MISMATCH, ErrorCode.INVALID_FILE, details=details)
    raise PermanentError(_UNSUPPORTED, ErrorCode.UNSUPPORTED_FORMAT, details=details)


def _validate_pdf(data: bytes, limits: FileLimits) -> ValidatedFile:
    with PDFIUM_LOCK:
        pages = _count_pdf_pages(data)
    if pages > limits.max_pages:
        message = (
            f"페이지가 너무 많습니다 (최대 {limits.max_pages}쪽)"
            f" / The document has too many pages (max {limits.max_pages})"
        )
        raise PermanentError(message, ErrorCode.TOO_MANY_PAGES, details={"pages": pages})
    return ValidatedFile(data, "pdf", pages)


def _count_pdf_pages(data: bytes) -> int:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise PermanentError(_ENCRYPTED, ErrorCode.ENCRYPTED_FILE) from exc
        raise PermanentError(_CORRUPT, ErrorCode.INVALID_FILE) from exc
    try:
        pages = len(document)
    finally:
        document.close()
    if pages == 0:
        raise PermanentError(_CORRUPT, ErrorCode.INVALID_FILE)
    return pages


def _validate_zip(data: bytes, limits: FileLimits, claimed: FileFormat | None) -> ValidatedFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise PermanentError(_CORRUPT, ErrorCode.INVALID_FILE) from exc
    with archive:
        infos = archive.infolist()
        _check_zip_bomb(infos, len(data), limits)
        if any(info.flag_bits & 0x1 for info in infos):
            raise PermanentError(_ENCRYPTED, ErrorCode.ENCRYPTED_FILE)
        kind = _zip_kind(archive, {info.filename for info in infos})
    if kind in ("docx", "hwpx"):
        return ValidatedFile(data, "docx" if kind == "docx" else "hwpx")
    _refuse(kind, claimed)


def _check_zip_bomb(infos: list[zipfile.ZipInfo], size: int, limits: FileLimits) -> None:
    """Judge the archive from its central directory, before inflating anything."""
    if not infos:
        raise PermanentError(_CORRUPT, ErrorCode.INVALID_FILE)
    if len(infos) > limits.max_zip_entries:
        raise PermanentError(_TOO_MANY_PARTS, ErrorCode.INVALID_FILE)
    if sum(info.compress_size for info in infos) > size:
        # Entries that overlap each other (a known bomb shape) claim more bytes than exist.
        raise PermanentError(_BOMB, ErrorCode.INVALID_FILE)
    if sum(info.file_size for info in infos) > limits.max_uncompressed_mb * _MB:
        message = "압축을 풀면 파일이 너무 큽니다 / The file is too large when unpacked"
        raise PermanentError(message, ErrorCode.FILE_TOO_LARGE)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR_BYTES and ratio > limits.max_compression_ratio:
            raise PermanentError(_BOMB, ErrorCode.INVALID_FILE)


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    mimetype = b""
    if "mimetype" in names:
        try:
            mimetype = read_part(archive, "mimetype", limit=256).strip()
        except _ZIP_ERRORS as exc:
            raise PermanentError(_CORRUPT, ErrorCode.INVALID_FILE) from exc
    if "word/document.xml" in names:
        return "docx"
    if mimetype == b"application/hwp+zip" or (
        "Contents/content.hpf" in names and any(n.startswith("Contents/section") for n in names)
    ):
        return "hwpx"
    if "xl/workbook.xml" in names:
        return "spreadsheet"
    if "ppt/presentation.xml" in names:
        return "presentation"
    if mimetype.startswith(b"application/"):
        return "packaged-document"
    return "archive"


def _ole_has_stream(data: bytes, name: str) -> bool:
    """Whether a compound file's directory lists `name`: entries are 128-byte records, sector
    aligned, holding the UTF-16 name and its byte length (with the terminator) at offset 64."""
    encoded = name.encode("utf-16-le")
    position = data.find(encoded, 512)
    while position != -1:
        length = int.from_bytes(data[position + 64 : position + 66], "little")
        if position % 128 == 0 and length == len(encoded) + 2:
            return True
        position = data.find(encoded, position + 1)
    return False


def _validate_ole(data: bytes, claimed: FileFormat | None) -> ValidatedFile:
    if _ole_has_stream(data, "EncryptedPackage"):
        raise PermanentError(_ENCRYPTED, ErrorCode.ENCRYPTED_FILE)
    if _ole_has_stream(data, "FileHeader"):
        # Opens the compound file and reads FileHeader: corrupt, HWP 3 or locked files stop here.
        check_hwp(data)
        return ValidatedFile(data, "hwp")
    if _ole_has_stream(data, "WordDocument"):
        return ValidatedFile(data, "doc")
    _refuse("office-binary", claimed)


def _validate_text(data: bytes, claimed: FileFormat | None) -> ValidatedFile:
    text = decode_text(data)
    if text is None or not text.strip():
        raise PermanentError(_UNREADABLE, ErrorCode.INVALID_FILE)
    if claimed in _BINARY_FORMATS:
        raise PermanentError(_MISMATCH, ErrorCode.INVALID_FILE, details={"detected": "text"})
    if claimed == "md" or len(_MARKDOWN_HEADING.findall(text, 0, 200_000)) >= 2:
        return ValidatedFile(data, "md")
    return ValidatedFile(data, "txt")
