"""HWP 5.0 text with our own olefile + zlib reader: FileHeader flags, body sections in order
(ViewText for distribution documents), paragraphs, tables as table blocks, and notes, headers and
footers; the PrvText preview only as a last resort.

Where text outside the body flow goes, as in DOCX: headers (each distinct block once) before the
body, footnotes and endnotes after it, footers (distinct) last. Text boxes and captions stay in
place, after the paragraph that anchors them; a table's caption comes before the table.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import dataclass, field

import olefile  # type: ignore[import-untyped]

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.models import Block
from resume_worker.stages.extract_text.hwp_distribution import decrypt_view_section
from resume_worker.stages.extract_text.hwp_records import (
    TAG_DISTRIBUTE_DOC_DATA,
    HwpFormatError,
    RecordBudget,
    Stories,
    parse_records,
    read_section,
)
from resume_worker.stages.extract_text.hwp_styles import HwpStyles, read_styles

_MB = 1024 * 1024
# A 50-page form holds some tens of thousands of records; more is a hostile file.
_MAX_RECORDS = 250_000
_CHUNK = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HWP3_MAGIC = b"HWP Document File V3"
_SIGNATURE = b"HWP Document File"
_SECTION = re.compile(r"^Section(\d+)$")
_COMPRESSED, _DISTRIBUTION = 0x1, 0x4
# FileHeader properties that need a secret: password, DRM, certificate encryption, certificate DRM.
_LOCKED = 0x2 | 0x10 | 0x100 | 0x400
# What olefile raises on a damaged compound file (it parses the FAT, DIFAT and directory itself).
_OLE_ERRORS = (
    OSError, ValueError, EOFError, IndexError, KeyError, TypeError, struct.error, RecursionError
)  # fmt: skip

_CORRUPT = "HWP 파일이 손상되었습니다 / The HWP file is corrupt"
_TOO_LARGE = "압축을 풀면 HWP 문서가 너무 큽니다 / The HWP document is too large when unpacked"
_ENCRYPTED = "암호로 보호된 HWP 파일입니다 / The HWP file is password-protected"
_OLD = "HWP 3.0 이하 형식은 지원하지 않습니다 / HWP 3.0 and older files are not supported"
_VERSION = "지원하지 않는 HWP 버전입니다 / This HWP version is not supported"
_PREVIEW_WARNING = (
    "the HWP body could not be read; the text comes from the document preview (PrvText)"
    " and may be incomplete"
)


class _LimitError(Exception):
    """The document unpacks past the size cap: a bomb, refused without trying other streams."""


@dataclass(frozen=True)
class HwpText:
    """The blocks read from an HWP file and what the reader had to fall back on."""

    blocks: list[Block]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileHeader:
    """The FileHeader stream: version as (major, minor, build, revision) and property bits."""

    version: tuple[int, int, int, int]
    properties: int

    @property
    def compressed(self) -> bool:
        return bool(self.properties & _COMPRESSED)

    @property
    def distribution(self) -> bool:
        return bool(self.properties & _DISTRIBUTION)


def check_hwp(data: bytes) -> FileHeader:
    """Open the compound file and check its FileHeader, for validate_file.

    Raises PermanentError: INVALID_FILE when the container or header is broken,
    UNSUPPORTED_FORMAT for HWP 3 and versions other than 5, ENCRYPTED_FILE when a password or
    DRM is required. Distribution documents pass: their text is read from ViewText.
    """
    ole = _open(data)
    try:
        return _file_header(ole, len(data))
    finally:
        ole.close()


def read_hwp(data: bytes, *, max_uncompressed_mb: float = 200) -> HwpText:
    """Return the blocks of an HWP 5 document; raises PermanentError as `check_hwp` does, and
    INVALID_FILE when no body stream can be read or the body unpacks past the cap."""
    ole = _open(data)
    try:
        header = _file_header(ole, len(data))
        reader = _Reader(ole, header, len(data), int(max_uncompressed_mb * _MB))
        return reader.read()
    except _LimitError as exc:
        raise PermanentError(_TOO_LARGE, ErrorCode.INVALID_FILE) from exc
    finally:
        ole.close()


def _open(data: bytes) -> olefile.OleFileIO:
    if data.startswith(_HWP3_MAGIC):
        raise PermanentError(_OLD, ErrorCode.UNSUPPORTED_FORMAT)
    if not data.startswith(_OLE_MAGIC) or not _plausible_compound_header(data):
        raise PermanentError(_CORRUPT, ErrorCode.INVALID_FILE)
    try:
        # Always a file object: olefile treats short bytes as a path name.
        return olefile.OleFileIO(io.BytesIO(data))
    except _OLE_ERRORS as exc:
        raise PermanentError(_CORRUPT, ErrorCode.INVALID_FILE) from exc


def _plausible_compound_header(data: bytes) -> bool:
    """Whether the compound-file header's sector counts fit in the file. olefile trusts them
    and would walk (and allocate for) billions of FAT or DIFAT sectors a damaged header claims."""
    if len(data) < 512:
        return False
    (shift,) = struct.unpack_from("<H", data, 30)
    directory, fat = struct.unpack_from("<II", data, 40)
    mini_fat, _, difat = struct.unpack_from("<III", data, 64)
    sectors = len(data) // 512 + 1
    return shift in (9, 12) and max(directory, fat, mini_fat, difat) <= sectors


def _file_header(ole: olefile.OleFileIO, file_size: int) -> FileHeader:
    try:
        raw = _read_stream(ole, "FileHeader", file_size)
    except HwpFormatError as exc:
        raise PermanentError(_CORRUPT, ErrorCode.INVALID_FILE) from exc
    if len(raw) < 40 or not raw.startswith(_SIGNATURE):
        raise PermanentError(_CORRUPT, ErrorCode.INVALID_FILE)
    revision, build, minor, major = raw[32:36]
    header = FileHeader((major, minor, build, revision), int.from_bytes(raw[36:40], "little"))
    if major != 5:
        raise PermanentError(_VERSION, ErrorCode.UNSUPPORTED_FORMAT, details={"major": major})
    if header.properties & _LOCKED:
        raise PermanentError(_ENCRYPTED, ErrorCode.ENCRYPTED_FILE)
    return header


def _read_stream(ole: olefile.OleFileIO, path: str, file_size: int) -> bytes:
    """A whole stream, refused when the directory claims more bytes than the file holds (olefile
    would walk the claimed length sector by sector) or when less than claimed could be read."""
    try:
        if ole.get_type(path) != olefile.STGTY_STREAM:
            raise HwpFormatError("not a stream")
        size = ole.get_size(path)
        if size > file_size or ole.root.size > file_size:
            raise HwpFormatError("stream larger than the file")
        data = bytes(ole.openstream(path).read())
    except _OLE_ERRORS as exc:
        raise HwpFormatError("unreadable stream") from exc
    if len(data) != size:  # olefile returns what it could read of a truncated file
        raise HwpFormatError("truncated stream")
    return data


@dataclass
class _Reader:
    """Reads one open document, sharing the unpacked-size and record budgets across streams."""

    ole: olefile.OleFileIO
    header: FileHeader
    file_size: int
    bytes_left: int
    records: RecordBudget = field(default_factory=lambda: RecordBudget(_MAX_RECORDS))

    def read(self) -> HwpText:
        """Body sections (ViewText first for distribution documents, whose BodyText holds only a
        placeholder; BodyText first otherwise, with ViewText behind it for track-changes
        documents), then the preview with a warning."""
        sources = ("ViewText",) if self.header.distribution else ("BodyText", "ViewText")
        failure: HwpFormatError | None = None
        for storage in sources:
            names = self._sections(storage)
            if not names:
                continue
            try:
                return HwpText(self._read_sections(storage, names))
            except HwpFormatError as exc:
                failure = failure or exc
        try:
            return HwpText(self._preview(), (_PREVIEW_WARNING,))
        except HwpFormatError as exc:
            raise PermanentError(_CORRUPT, ErrorCode.INVALID_FILE) from (failure or exc)

    def _sections(self, storage: str) -> list[str]:
        """Section stream names of a storage in numeric order (Section10 after Section9)."""
        numbered: list[tuple[int, str]] = []
        for path in self.ole.listdir(streams=True, storages=False):
            if len(path) == 2 and path[0] == storage and (match := _SECTION.match(path[1])):
                numbered.append((int(match.group(1)), path[1]))
        return [name for _, name in sorted(numbered)]

    def _read_sections(self, storage: str, names: list[str]) -> list[Block]:
        stories = Stories()
        styles = self._styles()
        for name in names:
            stream = self._stream(f"{storage}/{name}")
            if storage == "ViewText" and _opens_with_doc_data(stream):
                stream = decrypt_view_section(stream)
            records = self._inflate(stream) if self.header.compressed else stream
            read_section(parse_records(records, self.records), stories, styles)
        return stories.blocks()

    def _styles(self) -> HwpStyles:
        """DocInfo's heading styles and character sizes; none when DocInfo is missing or bad
        (headings are a hint, the text does not depend on them)."""
        if not self.ole.exists("DocInfo"):
            return HwpStyles()
        try:
            stream = self._stream("DocInfo")
            records = self._inflate(stream) if self.header.compressed else stream
            return read_styles([(r.tag, r.data) for r in parse_records(records, self.records)])
        except HwpFormatError:
            return HwpStyles()

    def _stream(self, path: str) -> bytes:
        return _read_stream(self.ole, path, self.file_size)

    def _inflate(self, raw: bytes) -> bytearray:
        """Raw deflate (no zlib header), in chunks, never past the bytes left in the budget: a
        growing bytearray is extended in place, so memory stays near the unpacked size."""
        inflater = zlib.decompressobj(-15)
        out = bytearray()
        pending = raw
        try:
            while not inflater.eof:
                chunk = inflater.decompress(pending, _CHUNK)
                if not chunk and inflater.unconsumed_tail == pending:
                    break  # the input ran out before the end of the stream
                pending = inflater.unconsumed_tail
                out += chunk
                if len(out) > self.bytes_left:
                    raise _LimitError
        except zlib.error as exc:
            raise HwpFormatError("bad deflate stream") from exc
        if not inflater.eof:
            raise HwpFormatError("truncated deflate stream")
        self.bytes_left -= len(out)
        return out

    def _preview(self) -> list[Block]:
        """PrvText: a UTF-16LE plain-text preview that Hangul writes beside the body."""
        if not self.ole.exists("PrvText"):
            raise HwpFormatError("no preview")
        text = self._stream("PrvText").decode("utf-16-le", "replace").replace("\x00", "")
        blocks = [Block("paragraph", line) for line in text.splitlines() if line.strip()]
        if not blocks:
            raise HwpFormatError("empty preview")
        return blocks


def _opens_with_doc_data(stream: bytes) -> bool:
    """Whether a ViewText section starts with the DISTRIBUTE_DOC_DATA record (it is encrypted)."""
    header = int.from_bytes(stream[:4], "little")
    return len(stream) >= 4 and header & 0x3FF == TAG_DISTRIBUTE_DOC_DATA
