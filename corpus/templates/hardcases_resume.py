"""A persona's resume as hard-case blocks: a Korean 이력서 (인적사항 beside the photo, 학력 and 경력
tables, 보유기술) or an English one-column resume, each with exactly what it printed (Shown), for
the near-misses to add other people to and the composites to run two of together."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from typing import Any

from corpus.dates import (
    CURRENT_EN,
    CURRENT_KO,
    EN_MONTH_STYLES,
    KO_MONTH_STYLES,
    en_range,
    ko_range,
)
from corpus.gold import Shown, planted_pii
from corpus.korean import birth_forms, english_birth_forms, romanize
from corpus.photos import Photo
from corpus.records import TODAY, Persona
from corpus.seeds import rng_for
from corpus.templates.hardcases_doc import Beside, Figure, Table, Text
from corpus.vocab import KO_SURNAMES, VOCABULARIES


def resume_blocks(
    p: Persona, rng: random.Random, photo: Photo | None = None, *, contacts: bool = True
) -> tuple[list[Any], Shown]:
    """The persona's resume in its own language's layout (mixed personas take the Korean one);
    without `contacts`, the candidate's e-mail and phone are left out, as recruiters send them."""
    if p.language == "en":
        return english_blocks(p, rng, photo, contacts=contacts)
    return korean_blocks(p, rng, photo, contacts=contacts)


def korean_blocks(
    p: Persona, rng: random.Random, photo: Photo | None = None, *, contacts: bool = True
) -> tuple[list[Any], Shown]:
    style, current = rng.choice(KO_MONTH_STYLES), rng.choice(CURRENT_KO)
    birth = rng.choice(birth_forms(p.birth, TODAY)) if p.birth else None
    forms = tuple(f for f in (p.name_hanja, p.name_roman) if f and rng.random() < 0.7)
    person: list[tuple[str, ...]] = [("성명", p.name)]
    person += [("한자" if f == p.name_hanja else "영문", f) for f in forms]
    if birth:
        person.append(("생년월일", birth))
    if contacts:
        person += [("연락처", p.phones[0]), ("이메일", p.emails[0])]
    person.append(("주소", p.address or ""))
    personal = Table(tuple(person), header=False, labels=(0,), widths=(1, 4), wrap=1)
    title = Text(rng.choice(("이 력 서", "이력서", "입사지원서")), "title", "center")
    blocks: list[Any] = [title, Text("인적사항", "h1")]
    if photo:
        blocks.append(Beside((personal,), (Figure(photo, 30, "center"),), 0.76))
    else:
        blocks.append(personal)
    blocks += _korean_history(p, style, current)
    shown = Shown(
        name=p.name, emails=contacts, phones=contacts, birth=birth, address=True, name_forms=forms
    )
    return blocks, shown


def _korean_history(p: Persona, style: str, current: str) -> list[Any]:
    blocks: list[Any] = [Text("학력사항", "h1")]
    rows: list[tuple[str, ...]] = [("기간", "학교명", "전공", "학위", "구분")]
    for e in p.education:
        span = f"{(e.start or '')[:7].replace('-', '.')} ~ {(e.end or '')[:7].replace('-', '.')}"
        rows.append((span, e.school, e.major or "", e.degree or "", e.status))
    blocks.append(Table(tuple(rows), widths=(3, 4, 3, 1, 1)))
    if p.careers:
        blocks.append(Text("경력사항", "h1"))
        rows = [("근무기간", "회사명", "직위", "담당업무")]
        for c in p.careers:
            span = ko_range(c.start or "", c.end, c.is_current, style, current_word=current)
            rows.append((span, c.company, c.position, c.duty))
        blocks.append(Table(tuple(rows), widths=(3, 3, 2, 4), wrap=3))
    blocks += [Text(rng_heading(p, ("보유기술", "기술스택", "보유 기술")), "h1")]
    blocks.append(Text(", ".join(p.skills)))
    if p.certificates:
        blocks.append(Text("자격증", "h1"))
        rows = [("취득일", "자격증명")]
        rows += [(d.replace("-", "."), n) for n, d in p.certificates]
        blocks.append(Table(tuple(rows), widths=(1, 3), wrap=1))
    blocks += [Text("자기소개", "h1"), Text(p.summary)]
    return blocks


def rng_heading(p: Persona, choices: tuple[str, ...]) -> str:
    """A heading picked by the persona alone, so one person's resume reads the same in every
    document it appears in."""
    return rng_for("hardcases-heading", p.id).choice(choices)


def english_blocks(
    p: Persona, rng: random.Random, photo: Photo | None = None, *, contacts: bool = True
) -> tuple[list[Any], Shown]:
    style, current = rng.choice(EN_MONTH_STYLES), rng.choice(CURRENT_EN)
    contact = " · ".join([*p.emails, *p.phones, *p.links]) if contacts else (p.address or "")
    birth = rng.choice(english_birth_forms(p.birth)) if p.birth and photo else None
    head: list[Any] = [Text(p.name, "title"), Text(p.headline, "lead"), Text(contact, "small")]
    if birth:
        head.append(Text(f"Date of birth: {birth}", "small"))
    blocks: list[Any] = (
        [Beside(tuple(head), (Figure(photo, 30, "right"),), 0.78)] if photo else head
    )
    blocks += [Text(rng_heading(p, ("Summary", "Profile")), "h1"), Text(p.summary)]
    if p.careers:
        blocks.append(Text(rng_heading(p, ("Experience", "Work Experience")), "h1"))
        for c in p.careers:
            dates = en_range(c.start or "", c.end, c.is_current, style, current_word=current)
            blocks.append(Text(f"{c.position}, {c.company}", "h2"))
            lines = [dates, *(f"• {b}" for b in c.bullets)]
            blocks.append(Text("\n".join(lines)))
    blocks.append(Text("Education", "h1"))
    for e in p.education:
        degree = f"{e.degree} in {e.major}" if e.degree else (e.major or "")
        blocks.append(Text(f"{e.school}\n{degree}, {(e.end or '')[:4]}".strip(", ")))
    blocks += [Text(rng_heading(p, ("Skills", "Technical Skills")), "h1")]
    blocks.append(Text(", ".join(p.skills)))
    links = p.links if contacts else ()
    shown = Shown(name=p.name, emails=contacts, phones=contacts, birth=birth, links=links,
                  address=not contacts)  # fmt: skip
    return blocks, shown


def pii_of(p: Persona, shown: Shown) -> tuple[str, ...]:
    """Every personal string a rendering of `p` printed, flat: for another person's share of a
    composite, listed among the candidate's `others`."""
    return tuple(value for values in planted_pii(p, shown).values() for value in values)


@dataclass(frozen=True)
class Someone:
    """A third party a hard case prints: a professor, a recruiter, an HR manager, a relative."""

    name: str
    phone: str
    email: str

    @property
    def pii(self) -> tuple[str, ...]:
        return (self.name, self.phone, self.email)


def someone(rng: random.Random, split: str, korean: bool, domain: str = "example.net") -> Someone:
    """Another fictional person from the split's vocabulary, with a phone in the fiction ranges
    and an e-mail on an example domain."""
    vocab = VOCABULARIES[split]
    if korean:
        surname, _, roman = rng.choice(KO_SURNAMES)
        first, second = rng.sample(vocab.ko_given, 2)
        given = first[0] + second[0]
        handle = f"{romanize(given)}.{roman}".lower()
        phone = f"010-0{rng.randint(0, 999):03d}-{rng.randint(1000, 9999)}"
        return Someone(surname + given, phone, f"{handle}@{domain}")
    first_name, last_name = rng.choice(vocab.en_first), rng.choice(vocab.en_last)
    plain = unicodedata.normalize("NFKD", f"{first_name}.{last_name}".lower())
    handle = "".join(c for c in plain if c.isascii() and (c.isalpha() or c == "."))
    phone = f"({rng.choice(('212', '312', '617', '206'))}) 555-01{rng.randint(10, 99)}"
    return Someone(f"{first_name} {last_name}", phone, f"{handle}@{domain}")
