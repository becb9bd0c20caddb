"""(being written) templates of the word family."""

from __future__ import annotations

from corpus.templates import Template

TEMPLATES: list[Template] = []
