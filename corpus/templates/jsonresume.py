"""(being written) templates of the jsonresume family."""

from __future__ import annotations

from corpus.templates import Template

TEMPLATES: list[Template] = []
