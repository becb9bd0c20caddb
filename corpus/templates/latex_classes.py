"""CV classes of Debian's TeX Live other than moderncv: curve (rubric files beside the main .tex,
headers left and right), simplecv (topics under sections) and currvita (labelled lists, personal
details as a list, place and date at the end)."""

from __future__ import annotations

from corpus.photos import Photo, id_photo
from corpus.records import Persona
from corpus.templates import Context, Rendered
from corpus.templates.latex_content import (
    Plan,
    Section,
    make_plan,
    photo_record,
    sections,
    shown,
)
from corpus.templates.latex_tex import (
    PDFTEX_FONTS,
    TO_UNICODE,
    command,
    compile_pdf,
    escape,
    require_version,
)
from corpus.text_layer import has_private_use

NO_HYPHENS = r"\hyphenpenalty=10000 \exhyphenpenalty=10000"
# FontAwesome 5 icons some people put before their contacts: unmapped codes in the text layer, or
# Private Use Area characters under pdfLaTeX with the ToUnicode lines.
ICONS = {"phone": r"\faPhone\ ", "email": r"\faEnvelope[regular]\ ", "link": r"\faGithub\ "}
NO_ICONS = dict.fromkeys(ICONS, "")


def _engine(plan: Plan, fonts: tuple[str, ...] = PDFTEX_FONTS) -> tuple[str, list[str]]:
    """pdfLaTeX with a T1 font family, or XeLaTeX with its default Latin Modern."""
    if plan.rng.random() < 0.6:
        return "pdflatex", ["\\usepackage[T1]{fontenc}", plan.rng.choice(fonts)]
    return "xelatex", []


def _contacts(p: Persona, plan: Plan, mark: dict[str, str]) -> tuple[list[str], list[str]]:
    """(left, right) lines: address, phone and birth date; e-mail and links."""
    left = [escape(p.address)] if plan.address and p.address else []
    left.append(mark["phone"] + escape(p.phones[0]))
    if plan.birth:
        left.append(f"Born {escape(plan.birth)}")
    right = [mark["email"] + escape(p.emails[0])]
    right += [(mark["link"] if i == 0 else "") + escape(link) for i, link in enumerate(p.links)]
    return left, right


def _headers(left: list[str], right: list[str]) -> list[str]:
    newline = "\\\\"
    return [f"\\leftheader{{{newline.join(left)}}}", f"\\rightheader{{{newline.join(right)}}}"]


def _rendered(p: Persona, plan: Plan, pdf: bytes, photo: Photo | None, note: str) -> Rendered:
    return Rendered(
        {"pdf": pdf},
        shown(p, plan, links=p.links, handles=False),
        icon_font=has_private_use(pdf),
        photo=photo_record(pdf, photo),
        notes=note,
    )


def render_curve(p: Persona, context: Context) -> Rendered:
    """curve: each rubric in its own file, read by \\makerubric through ltxtable."""
    require_version("curve.cls", "v1.16", context.cache)
    plan = make_plan(p, "latex-curve", photo_share=0.3)
    engine, fonts = _engine(plan)
    photo = id_photo(f"latex-curve-{p.id}") if plan.photo else None
    files = {f"photo.{photo.format}": photo.data} if photo else {}
    lines, note = _curve_preamble(p, plan, engine, fonts, photo)
    lines += ["\\begin{document}", "\\makeheaders[c]", "\\maketitle"]
    for number, section in enumerate(sections(p, plan)):
        files[f"rubric{number}.tex"] = _curve_rubric(section).encode("utf-8")
        lines.append(command("makerubric", f"rubric{number}"))
    tex = "\n".join([*lines, "\\end{document}", ""])
    pdf = compile_pdf(tex, context.work, engine=engine, files=files, runs=2)
    return _rendered(p, plan, pdf, photo, f"curve, {engine}, {note}")


def _curve_preamble(
    p: Persona, plan: Plan, engine: str, fonts: list[str], photo: Photo | None
) -> tuple[list[str], str]:
    """The preamble (headers, photo, title) and a note on the icons it chose."""
    icons = plan.rng.random() < 0.35
    mapped = icons and engine == "pdflatex" and plan.rng.random() < 0.5
    paper = plan.rng.choice(("a4paper", "letterpaper"))
    lines = [command("documentclass", "curve", option=f"{paper},11pt"), *fonts]
    lines += ["\\usepackage[margin=2cm]{geometry}", NO_HYPHENS]
    lines += ["\\usepackage{fontawesome5}"] if icons else []
    lines += [TO_UNICODE] if mapped else []
    lines += _headers(*_contacts(p, plan, ICONS if icons else NO_ICONS))
    if photo:
        lines += [command("photo", f"photo.{photo.format}", option="r"), "\\photoscale{0.13}"]
    lines += [command("title", escape(p.name)), command("subtitle", escape(p.headline))]
    return lines, f"icons {icons}, tounicode {mapped}"


def _curve_rubric(section: Section) -> str:
    title, entries = section
    body = [f"\\entry*[{label}] {text}" for label, text in entries]
    return "\n".join([f"\\begin{{rubric}}{{{title}}}", *body, "\\end{rubric}", ""])


def render_simplecv(p: Persona, context: Context) -> Rendered:
    """simplecv: a centred name between two header blocks, topics under each section."""
    require_version("simplecv.cls", "v1.6a", context.cache)
    plan = make_plan(p, "latex-simplecv", photo_share=0.0)
    # Noto's font files declare a semibold condensed series that Debian ships no metrics for,
    # and simplecv's sf option asks for exactly that.
    engine, fonts = _engine(plan, tuple(f for f in PDFTEX_FONTS if "noto" not in f))
    left, right = _contacts(p, plan, NO_ICONS)
    options = plan.rng.choice(("11pt", "11pt,sf", "10pt,titleabove", "11pt,topictitle"))
    lines = [f"\\documentclass[{options}]{{simplecv}}", *fonts, NO_HYPHENS]
    lines += ["\\usepackage[margin=2.2cm]{geometry}", "\\begin{document}"]
    lines += [f"\\title{{{escape(p.name)}}}"]
    lines += _headers(left, right)
    lines += ["\\maketitle", f"\\begin{{center}}\\emph{{{escape(p.headline)}}}\\end{{center}}"]
    for title, entries in sections(p, plan):
        items = [f"\\item[{label}] {text}" for label, text in entries]
        lines += [f"\\section{{{title}}}", "\\begin{topic}", *items, "\\end{topic}"]
    tex = "\n".join([*lines, "\\end{document}", ""])
    pdf = compile_pdf(tex, context.work, engine=engine)
    return _rendered(p, plan, pdf, None, f"simplecv {options}, {engine}")


def render_currvita(p: Persona, context: Context) -> Rendered:
    """currvita: a heading (the name, or "Curriculum Vitae" with the name in the personal
    details), labelled lists, and the place and date at the end unless NoDate."""
    require_version("currvita.sty", "v0.9i", context.cache)
    plan = make_plan(p, "latex-currvita", photo_share=0.0)
    engine, fonts = _engine(plan)
    heading_is_name = plan.rng.random() < 0.5
    dated = plan.rng.random() < 0.5
    lines = ["\\documentclass[11pt,a4paper]{article}", *fonts, NO_HYPHENS]
    lines += ["\\usepackage[margin=2.5cm]{geometry}", "\\pagestyle{empty}"]
    lines += ["\\usepackage{currvita}" if dated else "\\usepackage[NoDate]{currvita}"]
    if dated and p.address:
        lines.append(f"\\cvplace{{{escape(p.address.split(', ')[1])}}}")
    heading = escape(p.name) if heading_is_name else "Curriculum Vitae"
    lines += ["\\begin{document}", f"\\begin{{cv}}{{{heading}}}"]
    lines += _cvlist(("Personal Details", _personal(p, plan, heading_is_name)))
    for section in sections(p, plan):
        lines += _cvlist(section)
    tex = "\n".join([*lines, "\\end{cv}", "\\end{document}", ""])
    pdf = compile_pdf(tex, context.work, engine=engine)
    return _rendered(p, plan, pdf, None, f"currvita, {engine}, dated {dated}")


def _personal(p: Persona, plan: Plan, heading_is_name: bool) -> list[tuple[str, str]]:
    rows = [] if heading_is_name else [("Name", escape(p.name))]
    rows.append(("Position", escape(p.headline)))
    if plan.birth:
        rows.append(("Date of birth", escape(plan.birth)))
    if plan.address and p.address:
        rows.append(("Address", escape(p.address)))
    rows += [("Phone", escape(p.phones[0])), ("E-mail", escape(p.emails[0]))]
    return [*rows, ("Web", ", ".join(escape(link) for link in p.links))]


def _cvlist(section: Section) -> list[str]:
    title, entries = section
    items = [f"\\item[{label}] {text}" for label, text in entries]
    return [f"\\begin{{cvlist}}{{{title}}}", *items, "\\end{cvlist}"]
