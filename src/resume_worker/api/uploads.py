"""Reading an upload off the wire with the size limit enforced while it streams.

Starlette's own form parser spools a whole file before a route sees it; this one feeds the
request stream chunk by chunk to python-multipart's push parser and stops with 413 as soon as the
file part passes limits.max_file_mb (or the body passes it plus FORM_OVERHEAD), so an oversized
upload costs at most one network chunk beyond the limit. A declared Content-Length over the limit
is refused before any of the body is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from resume_worker.api.errors import ApiError
from resume_worker.core.errors import ErrorCode

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

FILE_FIELD = "file"
TEXT_FIELDS = frozenset({"webhook_url"})
TEXT_FIELD_LIMIT = 4096
MAX_PARTS = 8
# Room for the part headers, the boundaries and the text fields around the file.
FORM_OVERHEAD = 64 * 1024
_EXTENDED_NAME = re.compile(rb"filename\*=UTF-8''([^;\s]+)", re.IGNORECASE)


@dataclass
class Upload:
    """The file part (its name as sent, its bytes) and the text fields of one form."""

    file_name: str | None = None
    data: bytearray = field(default_factory=bytearray)
    fields: dict[str, str] = field(default_factory=dict)


class _TooLarge(Exception):
    pass


def too_large(limit_bytes: int) -> ApiError:
    mb = limit_bytes / (1024 * 1024)
    return ApiError(413, ErrorCode.FILE_TOO_LARGE, f"the file is larger than {mb:g} MB")


def bad_form(message: str) -> ApiError:
    return ApiError(422, ErrorCode.VALIDATION_ERROR, message)


class _FormReader:
    """python-multipart callbacks that keep the file part and small text fields."""

    def __init__(self, limit_bytes: int) -> None:
        self.limit = limit_bytes
        self.upload = Upload()
        self.parts = 0
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""
        self.name: str | None = None
        self.text = bytearray()

    def on_part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise bad_form(f"a form has at most {MAX_PARTS} parts")
        self.disposition, self.name, self.text = b"", None, bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        self.name = options.get(b"name", b"").decode("utf-8", "replace")
        if self.name == FILE_FIELD:
            if self.upload.file_name is not None:
                raise bad_form("send one file per request")
            self.upload.file_name = _file_name(self.disposition, options.get(b"filename"))

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.name == FILE_FIELD:
            self.upload.data += data[start:end]
            if len(self.upload.data) > self.limit:
                raise _TooLarge
        elif self.name in TEXT_FIELDS:
            self.text += data[start:end]
            if len(self.text) > TEXT_FIELD_LIMIT:
                raise bad_form(f"{self.name} is longer than {TEXT_FIELD_LIMIT} bytes")

    def on_part_end(self) -> None:
        if self.name in TEXT_FIELDS:
            self.upload.fields[self.name] = self.text.decode("utf-8", "replace")


def _file_name(disposition: bytes, plain: bytes | None) -> str:
    """RFC 5987 `filename*=UTF-8''...` when given, else the plain (UTF-8) filename, else ""."""
    extended = _EXTENDED_NAME.search(disposition)
    if extended is not None:
        return unquote(extended.group(1).decode("ascii", "replace"))
    return (plain or b"").decode("utf-8", "replace")


def form_boundary(content_type: str) -> bytes:
    kind, options = parse_options_header(content_type.encode("latin-1", "replace"))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise bad_form("expected multipart/form-data with a boundary")
    return boundary


def check_declared_length(request: Request, limit_bytes: int) -> None:
    """Refuse before reading when the client says up front that the body is too large."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit_bytes:
        raise too_large(limit_bytes)


async def read_upload(request: Request, *, limit_bytes: int) -> Upload:
    """The form's file and text fields, read under the limit (413 past it, 422 for a bad form)."""
    boundary = form_boundary(request.headers.get("content-type", ""))
    check_declared_length(request, limit_bytes + FORM_OVERHEAD)
    reader = _FormReader(limit_bytes)
    parser = MultipartParser(boundary, _callbacks(reader))
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit_bytes + FORM_OVERHEAD:
                raise _TooLarge
            parser.write(chunk)
        parser.finalize()
    except _TooLarge:
        raise too_large(limit_bytes) from None
    except FormParserError:
        raise bad_form("the multipart body is malformed") from None
    if reader.upload.file_name is None:
        raise bad_form(f"the form has no `{FILE_FIELD}` part")
    return reader.upload


def _callbacks(reader: _FormReader) -> MultipartCallbacks:
    return {
        "on_part_begin": reader.on_part_begin,
        "on_header_field": reader.on_header_field,
        "on_header_value": reader.on_header_value,
        "on_header_end": reader.on_header_end,
        "on_headers_finished": reader.on_headers_finished,
        "on_part_data": reader.on_part_data,
        "on_part_end": reader.on_part_end,
    }
