"""Fixtures for the intake stage tests: the shared dev set and small in-memory containers."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF

from tests.e2e import shared_dir


@pytest.fixture
def dev_dir() -> Path:
    """The shared dev evaluation set (a skip without ../shared, a failure under CI=true)."""
    return shared_dir("eval", "dev")


@pytest.fixture
def hwp_fixtures() -> Path:
    """The shared HWP parser fixtures (a skip without ../shared, a failure under CI=true)."""
    return shared_dir("fixtures", "hwp")


@pytest.fixture
def make_zip() -> Callable[..., bytes]:
    """Build a ZIP archive from {name: bytes}; `stored` names are written uncompressed."""

    def build(parts: dict[str, bytes], *, stored: tuple[str, ...] = ()) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, payload in parts.items():
                method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
                archive.writestr(name, payload, compress_type=method)
        return buffer.getvalue()

    return build


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    """Build a PDF with `pages` pages of Helvetica lines; extra keywords go to set_encryption."""

    def build(lines: list[str], *, pages: int = 1, **encryption: object) -> bytes:
        pdf = FPDF()
        pdf.set_font("helvetica", size=11)
        for _ in range(pages):
            pdf.add_page()
            for line in lines:
                pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        if encryption:
            pdf.set_encryption(**encryption)
        return bytes(pdf.output())

    return build


@pytest.fixture
def resume_lines() -> list[str]:
    """A few lines of an English resume, long enough to pass the minimum text length."""
    return [
        "Alex Morgan",
        "alex.morgan@example.com | (555) 010-0199",
        "Experience",
        "Software Engineer, Example Systems, 2019 - Present",
        "Built data pipelines and services for payments and search.",
        "Education",
        "B.S. Computer Science, Example State University, 2015 - 2019",
    ]
