"""Korean job boards' resume exports (recreated): 사람인, 잡코리아 and 원티드, the PDFs a recruiter
downloads from the board, for Korean and mixed-language personas.

Each board's module draws its page (`sheet`); this one adds what the boards add around it:
the ID photo in the profile box of some copies (사람인 and 잡코리아 only: 원티드 resumes carry
none), the board's wordmark as a decoy image in some, and the manifest's record of both.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from corpus.gold import Shown
from corpus.photos import id_photo, recorded_in_pdf, tag_of
from corpus.records import Persona
from corpus.seeds import rng_for
from corpus.templates import (
    Context,
    Render,
    Rendered,
    Template,
    jobboards_jobkorea,
    jobboards_saramin,
    jobboards_wanted,
)
from corpus.templates.export_pages import print_page
from corpus.templates.jobboards_common import Assets, wordmark

Sheet = Callable[[Persona, random.Random, Assets], tuple[str, Shown]]


@dataclass(frozen=True)
class Board:
    id: str
    sheet: Sheet
    mark: tuple[str, tuple[int, int, int]]  # the wordmark's text and colour
    photo_share: float  # the share of copies with an ID photo in the profile box
    logo_share: float  # the share of copies that print the board's wordmark


def _render_with(board: Board) -> Render:
    def render(p: Persona, context: Context) -> Rendered:
        rng = rng_for("jobboard", board.id, p.id)
        photo = id_photo(f"{board.id}-{p.id}") if rng.random() < board.photo_share else None
        logo = wordmark(*board.mark) if rng.random() < board.logo_share else None
        files = {f"{image.kind}.{image.format}": image.data for image in (photo, logo) if image}
        assets = Assets(
            photo=f"id-photo.{photo.format}" if photo else None,
            logo=f"logo.{logo.format}" if logo else None,
        )
        page, shown = board.sheet(p, rng, assets)
        pdf = print_page(page, context, f"{board.id}-{p.id}", files)
        records = recorded_in_pdf(pdf, [image for image in (photo, logo) if image])
        return Rendered(
            {"pdf": pdf},
            shown,
            photo=records[0] if photo else None,
            decoys=(tag_of(records[-1]),) if logo else (),
        )

    return render


def _boards() -> list[Board]:
    return [
        Board("jobboard-saramin", jobboards_saramin.sheet, ("saramin", (72, 118, 239)), 0.6, 0.5),
        Board("jobboard-jobkorea", jobboards_jobkorea.sheet, ("JOBKOREA", (0, 80, 255)), 0.6, 0.5),
        Board("jobboard-wanted", jobboards_wanted.sheet, ("wanted", (17, 17, 17)), 0.0, 0.5),
    ]


TEMPLATES = [
    Template(b.id, "jobboard", "recreated", ("ko", "mixed"), _render_with(b), copies=7)
    for b in _boards()
]
