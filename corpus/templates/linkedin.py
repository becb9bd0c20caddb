"""(being written) templates of the linkedin family."""

from __future__ import annotations

from corpus.templates import Template

TEMPLATES: list[Template] = []
