"""Hostile and broken inputs through intake (validate_file, then extract_text): each ends in
the WorkerError its kind calls for, quickly and within bounded memory, and never another
exception or a hang."""

from __future__ import annotations

import io
import random
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.models import ExtractedText
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.validate_file import FileLimits, validate_file
from tests.e2e import SAMPLES

LIMITS = FileLimits()
MB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HP_NS = "http://www.hancom.co.kr/hwpml/2011/paragraph"
HS_NS = "http://www.hancom.co.kr/hwpml/2011/section"
CONTENT_TYPES = (
    b'<?xml version="1.0"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
HPF = (
    b'<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:manifest>'
    b'<opf:item id="s0" href="Contents/section0.xml"/></opf:manifest>'
    b'<opf:spine><opf:itemref idref="s0"/></opf:spine></opf:package>'
)
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10))
    + b"]>"
)


def outcome(data: bytes, extension: str) -> ExtractedText | WorkerError:
    """Run intake; any exception other than a WorkerError escapes and fails the test."""
    try:
        return extract_text(validate_file(data, extension=extension, limits=LIMITS))
    except WorkerError as error:
        return error


def code_of(data: bytes, extension: str) -> ErrorCode:
    result = outcome(data, extension)
    assert isinstance(result, WorkerError), f"expected a rejection, got {result!r}"
    return result.code


# ------------------------------------------------------------------ builders
def build_pdf(objects: list[bytes]) -> bytes:
    """A classic PDF (object 1 is the catalog) with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def text_page(parent: int, resources: int, contents: int) -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources %d 0 R "
        b"/Contents %d 0 R >>" % (parent, resources, contents)
    )


def stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(content), extra, content)


RESUME_LINE = b"Alex Morgan, Software Engineer at Example Systems since 2019, Python and Go"
SHOW_TEXT = b"BT /F1 11 Tf 72 700 Td (%s) Tj 0 -14 Td (%s) Tj ET" % (RESUME_LINE, RESUME_LINE)
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in parts.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, payload, compress_type=method)
    return buffer.getvalue()


def docx_of(document_xml: bytes) -> bytes:
    return zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document_xml})


def hwpx_of(section_xml: bytes, hpf: bytes = HPF) -> bytes:
    return zip_of(
        {
            "mimetype": b"application/hwp+zip",
            "Contents/content.hpf": hpf,
            "Contents/section0.xml": section_xml,
        }
    )


def docx_text(body: bytes) -> bytes:
    return (
        b'<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body>'
        b"</w:document>" % (W_NS.encode(), body)
    )


def hwpx_text(body: bytes) -> bytes:
    return (
        b'<hs:sec xmlns:hs="%s" xmlns:hp="%s"><hp:p><hp:run><hp:t>%s</hp:t></hp:run></hp:p>'
        b"</hs:sec>" % (HS_NS.encode(), HP_NS.encode(), body)
    )


def streamed_bomb(kind: str, inflated_mb: int) -> bytes:
    """A DOCX or HWPX whose one text part inflates to `inflated_mb` MB of spaces, written
    in chunks so building it never holds the inflated part in memory."""
    head, tail = (docx_text(b"\x00") if kind == "docx" else hwpx_text(b"\x00")).split(b"\x00")
    name = "word/document.xml" if kind == "docx" else "Contents/section0.xml"
    others = (
        {"[Content_Types].xml": CONTENT_TYPES}
        if kind == "docx"
        else {"mimetype": b"application/hwp+zip", "Contents/content.hpf": HPF}
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, payload in others.items():
            archive.writestr(part, payload)
        with archive.open(name, "w") as entry:
            entry.write(head)
            for _ in range(inflated_mb):
                entry.write(b" " * MB)
            entry.write(tail)
    return buffer.getvalue()


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size that the local and central headers of `name` declare."""
    patched = bytearray(data)
    encoded = name.encode()
    at = patched.find(encoded)
    while at != -1:
        if patched[at - 30 : at - 26] == b"PK\x03\x04":
            struct.pack_into("<I", patched, at - 30 + 22, size)
        if patched[at - 46 : at - 42] == b"PK\x01\x02":
            struct.pack_into("<I", patched, at - 46 + 24, size)
        at = patched.find(encoded, at + 1)
    return bytes(patched)


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def sample_hwpx() -> Path:
    found = sorted(SAMPLES.glob("*.hwpx"))
    assert found, "samples/ has no HWPX file: run samples/build_samples.py"
    return found[0]


# ------------------------------------------------------------------ empty and truncated
@pytest.mark.timeout(10)
@pytest.mark.parametrize("extension", [".pdf", ".docx", ".hwpx", ".hwp", ".doc", ".txt", ".md", ""])
def test_zero_bytes_is_an_invalid_file(extension: str) -> None:
    """An empty upload is INVALID_FILE whatever its name."""
    assert code_of(b"", extension) is ErrorCode.INVALID_FILE


@pytest.mark.timeout(10)
@pytest.mark.parametrize("cut", [0.1, 0.5, 0.95])
def test_truncated_containers_are_invalid_files(cut: float) -> None:
    """A PDF, DOCX or HWPX cut short is INVALID_FILE (a corrupt container)."""
    for data, extension in (
        (sample("en-one-column.pdf"), ".pdf"),
        (sample("en-header-skills-table.docx"), ".docx"),
        (sample_hwpx().read_bytes(), ".hwpx"),
    ):
        assert code_of(data[: int(len(data) * cut)], extension) is ErrorCode.INVALID_FILE


# ------------------------------------------------------------------ random bytes behind magic
MAGICS = [
    (".pdf", b"%PDF-1.7\n"),
    (".docx", b"PK\x03\x04"),
    (".hwpx", b"PK\x03\x04"),
    (".hwp", OLE_MAGIC),
    (".doc", OLE_MAGIC),
    (".txt", b"Resume\n"),
    (".md", b"# Resume\n"),
]


@pytest.mark.timeout(20)
@pytest.mark.parametrize(("extension", "magic"), MAGICS)
def test_random_bytes_behind_valid_magic_are_invalid_files(extension: str, magic: bytes) -> None:
    """Valid magic bytes followed by noise are INVALID_FILE, for every seed tried."""
    rng = random.Random(extension)
    for size in (16, 600, 5000, 70_000):
        assert code_of(magic + rng.randbytes(size), extension) is ErrorCode.INVALID_FILE


@pytest.mark.timeout(10)
def test_random_bytes_inside_a_valid_container_are_invalid_files() -> None:
    """A well-formed DOCX or HWPX whose body part is noise is INVALID_FILE (corrupt XML)."""
    rng = random.Random(7)
    noise = rng.randbytes(5000)
    assert code_of(docx_of(noise), ".docx") is ErrorCode.INVALID_FILE
    assert code_of(hwpx_of(noise), ".hwpx") is ErrorCode.INVALID_FILE


# ------------------------------------------------------------------ PDF structure attacks
@pytest.mark.timeout(10)
def test_a_pdf_with_ten_thousand_pages_is_refused_quickly() -> None:
    """10,000 pages is TOO_MANY_PAGES from the page count alone, well under a second."""
    pages = 10_000
    kids = b" ".join(b"%d 0 R" % (number + 3) for number in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * pages,
    ]
    data = build_pdf(objects)
    started = time.perf_counter()
    result = outcome(data, ".pdf")
    assert isinstance(result, WorkerError) and result.code is ErrorCode.TOO_MANY_PAGES
    assert result.details["pages"] == pages
    assert time.perf_counter() - started < 1.0


@pytest.mark.timeout(10)
@pytest.mark.parametrize("depth", [2000, 20_000])
def test_a_page_tree_nested_past_the_parser_limit_is_a_parse_error(depth: int) -> None:
    """Pages nested thousands of levels deep: the page cannot be loaded, PARSE_ERROR."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    objects += [b"<< /Type /Pages /Count 1 /Kids [%d 0 R] >>" % (n + 3) for n in range(depth)]
    objects.append(b"<< /Type /Page /MediaBox [0 0 612 792] >>")
    assert code_of(build_pdf(objects), ".pdf") is ErrorCode.PARSE_ERROR


@pytest.mark.timeout(10)
def test_a_page_tree_that_contains_itself_is_a_parse_error() -> None:
    """A /Pages node whose kid is itself neither loops nor crashes: PARSE_ERROR."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Count 1 /Kids [2 0 R] >>"]
    assert code_of(build_pdf(objects), ".pdf") is ErrorCode.PARSE_ERROR


@pytest.mark.timeout(20)
def test_deep_objects_beside_real_text_leave_the_text_readable() -> None:
    """A catalog entry nested 100,000 arrays deep, a 20,000-link chain of font dictionaries and
    a form XObject that draws itself do not stop the page's real text from being read."""
    depth, chain = 100_000, 20_000
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Junk %s%s >>" % (b"[" * depth, b"]" * depth),
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        text_page(2, 4, 5),
        b"<< /Font << /F1 6 0 R >> /XObject << /X1 7 0 R >> /Extra 8 0 R >>",
        stream(SHOW_TEXT + b" /X1 Do"),
        HELVETICA,
        stream(b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources 4 0 R "),
    ]
    first = len(objects) + 1
    objects += [b"<< /Next %d 0 R >>" % (first + n + 1) for n in range(chain)]
    objects.append(b"<< /End true >>")
    result = outcome(build_pdf(objects), ".pdf")
    assert isinstance(result, ExtractedText), result
    assert "Alex Morgan, Software Engineer" in result.text


# ------------------------------------------------------------------ ZIP bombs
@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["docx", "hwpx"])
@pytest.mark.parametrize(("inflated_mb", "code"), [(150, "INVALID_FILE"), (300, "FILE_TOO_LARGE")])
def test_zip_bombs_are_refused_before_inflating(kind: str, inflated_mb: int, code: str) -> None:
    """A small file that honestly declares a huge part is refused from the central directory:
    INVALID_FILE for the compression ratio, FILE_TOO_LARGE beyond the unpacked limit."""
    data = streamed_bomb(kind, inflated_mb)
    assert len(data) < 2 * MB
    tracemalloc.start()
    try:
        result = outcome(data, f".{kind}")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(result, WorkerError) and result.code.value == code
    assert peak < 8 * MB


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["docx", "hwpx"])
def test_a_zip_bomb_that_lies_about_its_size_is_stopped_at_the_declared_size(kind: str) -> None:
    """A part declaring 5 KB that inflates to 300 MB passes the directory checks; reading stops
    at the declared size, memory stays small, and the corrupt container is INVALID_FILE."""
    name = "word/document.xml" if kind == "docx" else "Contents/section0.xml"
    data = declare_size(streamed_bomb(kind, 300), name, 5000)
    tracemalloc.start()
    try:
        result = outcome(data, f".{kind}")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(result, WorkerError) and result.code is ErrorCode.INVALID_FILE
    assert peak < 16 * MB


# ------------------------------------------------------------------ XML attacks
@pytest.mark.timeout(10)
def test_billion_laughs_in_hwpx_is_refused_without_expansion() -> None:
    """Entity declarations in an HWPX section or its package file are INVALID_FILE."""
    in_section = hwpx_of(BILLION_LAUGHS + hwpx_text(b"&lol9;"))
    in_package = hwpx_of(hwpx_text(b"x"), hpf=BILLION_LAUGHS + b"<package>&lol9;</package>")
    for data in (in_section, in_package):
        tracemalloc.start()
        try:
            result = outcome(data, ".hwpx")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert isinstance(result, WorkerError) and result.code is ErrorCode.INVALID_FILE
        assert peak < 4 * MB


@pytest.mark.timeout(10)
def test_billion_laughs_in_docx_is_refused_without_expansion() -> None:
    """Entity declarations in a DOCX body are INVALID_FILE."""
    data = docx_of(BILLION_LAUGHS + docx_text(b"&lol9;"))
    assert code_of(data, ".docx") is ErrorCode.INVALID_FILE


@pytest.mark.timeout(20)
@pytest.mark.parametrize("kind", ["docx", "hwpx"])
def test_xml_nested_past_the_depth_limit_is_an_invalid_file(kind: str) -> None:
    """100,000 nested elements: the parser's depth limit refuses it, INVALID_FILE, no crash."""
    opened, closed = b"<x>" * 100_000, b"</x>" * 100_000
    if kind == "docx":
        data = docx_of(docx_text(b"t</w:t>" + opened + closed + b"<w:t>t"))
    else:
        data = hwpx_of(hwpx_text(b"t</hp:t>" + opened + closed + b"<hp:t>t"))
    assert code_of(data, f".{kind}") is ErrorCode.INVALID_FILE


# ------------------------------------------------------------------ renamed and disguised files
@pytest.mark.timeout(20)
@pytest.mark.parametrize("extension", [".pdf", ".docx", ".hwpx", ".txt", ".hwp", ".resume", ""])
def test_renamed_documents_are_read_by_their_contents(extension: str) -> None:
    """A readable document under another name is read as what it is, with the same text."""
    for name, real in (
        ("en-one-column.pdf", "pdf"),
        ("en-header-skills-table.docx", "docx"),
        (sample_hwpx().name, "hwpx"),
    ):
        data = sample(name)
        renamed, proper = outcome(data, extension), outcome(data, f".{real}")
        assert isinstance(renamed, ExtractedText) and isinstance(proper, ExtractedText)
        assert (renamed.format, renamed.text) == (real, proper.text)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("extension", [".pdf", ".docx", ".hwpx", ".hwp", ".doc"])
def test_disguised_images_and_text_contradict_a_document_extension(extension: str) -> None:
    """A PNG or plain text under a binary document's extension is INVALID_FILE."""
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
    assert code_of(png, extension) is ErrorCode.INVALID_FILE
    assert code_of(sample("en-plain.txt"), extension) is ErrorCode.INVALID_FILE


@pytest.mark.timeout(10)
def test_a_zip_with_encrypted_entries_is_an_encrypted_file() -> None:
    """A DOCX whose entries carry the ZIP encryption flag is ENCRYPTED_FILE."""
    data = bytearray(docx_of(docx_text(b"secret")))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            data[at + flag_offset] |= 0x1
            at = data.find(signature, at + 1)
    assert code_of(bytes(data), ".docx") is ErrorCode.ENCRYPTED_FILE


# ------------------------------------------------------------------ regressions found by fuzzing
def set_header_field(data: bytes, local: int | None, central: int | None, value: int) -> bytes:
    """Write a 16-bit field at the given offsets of every local and central ZIP header."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        at = patched.find(signature)
        while offset is not None and at != -1:
            struct.pack_into("<H", patched, at + offset, value)
            at = patched.find(signature, at + 1)
    return bytes(patched)


@pytest.mark.timeout(10)
def test_a_zip_that_needs_an_unknown_format_version_is_an_invalid_file() -> None:
    """A central directory asking for ZIP version 6.4 (zipfile's NotImplementedError) is
    INVALID_FILE, not an escaped exception."""
    data = set_header_field(docx_of(docx_text(b"text")), None, 6, 64)
    assert code_of(data, ".docx") is ErrorCode.INVALID_FILE


@pytest.mark.timeout(10)
def test_an_hwpx_mimetype_with_an_unknown_compression_method_is_an_invalid_file() -> None:
    """Parts compressed with an unknown method (99) are INVALID_FILE when the mimetype part is
    read for sniffing, not an escaped NotImplementedError."""
    data = set_header_field(hwpx_of(hwpx_text(b"text")), 8, 10, 99)
    assert code_of(data, ".hwpx") is ErrorCode.INVALID_FILE
