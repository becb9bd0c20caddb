"""Build small HWP 5 files in memory for tests: a compound-file (CFB v3) writer and HWP records
(paragraphs, tables, controls), so the reader can be tested on shapes no fixture has."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from resume_worker.stages.extract_text.hwp_distribution import decode_doc_data

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
PARA_HEADER, PARA_TEXT, CTRL_HEADER, LIST_HEADER, TABLE = 66, 67, 71, 72, 77
PARA_CHAR_SHAPE, CHAR_SHAPE, STYLE = 68, 21, 26
DISTRIBUTE_DOC_DATA = 28


# ------------------------------------------------------------------ compound file
@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    start: int = END


def build_ole(streams: dict[str, bytes]) -> bytes:
    """A compound file holding `streams` ("Storage/Stream" paths); storages are implied."""
    root = _Entry("Root Entry", 5)
    for path, data in streams.items():
        parent = root
        *storages, name = path.split("/")
        for storage in storages:
            found = next((c for c in parent.children if c.name == storage), None)
            if found is None:
                found = _Entry(storage, 1)
                parent.children.append(found)
            parent = found
        parent.children.append(_Entry(name, 2, data))
    entries = _flatten(root)
    sectors: list[bytes] = []
    fat: list[int] = []

    def allocate(data: bytes) -> int:
        if not data:
            return END
        first = len(sectors)
        count = -(-len(data) // SECTOR)
        for i in range(count):
            sectors.append(data[i * SECTOR : (i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(first + i + 1 if i < count - 1 else END)
        return first

    mini, mini_fat = bytearray(), []
    for entry in entries:
        if entry.kind == 2 and 0 < len(entry.data) < MINI_CUTOFF:
            entry.start = len(mini) // MINI_SECTOR
            count = -(-len(entry.data) // MINI_SECTOR)
            mini += entry.data.ljust(count * MINI_SECTOR, b"\0")
            mini_fat += [entry.start + i + 1 for i in range(count - 1)] + [END]
        elif entry.kind == 2:
            entry.start = allocate(entry.data)
    root.data = bytes(mini)
    root.start = allocate(root.data)
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_bytes += struct.pack("<I", FREE) * (-len(mini_fat) % (SECTOR // 4))
    mini_fat_start = allocate(mini_fat_bytes)
    directory = b"".join(_directory_entry(e, entries) for e in entries)
    directory += _empty_entry() * (-len(entries) % (SECTOR // 128))
    directory_start = allocate(directory)
    fat_sectors = 1
    while len(sectors) + fat_sectors > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    fat_start = len(sectors)
    fat += [FAT_SECTOR] * fat_sectors
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    sectors += [fat_bytes[i * SECTOR : (i + 1) * SECTOR] for i in range(fat_sectors)]
    header = _header(fat_sectors, fat_start, directory_start, mini_fat_start, len(mini_fat))
    return header + b"".join(sectors)


def _flatten(root: _Entry) -> list[_Entry]:
    order, queue = [], [root]
    while queue:
        entry = queue.pop(0)
        order.append(entry)
        entry.children.sort(key=lambda c: (len(c.name), c.name.upper()))
        queue.extend(entry.children)
    return order


def _directory_entry(entry: _Entry, entries: list[_Entry]) -> bytes:
    """Siblings form a chain to the right (a valid, if unbalanced, binary search tree)."""
    encoded = entry.name.encode("utf-16-le")
    siblings = next((p.children for p in entries if entry in p.children), [entry])
    position = siblings.index(entry)
    right = entries.index(siblings[position + 1]) if position + 1 < len(siblings) else NO_STREAM
    child = entries.index(entry.children[0]) if entry.children else NO_STREAM
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(encoded) + 2, entry.kind, 1, NO_STREAM, right, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<IQ", entry.start, len(entry.data))
    )


def _empty_entry() -> bytes:
    return bytes(66) + struct.pack("<BBIII", 0, 0, NO_STREAM, NO_STREAM, NO_STREAM) + bytes(52)


def _header(fat_sectors: int, fat_start: int, directory: int, mini_fat: int, mini: int) -> bytes:
    mini_fat_sectors = -(-mini // (SECTOR // 4))
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    head += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    head += struct.pack("<IIIII", 0, fat_sectors, directory, 0, MINI_CUTOFF)
    head += struct.pack("<IIII", mini_fat if mini else END, mini_fat_sectors, END, 0)
    difat = [fat_start + i for i in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    return head + struct.pack("<109I", *difat)


# ------------------------------------------------------------------ HWP records
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
    level: int, text: str, *controls: bytes, style: int = 0, char_shape: int | None = None
) -> bytes:
    """PARA_HEADER (with its style id), PARA_TEXT (with a paragraph end), a PARA_CHAR_SHAPE
    when `char_shape` is given, and the paragraph's controls."""
    body = (text + "\r").encode("utf-16-le", "surrogatepass")
    header = struct.pack("<IIHBB", len(body) // 2, 0, 0, style, 0) + bytes(10)
    shapes = b""
    if char_shape is not None:
        shapes = record(PARA_CHAR_SHAPE, level + 1, struct.pack("<II", 0, char_shape))
    return (
        record(PARA_HEADER, level, header)
        + record(PARA_TEXT, level + 1, body)
        + shapes
        + b"".join(controls)
    )


def char_shape(size: int) -> bytes:
    """A DocInfo CHAR_SHAPE record with base size `size` (1/100 pt) and zeroed other fields."""
    return record(CHAR_SHAPE, 0, bytes(42) + struct.pack("<i", size) + bytes(30))


def style(name: str, english: str, shape: int) -> bytes:
    """A DocInfo STYLE record: both names, then type, next style, language, para and char shape."""
    names = b"".join(struct.pack("<H", len(n)) + n.encode("utf-16-le") for n in (name, english))
    return record(STYLE, 0, names + struct.pack("<BBhHH", 0, 0, 1042, 0, shape))


def control(level: int, ident: str, *children: bytes) -> bytes:
    """A CTRL_HEADER with its id; `children` are records one level deeper."""
    return record(CTRL_HEADER, level, ident.encode("latin-1")[::-1] + bytes(4)) + b"".join(children)


def table(
    level: int, cells: list[tuple[int, int, int, int, list[str | bytes]]], *, rows: int = 0
) -> bytes:
    """A 'tbl ' control at `level` (its paragraph's level + 1); cells are (row, col, row span,
    col span, paragraphs), in storage order. A paragraph is its text, or records built with
    `paragraph(level + 1, ...)` (to nest a table in a cell)."""
    n_rows = rows or max(row + span for row, _, span, _, _ in cells)
    n_cols = max(col + span for _, col, _, span, _ in cells)
    out = record(TABLE, level + 1, struct.pack("<IHH", 0, n_rows, n_cols) + bytes(16))
    for row, col, row_span, col_span, texts in cells:
        address = struct.pack("<HIHHHHH", len(texts), 0, 0, col, row, col_span, row_span)
        out += record(LIST_HEADER, level + 1, address + bytes(22))
        out += b"".join(t if isinstance(t, bytes) else paragraph(level + 1, t) for t in texts)
    return control(level, "tbl ", out)


def build_hwp(
    sections: list[bytes],
    *,
    properties: int = 1,
    version: tuple[int, int, int, int] = (5, 0, 3, 0),
    view_sections: list[bytes] | None = None,
    preview: str | None = None,
    raw_sections: bool = False,
    doc_info: bytes = b"",
) -> bytes:
    """An HWP 5 file: FileHeader, BodyText sections (deflated when bit 0 of `properties` is
    set, unless `raw_sections`), optional ViewText sections and PrvText preview."""
    major, minor, build, revision = version
    header = b"HWP Document File".ljust(32, b"\0")
    header += bytes((revision, build, minor, major)) + struct.pack("<I", properties)
    pack = (lambda s: s) if raw_sections or not properties & 1 else deflate
    streams = {"FileHeader": header.ljust(256, b"\0"), "DocInfo": pack(doc_info)}
    for number, section in enumerate(sections):
        streams[f"BodyText/Section{number}"] = pack(section)
    for number, section in enumerate(view_sections or []):
        streams[f"ViewText/Section{number}"] = section
    if preview is not None:
        streams["PrvText"] = preview.encode("utf-16-le")
    return build_ole(streams)


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
