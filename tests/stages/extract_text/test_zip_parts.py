"""Tests for reading ZIP parts with a cap on inflated bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest

from resume_worker.stages.extract_text.zip_parts import ZipPartTooLargeError, read_part


def test_part_within_the_cap_is_read_whole(make_zip: Callable[..., bytes]) -> None:
    """A part smaller than the cap comes back byte for byte."""
    archive = zipfile.ZipFile(io.BytesIO(make_zip({"a.xml": b"<a>" * 1000})))
    assert read_part(archive, "a.xml", limit=10_000) == b"<a>" * 1000


def test_part_over_the_cap_is_refused(make_zip: Callable[..., bytes]) -> None:
    """A part larger than the cap raises instead of inflating."""
    archive = zipfile.ZipFile(io.BytesIO(make_zip({"a.xml": bytes(5000)})))
    with pytest.raises(ZipPartTooLargeError):
        read_part(archive, "a.xml", limit=4096)


def test_part_that_lies_about_its_size_is_stopped(make_zip: Callable[..., bytes]) -> None:
    """A header that declares fewer bytes than the data inflates to stops at the declared size."""
    data = bytearray(make_zip({"a.xml": bytes(100_000)}))
    directory = data.rindex(b"PK\x01\x02")
    data[directory + 24 : directory + 28] = (1000).to_bytes(4, "little")
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    assert archive.getinfo("a.xml").file_size == 1000
    with pytest.raises((ZipPartTooLargeError, zipfile.BadZipFile)):
        read_part(archive, "a.xml")


def test_missing_part_is_a_key_error(make_zip: Callable[..., bytes]) -> None:
    """Asking for a part that is not there raises KeyError (a parse error upstream)."""
    archive = zipfile.ZipFile(io.BytesIO(make_zip({"a.xml": b"<a/>"})))
    with pytest.raises(KeyError):
        read_part(archive, "b.xml")
