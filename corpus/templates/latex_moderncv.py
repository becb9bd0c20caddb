"""moderncv (texlive-latex-extra) in its five styles, written the way its template file is filled
in: a header of \\name, \\title and contact commands, then \\section, \\cventry and \\cvitem.

The icons are the point of several copies. The class's default symbols are FontAwesome 5 glyphs
with no Unicode value, so the text layer gets whatever their codes read as (`I`, `#`, `Ȳ` before
the phone and e-mail); copies with the ATS-minded `\\pdfgentounicode` lines carry them as Private
Use Area characters (XeTeX's xdvipdfmx never maps a glyph to the PUA, so those copies use
pdfLaTeX); `letters` prints `M`, `E`, `gh`; oldstyle under pdfLaTeX uses marvosym.
"""

from __future__ import annotations

from corpus.photos import Photo, id_photo
from corpus.records import Persona
from corpus.templates import Context, Rendered
from corpus.templates.latex_content import (
    Plan,
    bullets,
    dates,
    degree_line,
    make_plan,
    photo_record,
    referee_lines,
    school_years,
    shown,
    skill_rows,
    spoken,
)
from corpus.templates.latex_tex import (
    PDFTEX_FONTS,
    TO_UNICODE,
    command,
    compile_pdf,
    escape,
    keep,
    require_version,
)
from corpus.text_layer import has_private_use

VERSION = "v2.3.1"
COLORS = ("blue", "orange", "green", "red", "purple", "grey", "black", "burgundy")
# (engine, icons): "default" is the style's own symbol set as it comes; "tounicode" adds the
# ATS-minded preamble lines (`\\pdfgentounicode=1` and a Unicode value for each FontAwesome glyph
# name), so the icons reach the text layer as Private Use Area characters; "letters" is the
# style's nosymbols option.
ICON_MODES = (
    ("pdflatex", "default"),
    ("xelatex", "default"),
    ("pdflatex", "tounicode"),
    ("pdflatex", "tounicode"),
    ("pdflatex", "letters"),
)
# fancy loads ebgaramond.sty, whose XeTeX branch wants an EBGaramond-Initials OTF Debian does not
# ship; the style's own commented-out XeTeX branch sets the OTF family with fontspec instead.
FANCY_XETEX_BEFORE = r"\makeatletter\@namedef{ver@ebgaramond.sty}{}\makeatother"
FANCY_XETEX_AFTER = r"""
\setmainfont{EBGaramond}[Extension=.otf, UprightFont=*-Regular, ItalicFont=*-Italic,
  BoldFont=*-Bold, BoldItalicFont=*-BoldItalic]
\setsansfont{EBGaramond}[Extension=.otf, UprightFont=*-Regular, ItalicFont=*-Italic,
  BoldFont=*-Bold, BoldItalicFont=*-BoldItalic]
"""

# Names, e-mails, companies and skills never break across lines (a hyphen in the middle of an
# e-mail would make the printed value differ from the gold's).
NO_HYPHENS = r"\hyphenpenalty=10000 \exhyphenpenalty=10000"
# oldstyle and fancy put the contacts in the hints column, sized before geometry widens the page:
# widen it once the page is known, as the class's template suggests, so an e-mail fits.
WIDER_HINTS = r"\AtBeginDocument{\setlength{\hintscolumnwidth}{0.34\textwidth}\recomputelengths}"


def render_moderncv(style: str, p: Persona, context: Context) -> Rendered:
    """One copy of `p` in moderncv's `style`."""
    require_version("moderncv.cls", VERSION, context.cache)
    plan = make_plan(
        p,
        f"latex-moderncv-{style}",
        # banking's header (moderncvheadiii) has no place for \photo
        photo_share=0.0 if style == "banking" else 0.35,
        # oldstyle wraps the address in its narrow column beside the first section's title, and
        # the text layer then reads the title into the middle of it
        address_share=0.0 if style == "oldstyle" else 0.4,
    )
    engine, icons = plan.rng.choice(ICON_MODES)
    photo = id_photo(f"latex-moderncv-{style}-{p.id}") if plan.photo else None
    lines = _preamble(style, engine, icons, plan) + _header(p, plan, photo)
    lines += ["\\begin{document}", "\\makecvtitle", *_body(p, plan), "\\end{document}", ""]
    files = {f"photo.{photo.format}": photo.data} if photo else {}
    pdf = compile_pdf("\n".join(lines), context.work, engine=engine, files=files)
    return Rendered(
        {"pdf": pdf},
        shown(p, plan, links=() if plan.handles else p.links, handles=plan.handles),
        icon_font=has_private_use(pdf),
        photo=photo_record(pdf, photo),
        notes=f"moderncv {style}, {engine}, icons {icons}",
    )


def _preamble(style: str, engine: str, icons: str, plan: Plan) -> list[str]:
    rng = plan.rng
    size = rng.choice(("10pt", "11pt", "11pt", "12pt"))
    paper, family = rng.choice(("a4paper", "letterpaper")), rng.choice(("sans", "sans", "roman"))
    lines = [command("documentclass", "moderncv", option=f"{size},{paper},{family}")]
    if engine == "pdflatex":
        lines += ["\\usepackage[T1]{fontenc}", rng.choice(PDFTEX_FONTS)]
    else:
        lines += ["\\usepackage{fontspec}"]
    fancy_xetex = style == "fancy" and engine == "xelatex"
    lines += [FANCY_XETEX_BEFORE] if fancy_xetex else []
    lines.append(command("moderncvstyle", style, option="nosymbols" if icons == "letters" else ""))
    lines.append(command("moderncvcolor", rng.choice(COLORS)))
    lines += [FANCY_XETEX_AFTER] if fancy_xetex else []
    lines += [TO_UNICODE] if icons == "tounicode" else []
    scale = rng.choice(("0.75", "0.77", "0.8"))
    lines += [command("usepackage", "geometry", option=f"scale={scale}"), NO_HYPHENS]
    return lines + ([WIDER_HINTS] if style in ("oldstyle", "fancy") else [])


def _header(p: Persona, plan: Plan, photo: Photo | None) -> list[str]:
    lines = [command("name", escape(p.given), escape(p.surname))]
    lines.append(command("title", escape(p.headline)))
    if plan.address and p.address:
        lines.append(command("address", escape(p.address), "", ""))
    if plan.birth:
        lines.append(command("born", escape(plan.birth)))
    lines.append(command("phone", escape(p.phones[0]), option="mobile"))
    lines.append(command("email", escape(p.emails[0])))
    if plan.handles:
        lines.append(command("social", escape(p.handle), option="github"))
        if any("linkedin" in link for link in p.links):
            lines.append(command("social", escape(p.handle), option="linkedin"))
    else:
        lines.append(command("homepage", escape(p.links[0])))
        lines += [command("extrainfo", escape(link)) for link in p.links[1:]]
    if photo:
        lines.append(f"\\photo[64pt][0.4pt]{{photo.{photo.format}}}")
    if plan.rng.random() < 0.5:
        lines.append(command("quote", escape(p.summary)))
    return lines


def _body(p: Persona, plan: Plan) -> list[str]:
    rng = plan.rng
    lines = []
    if p.careers:
        title = rng.choice(("Experience", "Work Experience", "Employment"))
        lines.append(command("section", title))
        for c in p.careers:
            items = "".join(f"\\item {b}" for b in bullets(c, plan))
            what = f"\\begin{{itemize}}{items}\\end{{itemize}}"
            lines.append(
                command("cventry", dates(c, plan), keep(c.position), keep(c.company), "", "", what)
            )
    lines.append(command("section", "Education"))
    for e in p.education:
        lines.append(
            command("cventry", school_years(e), degree_line(e, plan), keep(e.school), "", "", "")
        )
    lines.append(command("section", rng.choice(("Skills", "Technical Skills", "Computer Skills"))))
    lines += [command("cvitem", label, ", ".join(row)) for label, row in skill_rows(p, plan)]
    return lines + _extras(p, plan)


def _extras(p: Persona, plan: Plan) -> list[str]:
    lines = []
    if plan.spoken:
        lines.append(command("section", "Languages"))
        lines += [command("cvitemwithcomment", lang, level, "") for lang, level in spoken(p, plan)]
    if plan.certificates:
        lines.append(command("section", "Certifications"))
        lines += [command("cvitem", when[:4], escape(name)) for name, when in p.certificates]
    if plan.projects:
        lines.append(command("section", "Projects"))
        for project in p.projects:
            what = f"{escape(project.description)} Built with {escape(', '.join(project.tech))}."
            name, role = escape(project.name), escape(project.role)
            lines.append(command("cventry", project.start[:4], name, role, "", "", what))
    if plan.referees:
        lines.append(command("section", "References"))
        lines += [command("cvitem", name, details) for name, details in referee_lines(p)]
    return lines
