"""Korean 이력서 table forms (recreated), each copy written as HWP 5.0, HWPX and DOCX from one
layout, and for some copies also as the DOC LibreOffice saves of the DOCX: personal details
beside an ID photo (name in Hangul, Hanja and Latin letters, birth date, address), 학력사항,
경력사항 with merged and two-line cells, 자격면허, 어학, 병역사항, 가족사항 (other people's
names), 자기소개 and the signed closing line."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from corpus.dates import CURRENT_KO, KO_MONTH_STYLES
from corpus.gold import Shown, gold_file
from corpus.korean import birth_forms, english_birth_forms, spaced
from corpus.photos import Photo, decoy, id_photo
from corpus.records import TODAY, Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Rendered, Template
from corpus.templates import ko_forms_layouts as layouts
from corpus.templates.ko_forms_docx import DocxForm, docx_to_doc
from corpus.templates.ko_forms_sections import CAREER_ORDERS, DateStyle
from corpus.writers.form import FormWriter, Picture
from corpus.writers.hwp_document import HwpDocument
from corpus.writers.hwpx import HwpxDocument

Draw = Callable[[Persona, layouts.Choices, FormWriter, random.Random], None]


@dataclass(frozen=True)
class Layout:
    """A form: how it draws, the order it lists careers and schools in, and what it states
    beyond what every form states (degrees, skills, family, links, the name in Hanja)."""

    name: str
    draw: Draw
    oldest_first: bool = False
    degrees: bool = True
    skills: bool = True
    family: float = 0.0  # the share of copies with 가족사항
    links: bool = False
    hanja: bool = True  # a 한자 cell for the name
    orders: tuple[tuple[str, ...], ...] = CAREER_ORDERS
    spaced: float = 0.3  # the share of copies that letter-space the name


LAYOUTS = (
    Layout("standard", layouts.standard, family=0.5),
    Layout("grid", layouts.grid, oldest_first=True, degrees=False, family=1.0, spaced=0.5),
    Layout("career", layouts.career, oldest_first=True, skills=False, spaced=0.0,
           orders=(("start", "end", "company", "duty", "position"),
                   ("start", "end", "company", "position", "duty"))),
    Layout("bilingual", layouts.bilingual, links=True, hanja=False, spaced=0.0,
           orders=CAREER_ORDERS[:2]),
)  # fmt: skip


def _picture(photo: Photo, size_mm: tuple[float, float]) -> Picture:
    return Picture(photo.data, photo.format, (photo.width, photo.height), size_mm)


def _choices(
    p: Persona, layout: Layout, rng: random.Random
) -> tuple[layouts.Choices, Photo | None, Photo | None]:
    """The copy's choices, with the ID photo and the seal or signature image it places."""
    styles = [s for s in KO_MONTH_STYLES if layout.name != "bilingual" or s != "korean"]
    dates = DateStyle(rng.choice(styles), rng.choice(CURRENT_KO), two_lines=rng.random() < 0.3)
    assert p.birth is not None
    births = birth_forms(p.birth, TODAY)
    if layout.name == "bilingual":
        births = (*births[:3], *english_birth_forms(p.birth))
    photo = id_photo(p.id) if rng.random() < 0.8 else None
    seal = None
    if rng.random() < 0.35:
        kind = rng.choice(("seal", "signature"))
        seal = decoy(p.id, kind, label=p.name)
    choices = layouts.Choices(
        name=spaced(p.name) if rng.random() < layout.spaced else p.name,
        birth=rng.choice(births),
        dates=dates,
        photo=_picture(photo, (30, 40)) if photo else None,
        seal=_picture(seal, (15, 15) if seal.kind == "seal" else (30, 10)) if seal else None,
        family=rng.random() < layout.family,
        columns=rng.choice(layout.orders),
        mark=rng.choice(("■ ", "□ ", "● ", "◎ ", "")),
    )
    return choices, photo, seal


def _shown(p: Persona, layout: Layout, ch: layouts.Choices) -> Shown:
    forms = [form for form in (p.name_hanja if layout.hanja else None, p.name_roman) if form]
    if ch.name != p.name:
        forms.insert(0, ch.name)
    return Shown(
        name=p.name,
        birth=ch.birth,
        degrees=layout.degrees,
        skills=layout.skills,
        address=True,
        links=p.links if layout.links else (),
        name_forms=tuple(forms),
        third_parties=ch.family,
    )


def _render(layout: Layout) -> Callable[[Persona, Context], Rendered]:
    def render(persona: Persona, context: Context) -> Rendered:
        rng = rng_for("ko-form", layout.name, persona.id)
        p = persona
        if layout.oldest_first:
            p = replace(p, careers=p.careers[::-1], education=p.education[::-1])
        ch, photo, seal = _choices(p, layout, rng)
        title = "입사지원서" if layout.name == "career" else "이력서"
        writers: dict[str, FormWriter] = {
            "hwp": HwpDocument(title, picture_compression=rng.choice((0, 1, 2))),
            "hwpx": HwpxDocument(title),
            "docx": DocxForm(title, rng.choice(("맑은 고딕", "바탕", "굴림", "돋움"))),
        }
        for writer in writers.values():
            layout.draw(p, ch, writer, rng_for("ko-form-draw", persona.id))
        files = {extension: writer.to_bytes() for extension, writer in writers.items()}
        if rng.random() < 0.4:
            files["doc"] = docx_to_doc(files["docx"], context, f"ko-form-{persona.id}")
        shown = _shown(p, layout, ch)
        return Rendered(
            files,
            shown,
            photo=photo.record() if photo else None,
            decoys=(seal.tag,) if seal else (),
            notes=_notes(layout, ch),
            gold=gold_file(p, shown, p.language) if layout.oldest_first else None,
        )

    return render


def _notes(layout: Layout, ch: layouts.Choices) -> str:
    order = "oldest" if layout.oldest_first else "newest"
    notes = [f"{layout.name} form", f"careers and schools {order} first"]
    if ch.photo is None:
        notes.append("no photo (the cell says 사진)")
    return "; ".join(notes)


TEMPLATES = [
    Template("ko-form-standard", "ko-form", "recreated", ("ko",), _render(LAYOUTS[0]), copies=8),
    Template("ko-form-grid", "ko-form", "recreated", ("ko",), _render(LAYOUTS[1]), copies=7),
    Template("ko-form-career", "ko-form", "recreated", ("ko",), _render(LAYOUTS[2]), copies=7),
    Template("ko-form-bilingual", "ko-form", "recreated", ("mixed",), _render(LAYOUTS[3]),
             copies=6),
]  # fmt: skip
