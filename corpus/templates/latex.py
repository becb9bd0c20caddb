"""(being written) templates of the latex family."""

from __future__ import annotations

from corpus.templates import Template

TEMPLATES: list[Template] = []
