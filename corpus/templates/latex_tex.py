"""TeX for the latex family: escaping persona values, and compiling a .tex with Debian's TeX Live
in a scratch folder, offline and reproducibly (fixed dates, no shell escape, no network: TeX has
none)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

# The corpus's "now" (corpus/records.py TODAY, 2026-11-20 00:00 UTC): every PDF date says so.
SOURCE_DATE_EPOCH = "1795132800"
ENGINES = ("pdflatex", "xelatex")
# T1 font families for pdfLaTeX that Debian's texlive-fonts-extra has in full (roman, sans and
# typewriter): Latin Modern's lmodern.sty is in another package, and the EC fonts without cm-super
# would come out as bitmaps.
PDFTEX_FONTS = (
    "\\usepackage{libertine}",
    "\\usepackage{noto}",
    "\\usepackage{sourceserifpro}\\usepackage{sourcesanspro}\\usepackage{sourcecodepro}",
)
# The FontAwesome 5 glyphs CV classes use, with their code points (fontawesome5-mapping.def):
# pdfTeX writes them into the fonts' ToUnicode maps when asked, as ATS-minded preambles do.
FONTAWESOME_UNICODE = {
    "mobile-alt": "F3CD", "phone-alt": "F879", "phone": "F095", "envelope": "F0E0",
    "globe-americas": "F57D", "github": "F09B", "linkedin-in": "F0E1", "asterisk": "F069",
    "circle": "F111",
}  # fmt: skip
TO_UNICODE = "\n".join(
    ["\\input{glyphtounicode}", "\\pdfgentounicode=1"]
    + [f"\\pdfglyphtounicode{{{name}}}{{{code}}}" for name, code in FONTAWESOME_UNICODE.items()]
)
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # TeX turns these into curly quotes and inverted marks; a name like O'Brien must print as
    # typed, or the gold (and the analyst) would see a different string. The backtick is a
    # spacing grave accent (\textasciigrave needs cm-super under pdfTeX): exact in pdfTeX, a
    # combining grave in XeTeX; no persona value carries one.
    "'": r"\textquotesingle{}",
    "`": r"\`{}",
    '"': r"\textquotedbl{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_SPECIAL = re.compile("|".join(re.escape(ch) for ch in _SPECIALS))
_DASHES = re.compile(r"-(?=-)")


class TexError(RuntimeError):
    """A .tex that did not compile: the end of its log says why."""


def escape(value: str) -> str:
    """`value` as TeX source that prints exactly `value` (specials, quotes, and `--`, which TeX
    would join into an en dash)."""
    return _DASHES.sub("-{}", _SPECIAL.sub(lambda m: _SPECIALS[m.group(0)], value))


def command(name: str, *args: str, option: str = "") -> str:
    """`\\name[option]{arg}{arg}...` (arguments are TeX already: escape values first)."""
    return f"\\{name}" + (f"[{option}]" if option else "") + "".join(f"{{{a}}}" for a in args)


def keep(value: str) -> str:
    """`value` escaped in a box TeX cannot break: a company, school or skill wrapped beside a
    right-aligned date column would come out of the text layer interleaved with the dates."""
    return f"\\mbox{{{escape(value)}}}" if value else ""


def compile_pdf(
    tex: str, work: Path, *, engine: str, files: dict[str, bytes] | None = None, runs: int = 1
) -> bytes:
    """The PDF of `tex` (with `files` beside it: photos, rubrics), compiled `runs` times in a
    fresh folder under `work`."""
    if engine not in ENGINES:
        raise ValueError(f"unknown TeX engine {engine}")
    with tempfile.TemporaryDirectory(prefix="latex-", dir=work) as folder:
        here = Path(folder)
        (here / "cv.tex").write_text(tex, encoding="utf-8")
        for name, data in (files or {}).items():
            (here / name).write_bytes(data)
        if engine == "xelatex":
            _stand_in_pzdr(here)
        for _ in range(runs):
            _run(engine, here)
        return (here / "cv.pdf").read_bytes()


def _run(engine: str, folder: Path) -> None:
    env = os.environ | {
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "FORCE_SOURCE_DATE": "1",  # the file dates TeX reads, too
        "TEXMFOUTPUT": str(folder),
        "TZ": "UTC",
        # a missing font fails the run instead of turning into a bitmap (Type 3) font
        "MKTEXPK": "0",
        "MKTEXTFM": "0",
        "MKTEXMF": "0",
    }
    command = [engine, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "cv.tex"]
    done = subprocess.run(
        command, cwd=folder, env=env, capture_output=True, timeout=180, check=False
    )
    if done.returncode != 0 or not (folder / "cv.pdf").is_file():
        log = (folder / "cv.log").read_text("latin-1") if (folder / "cv.log").is_file() else ""
        raise TexError(f"{engine} failed:\n{log[-3000:] or done.stdout.decode('latin-1')}")


def _stand_in_pzdr(folder: Path) -> None:
    """hyperref under XeTeX opens Zapf Dingbats (pzdr) for \\XeTeXLinkBox, which no CV here uses;
    without texlive-fonts-recommended the font is missing and the run stops. A metric file of
    Computer Modern under that name lets it start; nothing is typeset in it."""
    if _kpsewhich("pzdr.tfm"):
        return
    cmr = _kpsewhich("cmr10.tfm")
    if not cmr:
        raise TexError("no pzdr.tfm and no cmr10.tfm: is TeX Live installed?")
    shutil.copyfile(cmr, folder / "pzdr.tfm")


def _kpsewhich(name: str) -> str:
    done = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def class_version(name: str, cache: dict[str, object]) -> str:
    """The `\\Provides...` line of a class or package of the installed TeX Live (cached), so a
    template's stated source can be checked against what actually compiled it."""
    key = f"latex-version:{name}"
    if key not in cache:
        path = _kpsewhich(name)
        if not path:
            raise TexError(f"{name} is not installed (texlive-latex-extra, texlive-pictures)")
        text = Path(path).read_text("latin-1")
        match = re.search(r"\\Provides(?:Class|Package)\s*\{[^}]*\}\s*\[%?\s*([^\]]*)\]", text)
        cache[key] = " ".join((match.group(1) if match else "").replace("%", " ").split())
    return str(cache[key])


def require_version(name: str, expected: str, cache: dict[str, object]) -> None:
    """Stop when the installed class is not the version the template's source names."""
    found = class_version(name, cache)
    if expected not in found:
        raise TexError(f"{name}: expected version {expected}, found '{found}'")
