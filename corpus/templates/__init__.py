"""Templates: how a persona becomes a document. Each family module lists its templates; the
registry here gathers them and fixes the split of each by a rule on its id (corpus/splits.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.gold import Shown
from corpus.records import Persona


@dataclass
class Context:
    """What renderers share: a scratch folder, the tools `make corpus-tools` installed, and the
    folder of vendored npm assets (node_modules)."""

    work: Path
    node_modules: Path
    chromium: str = "/usr/bin/chromium"
    cache: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rendered:
    """One layout of one persona, in one or more formats (a Korean form as HWP, HWPX and DOCX
    gives three documents), with what it shows and what else it carries."""

    files: dict[str, bytes]  # extension -> bytes
    shown: Shown
    icon_font: bool = False  # icon-font (Private Use Area) characters in the text
    photo: dict[str, Any] | None = None  # the planted ID photo: sha256 of its stored bytes, kind
    decoys: tuple[str, ...] = ()  # images that are not the photo (logo, QR code, ...)
    notes: str = ""
    gold: dict[str, Any] | None = None  # instead of the persona's (errors, composites)


Render = Callable[[Persona, Context], Rendered]


@dataclass(frozen=True)
class Template:
    """A layout: `source` names the third-party package it comes from (`name@version`), or
    `recreated` for a layout we rebuilt from public descriptions."""

    id: str
    family: str
    source: str
    languages: tuple[str, ...]
    render: Render
    copies: int = 8
    kind: str = "resume"  # resume | composite | nearmiss | nonresume
    field_of_work: str = ""  # a persona of this field only ("" = any)

    @property
    def third_party(self) -> bool:
        return self.source != "recreated"


def all_templates() -> list[Template]:
    """Every template of every family, in a fixed order."""
    from corpus.templates import (
        hardcases,
        jobboards,
        jsonresume,
        ko_forms,
        ko_markdown,
        latex,
        linkedin,
        plain,
        word,
    )

    families = [plain, word, jsonresume, latex, linkedin, jobboards, ko_markdown, ko_forms]
    templates = [template for family in families for template in family.TEMPLATES]
    return templates + hardcases.templates_over(templates)
