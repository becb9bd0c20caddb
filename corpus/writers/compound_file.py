"""A compound-file (CFB v3, "OLE2") writer: the container of HWP 5 and legacy Office files, with
storages implied by "Storage/Stream" paths, small streams in the mini stream, and a directory
whose siblings form a right-leaning chain (a valid, if unbalanced, red-black tree)."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    start: int = END


def build_ole(streams: dict[str, bytes]) -> bytes:
    """A compound file holding `streams` ("Storage/Stream" paths); storages are implied."""
    root = _tree(streams)
    entries = _flatten(root)
    sectors = _Sectors()
    mini_fat = _place_streams(entries, sectors)
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_bytes += struct.pack("<I", FREE) * (-len(mini_fat) % (SECTOR // 4))
    mini_fat_start = sectors.allocate(mini_fat_bytes)
    directory = b"".join(_directory_entry(e, entries) for e in entries)
    directory += _empty_entry() * (-len(entries) % (SECTOR // 128))
    directory_start = sectors.allocate(directory)
    fat_sectors = 1
    while len(sectors.data) + fat_sectors > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    fat_start = len(sectors.data)
    fat = sectors.fat + [FAT_SECTOR] * fat_sectors
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    tail = [fat_bytes[i * SECTOR : (i + 1) * SECTOR] for i in range(fat_sectors)]
    header = _header(fat_sectors, fat_start, directory_start, mini_fat_start, len(mini_fat))
    return header + b"".join(sectors.data + tail)


@dataclass
class _Sectors:
    """The file's sectors after the header, and the FAT chain of each allocation."""

    data: list[bytes] = field(default_factory=list)
    fat: list[int] = field(default_factory=list)

    def allocate(self, data: bytes) -> int:
        if not data:
            return END
        first = len(self.data)
        count = -(-len(data) // SECTOR)
        for i in range(count):
            self.data.append(data[i * SECTOR : (i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            self.fat.append(first + i + 1 if i < count - 1 else END)
        return first


def _place_streams(entries: list[_Entry], sectors: _Sectors) -> list[int]:
    """Streams under the cutoff go to the mini stream (held by the root entry), the rest to
    sectors of their own; returns the mini FAT."""
    mini, mini_fat = bytearray(), []
    for entry in entries:
        if entry.kind == 2 and 0 < len(entry.data) < MINI_CUTOFF:
            entry.start = len(mini) // MINI_SECTOR
            count = -(-len(entry.data) // MINI_SECTOR)
            mini += entry.data.ljust(count * MINI_SECTOR, b"\0")
            mini_fat += [entry.start + i + 1 for i in range(count - 1)] + [END]
        elif entry.kind == 2:
            entry.start = sectors.allocate(entry.data)
    entries[0].data = bytes(mini)
    entries[0].start = sectors.allocate(entries[0].data)
    return mini_fat


def _tree(streams: dict[str, bytes]) -> _Entry:
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
    return root


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
