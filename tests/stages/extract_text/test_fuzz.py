"""Fuzzing intake (validate_file, then extract_text) with mutated copies of small valid files of
every format: the outcome is always an ExtractedText or a WorkerError, never another exception.

Byte-level mutations (flip, overwrite, delete, insert, duplicate, truncate) run on each seed
file as a whole; for the ZIP formats a second strategy mutates one part and re-packs it, so the
XML readers see damaged XML rather than a ZIP whose checksums fail first. The budget (600
examples per test, about 15 s in all) keeps CI fast; `FUZZ_EXAMPLES=20000` runs a long session.
Under CI=true the examples are derandomised so a run is reproducible.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Callable
from datetime import timedelta

import olefile
import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resume_worker.core.errors import WorkerError
from resume_worker.core.models import Block, ExtractedText
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.extract_text.hwp_records import (
    HwpFormatError,
    RecordBudget,
    Stories,
    parse_records,
    read_section,
)
from resume_worker.stages.validate_file import FileLimits, validate_file
from tests.e2e import SAMPLES, shared_dir

# Tight limits keep a mutated "page count" or part size from turning one example into a
# long parse; they are limits like any other, so the outcome rule is the same.
LIMITS = FileLimits(max_pages=5, max_uncompressed_mb=8, max_file_mb=2)
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "600")),
    deadline=timedelta(seconds=10),
    database=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LINES = [
    "Alex Morgan",
    "alex.morgan@example.com | (555) 010-0199",
    "Experience: Software Engineer, Example Systems, 2019 - Present",
    "Education: B.S. Computer Science, Example State University, 2015 - 2019",
    "홍길동 이력서: 경력 2019.03 ~ 현재, 네이버 백엔드 개발자",
]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HP_NS = "http://www.hancom.co.kr/hwpml/2011/paragraph"
HS_NS = "http://www.hancom.co.kr/hwpml/2011/section"


def seed_pdf() -> bytes:
    """A one-page PDF with uncompressed content, so mutations reach the text operators."""
    pdf = FPDF()
    pdf.set_compression(False)
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in LINES[:4]:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in parts.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, payload, compress_type=method)
    return buffer.getvalue()


def docx_parts() -> dict[str, bytes]:
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in LINES)
    cells = "".join(f"<w:tc><w:p><w:r><w:t>{word}</w:t></w:r></w:p></w:tc>" for word in LINES[2:])
    body = f"{paragraphs}<w:tbl><w:tr>{cells}</w:tr></w:tbl>"
    document = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    types = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    return {"[Content_Types].xml": types.encode(), "word/document.xml": document.encode()}


def hwpx_parts() -> dict[str, bytes]:
    runs = "".join(f"<hp:p><hp:run><hp:t>{line}</hp:t></hp:run></hp:p>" for line in LINES)
    cell = (
        "<hp:tc><hp:subList><hp:p><hp:run><hp:t>경력</hp:t></hp:run></hp:p></hp:subList>"
        '<hp:cellAddr colAddr="0" rowAddr="0"/><hp:cellSpan colSpan="2" rowSpan="1"/></hp:tc>'
    )
    table = f"<hp:p><hp:run><hp:tbl><hp:tr>{cell}</hp:tr></hp:tbl></hp:run></hp:p>"
    section = f'<hs:sec xmlns:hs="{HS_NS}" xmlns:hp="{HP_NS}">{runs}{table}</hs:sec>'
    package = (
        '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:manifest>'
        '<opf:item id="s0" href="Contents/section0.xml"/></opf:manifest>'
        '<opf:spine><opf:itemref idref="s0"/></opf:spine></opf:package>'
    )
    return {
        "mimetype": b"application/hwp+zip",
        "Contents/content.hpf": package.encode(),
        "Contents/section0.xml": section.encode(),
    }


def hwp_fixture(name: str) -> bytes:
    """A shared HWP 5 fixture (a skip without ../shared, a failure under CI=true)."""
    return (shared_dir("fixtures", "hwp") / name).read_bytes()


def hwp_section_records(name: str) -> bytes:
    """The inflated BodyText/Section0 record stream of a shared HWP fixture."""
    with olefile.OleFileIO(hwp_fixture(name)) as ole:
        return zlib.decompress(ole.openstream("BodyText/Section0").read(), -15)


SEEDS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "pdf": (".pdf", seed_pdf),
    "docx": (".docx", lambda: zip_of(docx_parts())),
    "hwpx": (".hwpx", lambda: zip_of(hwpx_parts())),
    "txt": (".txt", (SAMPLES / "en-plain.txt").read_bytes),
    "md": (".md", (SAMPLES / "ko-markdown.md").read_bytes),
    # A small table document, and a distribution document read from encrypted ViewText.
    "hwp": (".hwp", lambda: hwp_fixture("table-caption.hwp")),
    "hwp-distribution": (".hwp", lambda: hwp_fixture("testHWP-v5-dist.hwp")),
}
PARTS: dict[str, Callable[[], dict[str, bytes]]] = {"docx": docx_parts, "hwpx": hwpx_parts}


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` after one to four random edits at random places."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not out:
            break
        at = draw(st.integers(0, len(out) - 1))
        edit = draw(st.sampled_from(["flip", "overwrite", "delete", "insert", "repeat", "cut"]))
        if edit == "flip":
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            out[at : at + len(chunk)] = chunk
        elif edit == "delete":
            del out[at : at + draw(st.integers(1, 64))]
        elif edit == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif edit == "repeat":
            span = out[at : at + draw(st.integers(1, 64))]
            out[at:at] = span * draw(st.integers(1, 8))
        else:
            del out[at:]
    return bytes(out)


def assert_outcome_is_text_or_worker_error(data: bytes, extension: str) -> None:
    """The property: intake ends in an ExtractedText or a WorkerError, nothing else."""
    try:
        result = extract_text(validate_file(data, extension=extension, limits=LIMITS))
    except WorkerError:
        return
    assert isinstance(result, ExtractedText)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_mutated_files_end_in_text_or_a_worker_error(kind: str) -> None:
    """Byte-level mutations of a valid file of each format never raise anything else."""
    extension, make = SEEDS[kind]
    seed = make()
    assert isinstance(
        extract_text(validate_file(seed, extension=extension, limits=LIMITS)), ExtractedText
    )

    @FUZZ
    @given(data=mutated(seed))
    def check(data: bytes) -> None:
        assert_outcome_is_text_or_worker_error(data, extension)

    check()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", sorted(PARTS))
def test_mutated_parts_of_zip_documents_end_in_text_or_a_worker_error(kind: str) -> None:
    """One part of a DOCX or HWPX mutated and re-packed (valid ZIP, damaged XML) never raises
    anything else."""
    parts = PARTS[kind]()
    names = sorted(parts)

    @FUZZ
    @given(name=st.sampled_from(names), data=st.data())
    def check(name: str, data: st.DataObject) -> None:
        damaged = dict(parts)
        damaged[name] = data.draw(mutated(parts[name]))
        assert_outcome_is_text_or_worker_error(zip_of(damaged), f".{kind}")

    check()


@pytest.mark.timeout(60)
def test_mutated_hwp_records_end_in_blocks_or_a_format_error() -> None:
    """A fixture's inflated section records, mutated (a compressed stream rarely survives a
    byte-level mutation, so this reaches the record walk): blocks or HwpFormatError only."""
    section = hwp_section_records("table-caption.hwp")

    @FUZZ
    @given(data=mutated(section))
    def check(data: bytes) -> None:
        stories = Stories()
        try:
            read_section(parse_records(data, RecordBudget(100_000)), stories)
        except HwpFormatError:
            return
        assert all(isinstance(block, Block) for block in stories.blocks())

    check()


def test_the_property_rejects_foreign_exceptions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader that leaks a non-WorkerError fails the property (the fuzz tests can fail)."""
    import resume_worker.stages.extract_text as stage

    class LeakedError(Exception):
        pass

    def leak(data: bytes) -> list[object]:
        raise LeakedError

    monkeypatch.setattr(stage, "read_txt", leak)
    with pytest.raises(LeakedError):
        assert_outcome_is_text_or_worker_error((SAMPLES / "en-plain.txt").read_bytes(), ".txt")
