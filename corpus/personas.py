"""Fictional people, generated from a seed: everything a resume of them can state, and every
piece of personal data in it (theirs and third parties'), so the gold and the planted-PII list are
exact by construction."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from corpus import korean
from corpus.careers import make_history, military_service
from corpus.records import TODAY, Education, Persona
from corpus.seeds import rng_for
from corpus.vocab import KO_SURNAMES, VOCABULARIES, Vocabulary

FIELDS = ("backend", "frontend", "data", "ml", "design", "finance", "marketing")


def make_persona(persona_id: str, split: str, language: str, *, field_of_work: str = "") -> Persona:
    """One person of `split`'s vocabulary writing in `language`, all choices seeded by the id."""
    rng = rng_for("persona", persona_id)
    vocab = VOCABULARIES[split]
    work = field_of_work or rng.choice(FIELDS)
    korean_side = language in ("ko", "mixed")
    names = _korean_name(rng, vocab) if korean_side else _english_name(rng, vocab)
    history = make_history(rng, vocab, work, korean=korean_side, english=language != "ko")
    gender, birth = rng.choice("MF"), _birth(rng, history["education"])
    served = history.pop("military") and gender == "M" and birth.year + 22 <= TODAY.year
    person = Persona(
        id=persona_id,
        split=split,
        language=language,
        field=work,
        gender=gender,
        birth=birth,
        military=military_service(birth.year) if served else None,
        **names,
        **history,
    )
    return _with_contacts(rng, person, korean_side)


def _birth(rng: random.Random, education: tuple[Education, ...]) -> date:
    """Born about 22 years before finishing a first degree (19 before finishing high school)."""
    year = TODAY.year - rng.randint(24, 50)
    for school in reversed(education):  # oldest first
        if school.end and school.degree not in ("석사", "M.S.", "Master of Science", "MBA"):
            high = "고등학교" in school.school
            year = int(school.end[:4]) - (19 if high else 22)
            if not high:
                break
    return date(year - rng.randint(0, 2), rng.randint(1, 12), rng.randint(1, 28))


def _korean_name(rng: random.Random, vocab: Vocabulary) -> dict[str, object]:
    surname, surname_hanja, surname_roman = rng.choice(KO_SURNAMES)
    if rng.random() < 0.15:
        given, hanja = rng.choice(vocab.ko_native_given), None
    else:
        first, second = rng.sample(vocab.ko_given, 2)
        given, hanja = first[0] + second[0], surname_hanja + first[1] + second[1]
    roman_given = korean.romanized_given(given, rng.randrange(3))
    roman = rng.choice([f"{roman_given} {surname_roman}", f"{surname_roman.upper()} {roman_given}"])
    return {
        "name": surname + given,
        "surname": surname,
        "given": given,
        "name_hanja": hanja,
        "name_roman": roman,
        "handle": korean.romanize(given) + surname_roman.lower(),
    }


def _english_name(rng: random.Random, vocab: Vocabulary) -> dict[str, object]:
    first, last = rng.choice(vocab.en_first), rng.choice(vocab.en_last)
    handle = "".join(ch for ch in f"{first[0]}{last}".lower() if ch.isascii() and ch.isalpha())
    return {"name": f"{first} {last}", "surname": last, "given": first, "handle": handle}


def _with_contacts(rng: random.Random, person: Persona, korean_side: bool) -> Persona:
    handle = person.handle or "candidate"
    domain = rng.choice(("example.com", "example.net", "example.org", "mail.example.com"))
    email = rng.choice((f"{handle}@{domain}", f"{handle}{rng.randint(1, 99)}@{domain}"))
    if korean_side:
        mid, last = rng.randint(0, 999), rng.randint(1000, 9999)
        phone = rng.choice(
            (f"010-0{mid:03d}-{last}", f"010.0{mid:03d}.{last}", f"+82 10-0{mid:03d}-{last}")
        )
        address = _korean_address(rng)
    else:
        area, line = rng.choice(("312", "415", "646", "206", "512")), rng.randint(100, 199)
        phone = rng.choice(
            (f"({area}) 555-0{line}", f"{area}-555-0{line}", f"+1 {area} 555 0{line}")
        )
        address = _english_address(rng)
    links = [f"github.com/{handle}"]
    if rng.random() < 0.6:
        links.append(f"linkedin.com/in/{handle}")
    return replace(person, emails=(email,), phones=(phone,), address=address, links=tuple(links))


KO_CITIES = (
    ("서울특별시", ("강남구", "마포구", "송파구", "성동구", "관악구")),
    ("경기도", ("성남시 분당구", "수원시 영통구", "고양시 일산동구", "용인시 수지구")),
    ("부산광역시", ("해운대구", "수영구")),
    ("대전광역시", ("유성구", "서구")),
)
KO_ROADS = ("테헤란로", "월드컵북로", "올림픽로", "판교역로", "광교중앙로", "센텀중앙로", "대학로")
EN_STREETS = ("Maple Street", "Oak Avenue", "Cedar Lane", "Harbor Road", "Elm Street")
EN_CITIES = (
    ("Springfield", "IL", "62704"),
    ("Riverton", "WY", "82501"),
    ("Fairview", "OR", "97024"),
)


def _korean_address(rng: random.Random) -> str:
    city, districts = rng.choice(KO_CITIES)
    unit = rng.choice(("", f", {rng.randint(101, 1204)}호", f" {rng.randint(2, 15)}층"))
    return f"{city} {rng.choice(districts)} {rng.choice(KO_ROADS)} {rng.randint(1, 399)}{unit}"


def _english_address(rng: random.Random) -> str:
    city, state, zip_code = rng.choice(EN_CITIES)
    return f"{rng.randint(100, 9899)} {rng.choice(EN_STREETS)}, {city}, {state} {zip_code}"
