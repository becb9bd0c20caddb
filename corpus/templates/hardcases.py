"""The hard cases: composites of two people (MULTI_IDENTITY), near-misses that name other people
beside the candidate, documents that are not resumes (NOT_A_RESUME), and scans of other
templates' PDFs that only OCR can read. Composites and scans are built over the layouts of the
other families; near-misses and non-resumes over the hard cases' own (hardcases_doc.py)."""

from __future__ import annotations

from corpus.templates import Template
from corpus.templates.hardcases_composite import composite_templates
from corpus.templates.hardcases_nearmiss import TEMPLATES as NEARMISS
from corpus.templates.hardcases_nonresume import TEMPLATES as NONRESUME
from corpus.templates.hardcases_scan import scan_templates
from corpus.templates.hardcases_sources import resume_sources


def templates_over(templates: list[Template]) -> list[Template]:
    """The hard cases, the composites and scans rendering people through `templates` (every
    other family's)."""
    sources = resume_sources(templates)
    return [*composite_templates(sources), *NEARMISS, *NONRESUME, *scan_templates(sources)]
