"""(being written) templates of the ko_forms family."""

from __future__ import annotations

from corpus.templates import Template

TEMPLATES: list[Template] = []
