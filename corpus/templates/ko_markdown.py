"""Korean developer resumes in Markdown (recreated from the shapes published on GitHub): a heading
per company, `회사, 지역 - 역할` lines, English headings over Korean content, a summary table.
Every copy is a .md; odd-numbered copies are also converted as developers do, with pandoc to DOCX
(a reference DOCX in Nanum fonts) and LibreOffice on to PDF; even-numbered copies are also
retyped in Hangul and saved as HWP 5.0 and HWPX (`ko_markdown_hangul`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from corpus.gold import Shown, gold_file
from corpus.records import Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Render, Rendered, Template
from corpus.templates.ko_markdown_docx import markdown_to_docx, reference_docx
from corpus.templates.ko_markdown_hangul import hangul_files, typed_in_hangul
from corpus.templates.ko_markdown_shapes import (
    Page,
    company_heading,
    english_headings,
    location_role,
    summary_table,
)
from corpus.templates.word_office import converted, docx_to_pdf

# (body font, heading font, heading colour) of the reference DOCX.
LOOKS = (
    ("NanumGothic", "NanumGothic", "1F3864"),
    ("NanumBarunGothic", "NanumSquare", "2E74B5"),
    ("NanumGothic", "NanumMyeongjo", "000000"),
)


def _renderer(shape_name: str, shape: Callable[..., Page]) -> Render:
    def render(p: Persona, context: Context) -> Rendered:
        rng = rng_for("ko-markdown", shape_name, p.id)
        page = shape(p, rng)
        markdown = "\n".join(page.lines).rstrip() + "\n"
        files = {"md": markdown.encode("utf-8")}
        notes = f"GitHub-style Markdown, shape {shape_name}"
        if converted(p.id):
            body, heading, color = rng.choice(LOOKS)
            docx = markdown_to_docx(markdown, reference_docx(context, body, heading, color))
            files |= {"docx": docx, "pdf": docx_to_pdf(docx, context, f"ko-md-{p.id}")}
            notes += f"; pandoc gfm -> DOCX ({body}/{heading}), LibreOffice -> PDF"
        if typed_in_hangul(p.id):
            hangul, how = hangul_files(markdown, rng_for("ko-markdown-hangul", shape_name, p.id))
            files |= hangul
            notes += how
        shown = Shown(
            name=p.name,
            birth=page.birth,
            careers=bool(p.careers),
            links=page.links,
            name_forms=page.name_forms,
        )
        gold = None
        if page.careers != p.careers:  # printed oldest first: the gold follows the page
            gold = gold_file(replace(p, careers=page.careers), shown, p.language)
        return Rendered(files, shown, notes=notes, gold=gold)

    return render


def _template(
    shape_name: str, shape: Callable[..., Page], field: str, languages: tuple[str, ...]
) -> Template:
    return Template(
        f"ko-markdown-{shape_name}",
        "ko-markdown",
        "recreated",
        languages,
        _renderer(shape_name, shape),
        copies=6,
        field_of_work=field,
    )


TEMPLATES = [
    _template("company-heading", company_heading, "backend", ("ko", "ko", "mixed")),
    _template("location-role", location_role, "frontend", ("ko", "mixed")),
    _template("english-headings", english_headings, "ml", ("mixed",)),
    _template("summary-table", summary_table, "data", ("ko", "ko", "mixed")),
]
