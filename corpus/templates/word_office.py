"""Office files made reproducible: DOCX packages with fixed dates and zip times, and DOCX to PDF
through LibreOffice with the PDF's dates, /ID and checksum fixed, so the same seed gives the same
bytes (python-docx stamps the zip with the clock; LibreOffice stamps the PDF with it and an ID)."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import zipfile
from collections.abc import Callable

from corpus.templates import Context

ZIP_TIME = (2026, 11, 20, 0, 0, 0)
W3CDTF = "2026-11-20T00:00:00Z"
SOURCE_DATE_EPOCH = "1795132800"  # 2026-11-20T00:00:00Z, the corpus's day, for pandoc
_CORE_DATES = re.compile(
    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)
_PDF_DATES = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})")


def copy_number(persona_id: str) -> int:
    """The copy a persona was made for (`corpus.build` names them `<seed>-<template>-<copy>`):
    which copies are also converted is a fixed rule on it, so every template gets its share."""
    return int(persona_id.rsplit("-", 1)[1])


def _fixed_core(core: bytes) -> bytes:
    return _CORE_DATES.sub(rb"\g<1>" + W3CDTF.encode() + rb"\g<2>", core)


def converted(persona_id: str) -> bool:
    """Odd copies are also converted (DOCX through pandoc, PDF through LibreOffice)."""
    return copy_number(persona_id) % 2 == 1


def fixed_docx(data: bytes, edit: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The package again with every member stamped with the corpus's day, and the core
    properties' created/modified dates set to it; `edit` rewrites the members it names (the
    text is otherwise untouched)."""
    edits = {"docProps/core.xml": _fixed_core, **(edit or {})}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename in edits:
                body = edits[info.filename](body)
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, body)
    return out.getvalue()


def docx_to_pdf(docx: bytes, context: Context, stem: str) -> bytes:
    """The PDF LibreOffice prints of `docx`, made reproducible."""
    return reproducible_pdf(
        libreoffice_convert(docx, context, stem, folder="soffice", to="pdf:writer_pdf_Export")
    )


def libreoffice_convert(docx: bytes, context: Context, stem: str, *, folder: str, to: str) -> bytes:
    """What LibreOffice makes of `docx` with the `--convert-to` filter `to` (`pdf:...`,
    `doc:MS Word 97`), in its own profile folder under the build's scratch folder, so parallel
    builds and the user's settings never meet."""
    place = context.work / folder / stem
    place.mkdir(parents=True, exist_ok=True)
    source = place / f"{stem}.docx"
    source.write_bytes(docx)
    profile = (context.work / "soffice-profile").resolve().as_uri()
    command = [
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        to,
        "--outdir",
        str(place),
        str(source),
    ]
    subprocess.run(command, capture_output=True, timeout=180, check=True)
    suffix = to.split(":", maxsplit=1)[0]
    made = place / f"{stem}.{suffix}"
    if not made.is_file():
        raise RuntimeError(f"LibreOffice made no {suffix.upper()} of {stem}")
    return made.read_bytes()


def reproducible_pdf(pdf: bytes) -> bytes:
    """Dates set to the corpus's day; /ID and /DocChecksum (clock-derived) replaced, at the same
    length so the cross-reference offsets hold, by a digest of the rest of the file."""
    pdf = _PDF_DATES.sub(rb"\g<1>20261120000000", pdf)
    blank = _PDF_ID.sub(lambda m: b"0" * len(m.group(0)), pdf)
    blank = _PDF_CHECKSUM.sub(lambda m: b"0" * len(m.group(0)), blank)
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()

    def identifier(match: re.Match[bytes]) -> bytes:
        first, second = match.group(1), match.group(2)
        text = match.group(0)
        return text.replace(first, digest[: len(first)], 1).replace(
            second, digest[: len(second)], 1
        )

    pdf = _PDF_ID.sub(identifier, pdf)
    return _PDF_CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), digest), pdf)
