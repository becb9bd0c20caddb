"""(being written) templates of the hardcases family."""

from __future__ import annotations

from corpus.templates import Template


def templates_over(templates: list[Template]) -> list[Template]:
    """The hard cases (composites of two personas, near-misses, non-resumes), some built over
    the layouts of other templates."""
    return []
