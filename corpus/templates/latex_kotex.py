"""moderncv with kotex under XeLaTeX: the Korean developer's LaTeX CV, Hangul set in Nanum fonts
(fonts-nanum), sections titled 경력 / 학력 / 보유 기술, dates in the Korean styles.

The class prints \\name{first}{last} in that order, so the surname goes first (`김 민준`); the
romanised name, when printed, sits in the title line beside the headline.
"""

from __future__ import annotations

import random

from corpus.dates import CURRENT_KO, KO_MONTH_STYLES, ko_range
from corpus.gold import Shown
from corpus.korean import birth_forms
from corpus.photos import Photo, id_photo
from corpus.records import TODAY, Career, Education, Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Rendered
from corpus.templates.latex_content import photo_record
from corpus.templates.latex_tex import command, compile_pdf, escape, keep
from corpus.templates.latex_tex import require_version as require
from corpus.text_layer import has_private_use

KO_STYLES = ("classic", "casual", "banking")
COLORS = ("blue", "green", "grey", "black", "orange")
# (main, sans) Hangul fonts of fonts-nanum
HANGUL_FONTS = (
    ("NanumMyeongjo", "NanumGothic"),
    ("NanumGothic", "NanumGothic"),
    ("NanumBarunGothic", "NanumBarunGothic"),
    ("NanumMyeongjo", "NanumSquare"),
)
LEVELS = ("원어민", "비즈니스 회화 가능", "일상 회화 가능")


def render_moderncv_ko(p: Persona, context: Context) -> Rendered:
    """One copy of a Korean persona in a moderncv style chosen per copy."""
    require("moderncv.cls", "v2.3.1", context.cache)
    require("kotex.sty", "v1.6", context.cache)
    rng = rng_for("latex-ko", p.id)
    style = rng.choice(KO_STYLES)
    birth = rng.choice(birth_forms(p.birth, TODAY)) if p.birth and rng.random() < 0.5 else None
    roman = p.name_roman if p.name_roman and rng.random() < 0.5 else None
    with_photo = style != "banking" and rng.random() < 0.4  # banking's header has no photo
    photo = id_photo(f"latex-moderncv-ko-{p.id}") if with_photo else None
    title = f"{p.headline} · {roman}" if roman else p.headline  # the romanised name beside it
    head, fonts = _preamble(p, rng, style, title, photo)
    head += [command("born", escape(birth))] if birth else []
    lines = [*head, "\\begin{document}", "\\makecvtitle", *_history(p, rng), "\\end{document}"]
    files = {f"photo.{photo.format}": photo.data} if photo else {}
    pdf = compile_pdf("\n".join([*lines, ""]), context.work, engine="xelatex", files=files)
    return Rendered(
        {"pdf": pdf},
        Shown(name=p.name, birth=birth, links=p.links[:1], name_forms=(roman,) if roman else ()),
        icon_font=has_private_use(pdf),
        photo=photo_record(pdf, photo),
        notes=f"moderncv {style} + kotex, xelatex, {fonts}",
    )


def _preamble(
    p: Persona, rng: random.Random, style: str, title: str, photo: Photo | None
) -> tuple[list[str], str]:
    """The preamble and header (name surname first, contacts, photo), and the Hangul fonts."""
    main, sans = rng.choice(HANGUL_FONTS)
    family = rng.choice(("sans", "roman"))
    lines = [
        command("documentclass", "moderncv", option=f"11pt,a4paper,{family}"),
        "\\usepackage{kotex}",
        command("setmainhangulfont", main),
        command("setsanshangulfont", sans),
        command("moderncvstyle", style),
        command("moderncvcolor", rng.choice(COLORS)),
        "\\usepackage[scale=0.78]{geometry}",
        "\\hyphenpenalty=10000 \\exhyphenpenalty=10000",
        command("name", escape(p.surname), escape(p.given)),
        command("title", escape(title)),
        command("phone", escape(p.phones[0]), option="mobile"),
        command("email", escape(p.emails[0])),
        command("homepage", escape(p.links[0])),
    ]
    if photo:
        lines.append(f"\\photo[64pt][0.4pt]{{photo.{photo.format}}}")
    return lines, f"{main}/{sans}"


def _history(p: Persona, rng: random.Random) -> list[str]:
    """자기소개, 경력, 학력, 보유 기술 and the rest (titles with 사항 or without)."""
    month_style, current = rng.choice(KO_MONTH_STYLES), rng.choice(CURRENT_KO)
    suffixed = rng.random() < 0.5
    lines = [command("section", "자기소개"), command("cvitem", "", escape(p.summary))]
    if p.careers:
        lines.append(command("section", "경력사항" if suffixed else "경력"))
        lines += [_career(c, month_style, current) for c in p.careers]
    lines.append(command("section", "학력사항" if suffixed else "학력"))
    lines += [_school(e) for e in p.education]
    lines.append(command("section", "보유 기술" if suffixed else "기술 스택"))
    lines.append(command("cvitem", "", ", ".join(keep(s) for s in p.skills)))
    return lines + _extras(p)


def _extras(p: Persona) -> list[str]:
    """자격증, 어학 (spoken languages, not skills) and 병역."""
    lines = []
    if p.certificates:
        lines.append(command("section", "자격증"))
        lines += [command("cvitem", escape(when.replace("-", ".")), escape(name))
                  for name, when in p.certificates]  # fmt: skip
    lines.append(command("section", "어학"))
    lines += [command("cvitemwithcomment", escape(lang), LEVELS[min(i, 2)], "")
              for i, lang in enumerate(p.spoken)]  # fmt: skip
    if p.military:
        lines += [command("section", "병역"), command("cvitem", "", escape(p.military))]
    return lines


def _career(career: Career, month_style: str, current: str) -> str:
    span = ko_range(career.start or "", career.end, career.is_current, month_style,
                    current_word=current) if career.start else ""  # fmt: skip
    position, company = keep(career.position), keep(career.company)
    return command("cventry", escape(span), position, company, "", "", escape(career.duty))


def _school(school: Education) -> str:
    years = f"{school.start[:4]} -- {school.end[:4]}" if school.start and school.end else ""
    what = " ".join(keep(x) for x in (school.major or "", school.degree or "") if x)
    return command("cventry", years, what or escape(school.status), keep(school.school), "", "", "")
