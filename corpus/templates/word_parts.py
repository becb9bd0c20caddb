"""What the Word layouts share: a document's look (font, accent, date style), the `Sheet` a
layout returns (the document and what it printed), and the lines of jobs and schools."""

from __future__ import annotations

import random
from dataclasses import dataclass

from docx.document import Document as DocumentObject

from corpus.careers import EN_BULLETS
from corpus.dates import CURRENT_EN, en_range
from corpus.gold import DatePrecision
from corpus.photos import Photo
from corpus.records import Career, Education, Persona

PAGE_WIDTH_CM = 21.59  # US Letter, as Word offers an American resume
# Word's own fonts whose metric twins LibreOffice has (Carlito, Caladea, Liberation).
FONTS = (("Calibri", 10.5), ("Calibri", 11), ("Cambria", 10.5), ("Arial", 10),
         ("Times New Roman", 11))  # fmt: skip
ACCENTS = ("1F3864", "2E74B5", "000000", "385623", "7B2C2C", "404040")
CITIES = ("Springfield, IL", "Riverton, WY", "Fairview, OR", "Remote", "Lakeside, CA",
          "Brookfield, WI", "Madison, CT")  # fmt: skip


@dataclass(frozen=True)
class Look:
    """One document's typography and date writing (Word users pick one and keep it)."""

    font: str
    size: float
    accent: str
    date_style: str
    current: str
    dash: str

    def dates(self, career: Career, *, year_only: bool = False) -> str:
        return en_range(career.start or "", career.end, career.is_current, self.date_style,
                        year_only=year_only, current_word=self.current, dash=self.dash)  # fmt: skip

    def school_dates(self, school: Education, *, year_only: bool = True) -> str:
        if not school.start:
            return ""
        return en_range(school.start, school.end, False, self.date_style, year_only=year_only,
                        dash=self.dash)  # fmt: skip


def look_for(rng: random.Random, date_styles: tuple[str, ...]) -> Look:
    font, size = rng.choice(FONTS)
    return Look(font, size, rng.choice(ACCENTS), rng.choice(date_styles), rng.choice(CURRENT_EN),
                rng.choice((" – ", " - ", " — ", "–")))  # fmt: skip


@dataclass
class Sheet:
    """A built document and what it printed of its persona beyond the defaults of `Shown`."""

    document: DocumentObject
    name: str
    links: tuple[str, ...] = ()
    career_dates: DatePrecision = "month"
    address: bool = False
    birth: str | None = None
    third_parties: bool = False
    icon_font: bool = False
    photo: Photo | None = None
    decoys: tuple[Photo, ...] = ()


def bullets(rng: random.Random) -> list[str]:
    """Achievement lines under a job: invented numbers, no facts the gold needs."""
    picked = rng.sample(EN_BULLETS, rng.randint(1, 3))
    return [
        b.format(n=rng.randint(12, 60), k=rng.randint(2, 9), m=rng.randint(3, 11)) for b in picked
    ]


def degree_line(school: Education) -> str:
    """`B.S. in Statistics`, `Master of Science, Economics`, or the major alone."""
    if school.degree and school.major:
        joiner = ", " if school.degree.startswith(("Bachelor", "Master")) else " in "
        return f"{school.degree}{joiner}{school.major}"
    return school.degree or school.major or ""


def printed_name(p: Persona, rng: random.Random, upper_share: float) -> str:
    """The name as drawn: some templates set it in capitals."""
    return p.name.upper() if rng.random() < upper_share else p.name
