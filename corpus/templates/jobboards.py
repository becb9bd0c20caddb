"""(being written) templates of the jobboards family."""

from __future__ import annotations

from corpus.templates import Template

TEMPLATES: list[Template] = []
