"""Smoke test over the shared dev set: every file validates and extracts as its gold expects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.validate_file import FileLimits, validate_file

# Gold values must be found in the extracted text (whitespace- and case-insensitive) this often.
MIN_FOUND_SHARE = 0.95
# Errors that belong to later stages: extraction must still succeed for these files.
LATER_STAGE_ERRORS = {"MULTI_IDENTITY"}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def gold_values(profile: dict[str, object]) -> list[str]:
    """Name, e-mails, phones, company and school names of one gold profile."""
    values = [str(profile["name"])] if profile.get("name") else []
    values += [str(v) for key in ("emails", "phones") for v in profile.get(key, [])]  # type: ignore[attr-defined]
    values += [str(c["company"]) for c in profile.get("careers", []) if c.get("company")]  # type: ignore[attr-defined]
    values += [str(e["school"]) for e in profile.get("education", []) if e.get("school")]  # type: ignore[attr-defined]
    return values


def documents(dev_dir: Path) -> list[tuple[Path, dict[str, object]]]:
    golds = sorted(dev_dir.glob("*/*.gold.json"))
    return [
        (gold.with_name(gold.name.removesuffix(".gold.json")), json.loads(gold.read_text()))
        for gold in golds
    ]


def test_every_dev_file_meets_its_expectation(dev_dir: Path) -> None:
    """Bad files are rejected with their gold code; the rest extract, except the scan (OCR)."""
    for path, gold in documents(dev_dir):
        data = path.read_bytes()
        expected = gold.get("error_code") if gold["expect"] == "error" else None
        if expected and expected not in LATER_STAGE_ERRORS:
            allowed = {expected, *gold.get("error_code_alternatives", [])}  # type: ignore[misc]
            with pytest.raises(PermanentError) as caught:
                validate_file(data, extension=path.suffix, limits=FileLimits())
            assert caught.value.code.value in allowed, path.name
            continue
        validated = validate_file(data, extension=path.suffix, limits=FileLimits())
        if "scanned" in path.name:
            with pytest.raises(PermanentError) as caught:
                extract_text(validated)
            assert caught.value.code is ErrorCode.OCR_UNAVAILABLE
            continue
        assert extract_text(validated).blocks, path.name


def test_gold_values_are_found_in_the_extracted_text(dev_dir: Path) -> None:
    """Across the dev set, names, e-mails, phones, companies and schools appear in the text."""
    found = total = 0
    missing: list[str] = []
    for path, gold in documents(dev_dir):
        if gold["expect"] != "profile" or "scanned" in path.name:
            continue
        text = squash(
            extract_text(
                validate_file(path.read_bytes(), extension=path.suffix, limits=FileLimits())
            ).text
        )
        for value in gold_values(gold["profile"]):  # type: ignore[arg-type]
            total += 1
            if squash(value) in text:
                found += 1
            else:
                missing.append(f"{path.name}: {value}")
    assert total > 200
    assert found / total >= MIN_FOUND_SHARE, missing


@pytest.mark.parametrize(
    ("name", "sidebar_lines"),
    [
        ("rmatcher-two-column.pdf", ["Database Optimization", "Distributed Systems", "LINKS"]),
        (
            "ocv-weasyprint-two-column.pdf",
            ["• (312) 555-0123", "• Go, Rust, Python, TypeScript", "SKILLS"],
        ),
        (
            "ocv-chromium-two-column-sidebar.pdf",
            ["Leadership", "Highly Scalable Consumer Apps", "SUMMARY"],
        ),
    ],
)
def test_dev_two_column_pdfs_keep_columns_apart(
    dev_dir: Path, name: str, sidebar_lines: list[str]
) -> None:
    """Lines of one column are never joined with the line beside them in the other column."""
    data = (dev_dir / "en" / name).read_bytes()
    lines = {
        block.text
        for block in extract_text(validate_file(data, extension=".pdf", limits=FileLimits())).blocks
    }
    for line in sidebar_lines:
        assert line in lines, line
