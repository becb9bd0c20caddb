"""What a scan's person may write differently so Tesseract can read it back: Tesseract's Korean
model has no enclosed ㈜ and stumbles on some rarer syllables and mixed runs (누리네트웍스,
`AI 연구원`) at any resolution. A company, position, school or skill that no scan of a layout gives
back is redrawn from the split's vocabulary, so the document and its gold keep agreeing (the gold
is never weakened); the person's name and contacts are never redrawn."""

from __future__ import annotations

import random
import re
from dataclasses import replace

from corpus.careers import EN_POSITIONS, KO_POSITIONS
from corpus.records import Education, Persona
from corpus.vocab import VOCABULARIES, Vocabulary

KO_LEGAL = re.compile(r"^(\(주\)|주식회사 )|(\(주\))$")
EN_LEGAL = re.compile(r" (Inc\.|LLC|Ltd\.)$")


def legible(p: Persona) -> Persona:
    """The persona with ㈜ spelled (주), as many people type it."""
    careers = tuple(replace(c, company=c.company.replace("㈜", "(주)")) for c in p.careers)
    return replace(p, careers=careers)


def personal(p: Persona) -> set[str]:
    """The strings of the gold that are the person's own (never redrawn): the name, e-mails and
    the last four digits of each phone, as corpus.gold.missing_from reports them."""
    digits = {re.sub(r"\D", "", phone)[-4:] for phone in p.phones}
    return {p.name, *p.emails, *digits}


def redraw(p: Persona, unread: set[str], rng: random.Random) -> Persona:
    """The persona with every company, position, school and skill in `unread` replaced by another
    of the same kind (a company renamed everywhere it appears)."""
    vocab = VOCABULARIES[p.split]
    korean = p.language != "en"
    companies = {c.company for c in p.careers if c.company in unread}
    renamed = {name: _company(name, vocab, korean, rng) for name in sorted(companies)}
    positions = (KO_POSITIONS if p.language == "ko" else EN_POSITIONS)[p.field]
    careers = tuple(
        replace(
            c,
            company=renamed.get(c.company, c.company),
            position=rng.choice(positions) if c.position in unread else c.position,
        )
        for c in p.careers
    )
    education = tuple(_school(e, vocab, korean, rng) if e.school in unread else e
                      for e in p.education)  # fmt: skip
    pool = [s for s in vocab.skills[p.field] if s not in p.skills and (korean or s.isascii())]
    rng.shuffle(pool)
    skills = tuple(pool.pop() if s in unread and pool else s for s in p.skills)
    return replace(p, careers=careers, education=education, skills=skills)


def _company(name: str, vocab: Vocabulary, korean: bool, rng: random.Random) -> str:
    if korean:
        core = f"{rng.choice(vocab.ko_company_stems)}{rng.choice(vocab.ko_company_kinds)}"
        legal = KO_LEGAL.search(name)
        if not legal:
            return core
        return f"{legal.group(1)}{core}" if legal.group(1) else f"{core}{legal.group(2)}"
    core = f"{rng.choice(vocab.en_company_stems)} {rng.choice(vocab.en_company_kinds)}"
    legal = EN_LEGAL.search(name)
    return f"{core} {legal.group(1)}" if legal else core


def _school(school: Education, vocab: Vocabulary, korean: bool, rng: random.Random) -> Education:
    if not korean:
        return replace(school, school=rng.choice(vocab.en_schools))
    kind = next(k for k in ("대학교 대학원", "고등학교", "대학교", "과학기술원", "")
                if school.school.endswith(k))  # fmt: skip
    return replace(school, school=rng.choice(vocab.ko_school_stems) + kind)
