"""The hard cases' documents as a few plain blocks (paragraphs, tables, figures, two columns,
page breaks), written out as a Chromium-printed PDF (here) or a python-docx DOCX
(hardcases_docx.py), so one layout gives both formats and a composite can run two people's blocks
together."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from corpus.chromium import print_pdf
from corpus.gold import Shown
from corpus.photos import Photo, recorded_in_pdf, tag_of
from corpus.records import Persona
from corpus.templates import Context, Rendered


@dataclass(frozen=True)
class Text:
    text: str
    style: str = "p"  # title | h1 | h2 | p | small | lead | cover
    align: str = "left"  # left | center | right


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    header: bool = True  # the first row is the column heads
    labels: tuple[int, ...] = ()  # columns of field labels (성명, 생년월일, ...), shaded
    widths: tuple[int, ...] = ()  # relative column widths
    wrap: int = -1  # the one column whose cells may wrap (-1: none)


@dataclass(frozen=True)
class Figure:
    photo: Photo
    width_mm: float
    align: str = "right"


def logo_figure(photo: Photo, height_mm: float = 15, widest_mm: float = 40) -> Figure:
    """A logo as letterheads size one: a set height, so a wordmark runs wide and a square mark
    stays small."""
    return Figure(photo, min(widest_mm, height_mm * photo.width / photo.height), "left")


@dataclass(frozen=True)
class Beside:
    """Two columns side by side (a personal-data table beside the photo, a logo beside the
    letterhead's text)."""

    left: tuple[Any, ...]
    right: tuple[Any, ...]
    split: float = 0.75  # the left column's share of the width


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Rule:
    pass


@dataclass(frozen=True)
class Doc:
    blocks: tuple[Any, ...]
    language: str = "ko"
    serif: bool = False
    header: tuple[str, ...] = ()  # the page header (a recruiter's letterhead line)
    footer: tuple[str, ...] = ()
    accent: str = "#1f3b6e"

    def photos(self) -> list[Photo]:
        """Every image in the blocks, in order."""
        found: list[Photo] = []

        def walk(blocks: tuple[Any, ...]) -> None:
            for block in blocks:
                if isinstance(block, Figure):
                    found.append(block.photo)
                elif isinstance(block, Beside):
                    walk(block.left)
                    walk(block.right)

        walk(self.blocks)
        return found


def render(
    doc: Doc, extension: str, context: Context, key: str
) -> tuple[bytes, list[dict[str, Any]]]:
    """The document in `extension` (pdf | docx) and, for each of its images in order, what the
    file stores of it (Photo.record() form)."""
    from corpus.templates.hardcases_docx import to_docx

    photos = doc.photos()
    if extension == "docx":
        return to_docx(doc), [photo.record() for photo in photos]
    data = to_pdf(doc, context, key)
    return data, recorded_in_pdf(data, photos)


def rendered(
    doc: Doc, extension: str, context: Context, key: str, shown: Shown, **extra: Any
) -> Rendered:
    """One document of the layout: its first face (ID photo or headshot) is the planted photo,
    its other images decoys; a second person's photo (composites) is named in the notes."""
    data, records = render(doc, extension, context, key)
    faces = [r for r in records if r["kind"] in ("id-photo", "headshot")]
    decoys = tuple(tag_of(r) for r in records if r not in faces)
    notes = extra.pop("notes", "")
    if len(faces) > 1:
        notes += "; the other person's photo: " + ", ".join(tag_of(r) for r in faces[1:])
    photo = faces[0] if faces else None
    return Rendered({extension: data}, shown, photo=photo, decoys=decoys, notes=notes, **extra)


def copy_number(p: Persona) -> int:
    """The copy of the template this persona was made for (its id ends with it)."""
    return int(p.id.rsplit("-", 1)[1])


def alternate(p: Persona, formats: tuple[str, ...] = ("pdf", "docx")) -> str:
    """One format per copy, in turn: a layout's images are stored differently in each."""
    return formats[copy_number(p) % len(formats)]


SANS = "'NanumGothic', 'Noto Sans CJK KR', sans-serif"
SERIF = "'NanumMyeongjo', 'Noto Serif CJK KR', serif"
CSS = """
@page {{ size: A4; margin: 16mm 17mm; }}
body {{ font-family: {font}; font-size: 10pt; color: #222; line-height: 1.45; margin: 0; }}
.title {{ font-size: 22pt; font-weight: bold; margin: 0 0 4pt; color: {accent}; }}
.lead {{ font-size: 11.5pt; color: #444; margin: 0 0 6pt; }}
h1 {{ font-size: 13pt; color: {accent}; border-bottom: 1.5px solid {accent}; margin: 14pt 0 6pt;
      padding-bottom: 2pt; }}
h2 {{ font-size: 11pt; margin: 9pt 0 2pt; }}
p {{ margin: 0 0 5pt; }}
.small {{ font-size: 8.5pt; color: #555; }}
.cover {{ margin-top: 60mm; font-size: 13pt; line-height: 2; }}
.center {{ text-align: center; }} .right {{ text-align: right; }}
table.grid {{ border-collapse: collapse; width: 100%; margin: 2pt 0 8pt; }}
table.grid td, table.grid th {{ border: 1px solid #777; padding: 3pt 5pt; vertical-align: top;
                                height: 12pt; }}
table.grid th, table.grid td.label {{ background: #eef1f5; font-weight: bold;
                                     white-space: nowrap; }}
table.beside {{ width: 100%; border-collapse: collapse; }}
table.beside > tbody > tr > td {{ vertical-align: top; padding: 0 4pt 0 0; }}
hr {{ border: 0; border-top: 1px solid #999; margin: 10pt 0; }}
.pagehead {{ border-bottom: 2px solid {accent}; color: {accent}; font-size: 8.5pt;
             margin-bottom: 12pt; padding-bottom: 3pt; }}
.pagefoot {{ border-top: 1px solid #999; color: #666; font-size: 8pt; margin-top: 16pt;
             padding-top: 3pt; }}
"""


def to_pdf(doc: Doc, context: Context, key: str) -> bytes:
    folder = context.work / "hardcases" / key
    folder.mkdir(parents=True, exist_ok=True)
    names: dict[int, str] = {}
    for index, photo in enumerate(doc.photos()):
        names[id(photo)] = f"image{index}.{'jpg' if photo.format == 'jpeg' else 'png'}"
        (folder / names[id(photo)]).write_bytes(photo.data)
    page = folder / "page.html"
    page.write_text(to_html(doc, names), encoding="utf-8")
    return print_pdf(page, chromium=context.chromium)


def to_html(doc: Doc, names: dict[int, str]) -> str:
    css = CSS.format(font=SERIF if doc.serif else SANS, accent=doc.accent)
    parts = [f'<!DOCTYPE html><html lang="{doc.language[:2]}"><head><meta charset="utf-8">']
    parts += [f"<style>{css}</style></head><body>"]
    if doc.header:
        parts.append(f'<div class="pagehead">{"<br>".join(map(html.escape, doc.header))}</div>')
    parts += [_html_block(block, names) for block in doc.blocks]
    if doc.footer:
        parts.append(f'<div class="pagefoot">{"<br>".join(map(html.escape, doc.footer))}</div>')
    return "".join(parts) + "</body></html>"


def _html_block(block: Any, names: dict[int, str]) -> str:
    if isinstance(block, Text):
        text = html.escape(block.text).replace("\n", "<br>")
        tag = {"title": "div", "h1": "h1", "h2": "h2"}.get(block.style, "p")
        return f'<{tag} class="{block.style} {block.align}">{text}</{tag}>'
    if isinstance(block, Table):
        return _html_table(block)
    if isinstance(block, Figure):
        style = f"width:{block.width_mm}mm"
        return (
            f'<div class="{block.align}"><img src="{names[id(block.photo)]}" style="{style}"></div>'
        )
    if isinstance(block, Beside):
        left = "".join(_html_block(b, names) for b in block.left)
        right = "".join(_html_block(b, names) for b in block.right)
        width = round(block.split * 100)
        return (
            f'<table class="beside"><tr><td style="width:{width}%">{left}</td>'
            f"<td>{right}</td></tr></table>"
        )
    if isinstance(block, PageBreak):
        return '<div style="break-after: page"></div>'
    return "<hr>"


def _html_table(table: Table) -> str:
    """Every column but `wrap` keeps its cells on one line: the worker reads a table row by
    row, and a wrapped cell's second line would land after its neighbours' text."""
    rows = []
    total = sum(table.widths) or 1
    for number, row in enumerate(table.rows):
        cells = []
        for col, cell in enumerate(row):
            head = table.header and number == 0
            tag = "th" if head else "td"
            label = ' class="label"' if col in table.labels and not head else ""
            style = "" if col == table.wrap else "white-space:nowrap;"
            if table.widths and number == 0:
                style += f"width:{100 * table.widths[col] / total:.0f}%"
            text = html.escape(cell).replace("\n", "<br>")
            cells.append(f'<{tag}{label} style="{style}">{text}</{tag}>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="grid">{"".join(rows)}</table>'
