"""LaTeX CV classes from Debian's TeX Live: moderncv in its five styles, curve, simplecv and
currvita for English personas, and moderncv with kotex for Korean ones, each .tex written from a
persona (every value escaped) and compiled offline in a scratch folder.

A source names the Debian package and the version the .cls or .sty declares; each renderer checks
that declaration before it compiles, so the manifest cannot name a version it did not use.
"""

from __future__ import annotations

from functools import partial

from corpus.templates import Template
from corpus.templates.latex_classes import render_currvita, render_curve, render_simplecv
from corpus.templates.latex_kotex import render_moderncv_ko
from corpus.templates.latex_moderncv import render_moderncv

LATEX_EXTRA = "texlive-latex-extra@2022.20230122-4"
PICTURES = "texlive-pictures@2022.20230122-3"
KOREAN = "texlive-lang-korean@2022.20230122-1"
MODERNCV_STYLES = ("classic", "casual", "banking", "oldstyle", "fancy")

TEMPLATES: list[Template] = [
    *(
        Template(
            f"latex-moderncv-{style}",
            "latex",
            f"{LATEX_EXTRA} (moderncv 2.3.1)",
            ("en",),
            partial(render_moderncv, style),
            copies=7,
        )
        for style in MODERNCV_STYLES
    ),
    Template("latex-curve", "latex", f"{PICTURES} (curve 1.16)", ("en",), render_curve, copies=7),
    Template(
        "latex-simplecv",
        "latex",
        f"{LATEX_EXTRA} (simplecv 1.6a)",
        ("en",),
        render_simplecv,
        copies=6,
    ),
    Template(
        "latex-currvita",
        "latex",
        f"{LATEX_EXTRA} (currvita 0.9i)",
        ("en",),
        render_currvita,
        copies=6,
    ),
    Template(
        "latex-moderncv-ko",
        "latex",
        f"{LATEX_EXTRA} (moderncv 2.3.1) + {KOREAN} (kotex 1.6)",
        ("ko",),
        render_moderncv_ko,
        copies=6,
    ),
]
