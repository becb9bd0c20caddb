"""HWP 5.0 files written from records (Hancom, "한글 문서 파일 형식 5.0"): paragraphs with their
control characters, tables with merged cells, page breaks, pictures stored in BinData, and the
compound file around them. The tests build hostile and unusual documents from these pieces; the
corpus writes whole forms with `corpus.writers.hwp_document`."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from corpus.writers.compound_file import build_ole
from resume_worker.stages.extract_text.hwp_distribution import decode_doc_data

PARA_HEADER, PARA_TEXT, CTRL_HEADER, LIST_HEADER, TABLE = 66, 67, 71, 72, 77
PARA_CHAR_SHAPE, CHAR_SHAPE, STYLE = 68, 21, 26
SHAPE_COMPONENT, SHAPE_COMPONENT_PICTURE = 76, 85
BIN_DATA = 18
DISTRIBUTE_DOC_DATA = 28
# Inline and extended controls take 8 WCHARs in PARA_TEXT; other control codes take one.
_WIDE = frozenset(range(1, 24)) - {10, 13}
_PAGE_BREAK = 0x04
_LAST_IN_LIST = 1 << 31
# Object attributes Hangul writes: a table placed in the text flow (not as a character) and a
# picture treated as a character (so it sits in its cell like a letter), numbered as a figure.
_TABLE_OBJECT, _PICTURE_OBJECT = 0x082A2210, 0x042A6311
_CELL_MARGIN, _TABLE_MARGIN = 141, 283
_VERTICAL_CENTER = 0x00200000
_SPLIT_ROWS, _REPEAT_HEADER = 0x2, 0x4
HWPUNIT_PER_PIXEL = 75  # 7200 per inch at 96 pixels per inch

CellSpec = tuple[int, int, int, int, list[str | bytes]]


def record(tag: int, level: int, payload: bytes = b"") -> bytes:
    """One record header (tag, level, size; the extended size form from 0xFFF bytes) + payload."""
    if len(payload) >= 0xFFF:
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, len(payload)) + payload
    return struct.pack("<I", tag | level << 10 | len(payload) << 20) + payload


def control_chars(code: int, control: str) -> str:
    """An 8-WCHAR inline or extended control: code, control id, padding, code."""
    ident = control.encode("latin-1")[::-1].decode("utf-16-le")
    return chr(code) + ident + "\0" * 4 + chr(code)


def paragraph(
    level: int,
    text: str,
    *controls: bytes,
    style: int = 0,
    char_shape: int | None = None,
    para_shape: int = 0,
    page_break: bool = False,
    last: bool = False,
) -> bytes:
    """PARA_HEADER (character count, control mask, shape and style ids, a page break before it
    when asked, the last-in-its-list flag), PARA_TEXT (with a paragraph end), a PARA_CHAR_SHAPE
    when `char_shape` is given, and the paragraph's controls."""
    body = (text + "\r").encode("utf-16-le", "surrogatepass")
    count = len(body) // 2 | (_LAST_IN_LIST if last else 0)
    header = struct.pack(
        "<IIHBBHHHI",
        count,
        _control_mask(text),
        para_shape,
        style,
        _PAGE_BREAK if page_break else 0,
        0 if char_shape is None else 1,
        0,
        0,
        0,
    )
    shapes = b""
    if char_shape is not None:
        shapes = record(PARA_CHAR_SHAPE, level + 1, struct.pack("<II", 0, char_shape))
    return (
        record(PARA_HEADER, level, header)
        + record(PARA_TEXT, level + 1, body)
        + shapes
        + b"".join(controls)
    )


def _control_mask(text: str) -> int:
    """PARA_HEADER's mask: bit n set when control character n occurs in the text."""
    mask, at = 0, 0
    while at < len(text):
        code = ord(text[at])
        if code < 32:
            mask |= 1 << code
        at += 8 if code in _WIDE else 1
    return mask


def char_shape(size: int, *, bold: bool = False, level: int = 0) -> bytes:
    """A DocInfo CHAR_SHAPE record (5.0.3): face ids 0, ratios and relative sizes 100 %, base size
    `size` (1/100 pt), bold when asked, black text, no underline, shade or strike colour."""
    faces = struct.pack("<7H", *[0] * 7)
    per_language = bytes([100] * 7) + bytes(7) + bytes([100] * 7) + bytes(7)
    attributes = 0x2 if bold else 0
    colours = struct.pack("<IIII", 0, 0, 0xFFFFFFFF, 0xB2B2B2)
    tail = struct.pack("<bb", 10, 10) + colours + struct.pack("<HI", 0, 0)
    shape = faces + per_language + struct.pack("<iI", size, attributes) + tail
    return record(CHAR_SHAPE, level, shape)


def style(name: str, english: str, shape: int, *, level: int = 0) -> bytes:
    """A DocInfo STYLE record: both names, then type, next style, language, para and char shape,
    and the form-lock flag."""
    names = b"".join(struct.pack("<H", len(n)) + n.encode("utf-16-le") for n in (name, english))
    return record(STYLE, level, names + struct.pack("<BBhHHH", 0, 0, 1042, 0, shape, 0))


def control(level: int, ident: str, *children: bytes, payload: bytes = bytes(4)) -> bytes:
    """A CTRL_HEADER with its id and `payload`; `children` are records one level deeper."""
    header = record(CTRL_HEADER, level, ident.encode("latin-1")[::-1] + payload)
    return header + b"".join(children)


def object_properties(attributes: int, width: int, height: int, instance: int) -> bytes:
    """The common properties of a drawn object (table, picture) after its control id: placement
    attributes, offsets, size, z-order, outer margins, instance id, no page-break lock."""
    margin = _TABLE_MARGIN if attributes == _TABLE_OBJECT else 0
    return struct.pack(
        "<IiiIIi4HIi", attributes, 0, 0, width, height, 0, *[margin] * 4, instance, 0
    )


def table(
    level: int,
    cells: Sequence[CellSpec],
    *,
    rows: int = 0,
    widths: Sequence[int] = (),
    heights: Sequence[int] = (),
    fills: dict[tuple[int, int], int] | None = None,
    repeat_header: bool = False,
    instance: int = 0,
) -> bytes:
    """A 'tbl ' control at `level` (its paragraph's level + 1); cells are (row, col, row span,
    col span, paragraphs), in storage order, and cells that a merge covers are left out. A
    paragraph is its text, or records built with `paragraph(level + 1, ...)` (to style it or
    nest a table in a cell). `widths` and `heights` size the columns and rows in HWPUNIT;
    `fills` gives a cell's border fill id (1-based; 2, a plain grid, otherwise)."""
    n_rows = rows or max(row + span for row, _, span, _, _ in cells)
    n_cols = max(col + span for _, col, _, span, _ in cells)
    widths = list(widths) or [42520 // n_cols] * n_cols
    heights = list(heights) or [1800] * n_rows
    per_row = [sum(1 for cell in cells if cell[0] == row) for row in range(n_rows)]
    properties = _SPLIT_ROWS | (_REPEAT_HEADER if repeat_header else 0)
    layout = struct.pack("<IHHH4H", properties, n_rows, n_cols, 0, *[_CELL_MARGIN] * 4)
    layout += struct.pack(f"<{n_rows}H", *per_row) + struct.pack("<HH", 2, 0)
    out = record(TABLE, level + 1, layout)
    for row, col, row_span, col_span, texts in cells:
        width, height = sum(widths[col : col + col_span]), sum(heights[row : row + row_span])
        fill = (fills or {}).get((row, col), 2)
        spans = (col, row, col_span, row_span)
        address = struct.pack("<HIH4H", len(texts), _VERTICAL_CENTER, 0, *spans)
        size = struct.pack("<II4HHI", width, height, *[_CELL_MARGIN] * 4, fill, width)
        out += record(LIST_HEADER, level + 1, address + size)
        out += b"".join(t if isinstance(t, bytes) else paragraph(level + 1, t) for t in texts)
    payload = object_properties(_TABLE_OBJECT, sum(widths), sum(heights), instance)
    return control(level, "tbl ", out, payload=payload)


def picture(
    level: int, bin_item: int, size: tuple[int, int], pixels: tuple[int, int], instance: int
) -> bytes:
    """A picture ('gso ' control, SHAPE_COMPONENT '$pic', SHAPE_COMPONENT_PICTURE) at `level`
    (its paragraph's level + 1), drawn at `size` (HWPUNIT) from an image of `pixels`, showing
    the `bin_item`-th BIN_DATA item of DocInfo (1-based)."""
    width, height = size
    original = (pixels[0] * HWPUNIT_PER_PIXEL, pixels[1] * HWPUNIT_PER_PIXEL)
    ident = b"$pic"[::-1] * 2
    placement = struct.pack("<iiHH", 0, 0, 0, 1) + struct.pack("<4I", *original, width, height)
    rotation = struct.pack("<IhiiH", 0x20000000, 0, width // 2, height // 2, 1)
    identity = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    scale = (width / original[0], 0.0, 0.0, 0.0, height / original[1], 0.0)
    matrices = struct.pack("<18d", *identity, *scale, *identity)
    component = record(SHAPE_COMPONENT, level + 1, ident + placement + rotation + matrices)
    ow, oh = original
    corners = struct.pack("<8i", 0, 0, ow, 0, ow, oh, 0, oh)
    crop = struct.pack("<4i4H", 0, 0, ow, oh, 0, 0, 0, 0)
    shown = struct.pack("<bbBHBI", 0, 0, 0, bin_item, 0, instance)
    picture_record = record(
        SHAPE_COMPONENT_PICTURE, level + 2, struct.pack("<III", 0, 0, 0) + corners + crop + shown
    )
    payload = object_properties(_PICTURE_OBJECT, width, height, instance)
    return control(level, "gso ", component + picture_record, payload=payload)


def bin_data(item_id: int, extension: str, *, compression: int = 0) -> bytes:
    """A DocInfo BIN_DATA record for an embedded item stored as BinData/BIN{id:04X}.{ext};
    `compression` 0 follows the document, 1 deflates it, 2 stores it as is."""
    attributes = 1 | compression << 4
    name = extension.encode("utf-16-le")
    return record(BIN_DATA, 1, struct.pack("<HHH", attributes, item_id, len(extension)) + name)


def build_hwp(
    sections: list[bytes],
    *,
    properties: int = 1,
    version: tuple[int, int, int, int] = (5, 0, 3, 0),
    view_sections: list[bytes] | None = None,
    preview: str | None = None,
    raw_sections: bool = False,
    doc_info: bytes = b"",
    streams: dict[str, bytes] | None = None,
) -> bytes:
    """An HWP 5 file: FileHeader, DocInfo and BodyText sections (deflated when bit 0 of
    `properties` is set, unless `raw_sections`), optional ViewText sections, PrvText preview,
    and other `streams` (BinData items) stored exactly as given."""
    major, minor, build, revision = version
    header = b"HWP Document File".ljust(32, b"\0")
    header += bytes((revision, build, minor, major)) + struct.pack("<I", properties)
    pack = (lambda s: s) if raw_sections or not properties & 1 else deflate
    files = {"FileHeader": header.ljust(256, b"\0"), "DocInfo": pack(doc_info)}
    for number, section in enumerate(sections):
        files[f"BodyText/Section{number}"] = pack(section)
    for number, section in enumerate(view_sections or []):
        files[f"ViewText/Section{number}"] = section
    if preview is not None:
        files["PrvText"] = preview.encode("utf-16-le")
    return build_ole(files | (streams or {}))


def deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def encrypt_view_section(
    section: bytes, *, seed: int = 0x1234ABCD, compressed: bool = True
) -> bytes:
    """The ViewText form of a section: a DISTRIBUTE_DOC_DATA record whose decoded bytes hold the
    AES key, then the (deflated) section encrypted with AES-128-ECB, padded to 16 bytes."""
    decoded = bytearray(seed.to_bytes(4, "little") + bytes(range(4, 256)))
    offset = 4 + (decoded[0] & 0x0F)
    key = bytes(decoded[offset : offset + 16])
    body = deflate(section) if compressed else section
    body += bytes(-len(body) % 16)
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    cipher = encryptor.update(body) + encryptor.finalize()
    return record(DISTRIBUTE_DOC_DATA, 0, decode_doc_data(bytes(decoded))) + cipher
