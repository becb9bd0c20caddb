"""Near-misses: one person's resume that also names other people (referees with their e-mails
and phones, family members in 가족사항 with an emergency contact, a professor on a cover page, a
headhunter's or staffing agency's letterhead); the gold is the candidate's profile only, and the
others are listed among the planted PII so redaction is checked on them too."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from corpus.gold import gold_file
from corpus.photos import decoy, headshot, id_photo
from corpus.records import Persona
from corpus.seeds import rng_for
from corpus.templates import Context, Rendered, Template
from corpus.templates.hardcases_doc import (
    Beside,
    Doc,
    Figure,
    PageBreak,
    Table,
    Text,
    alternate,
    copy_number,
    logo_figure,
)
from corpus.templates.hardcases_doc import rendered as rendered_doc
from corpus.templates.hardcases_resume import english_blocks, korean_blocks, someone


def _references(p: Persona, context: Context) -> Rendered:
    """An English resume closing with two referees, their phones and e-mails."""
    rng = rng_for("nearmiss-references", p.id)
    qr = decoy(p.id, "qr", label=f"https://{p.links[0]}") if rng.random() < 0.5 else None
    blocks, shown = english_blocks(p, rng)
    if qr:
        blocks.insert(0, Beside((), (Figure(qr, 22),), 0.85))
    blocks.append(Text("References", "h1"))
    for person in p.third_parties:
        lines = [person.name, f"{person.relation}, {person.company}"]
        lines.append(f"{person.phone} · {person.email}")
        blocks.append(Text("\n".join(lines)))
    shown = replace(shown, third_parties=True)
    doc = Doc(tuple(blocks), "en", serif=rng.random() < 0.5, accent="#333333")
    return rendered_doc(doc, alternate(p), context, p.id, shown)


def _family(p: Persona, context: Context) -> Rendered:
    """A Korean 이력서 with its 가족사항 table and an emergency contact (a parent's phone); in
    every third copy the photo cell holds a 3:4 picture of no face (a decoy in the photo's
    place)."""
    rng = rng_for("nearmiss-family", p.id)
    picture = decoy(p.id, "no-face") if copy_number(p) % 3 == 2 else id_photo(p.id)
    blocks, shown = korean_blocks(p, rng, picture)
    rows = [("관계", "성명", "연령", "직업", "동거여부")]
    for person in p.third_parties:
        job = rng.choice(("회사원", "자영업", "주부", "교사", "공무원", "무직"))
        rows.append((person.relation, person.name, f"{rng.randint(55, 78)}세", job, "동거"))
    contact = someone(rng, p.split, True)
    parent = p.third_parties[0]
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Text) and b.text == "학력사항")
    blocks[at:at] = [Text("가족사항", "h1"), Table(tuple(rows), widths=(1, 2, 1, 2, 1))]
    blocks.append(Text(f"비상연락처: {parent.name} ({parent.relation}) {contact.phone}", "small"))
    shown = replace(shown, third_parties=True, extra_pii=(contact.phone,))
    return rendered_doc(Doc(tuple(blocks), p.language), alternate(p), context, p.id, shown)


def _advisor(p: Persona, context: Context) -> Rendered:
    """A research-post application whose cover page names the candidate's professor, with the
    professor's e-mail and phone (sometimes above the candidate's own name)."""
    rng = rng_for("nearmiss-advisor", p.id)
    korean = p.language != "en"
    professor = someone(rng, p.split, korean, domain="cs.example.org")
    school = p.education[-1].school if p.education else ""
    if korean:
        title, role = "연구원 지원서", f"추천 교수: {professor.name} 교수 ({school})"
        who = f"지원자: {p.name}"
    else:
        title = "Application for a Research Engineer position"
        role = f"Faculty advisor: Prof. {professor.name}, {school}"
        who = f"Candidate: {p.name}"
    contact = f"{professor.email} · {professor.phone}"
    lines = [role, contact, who] if rng.random() < 0.5 else [who, role, contact]
    cover = [Text("", "cover"), Text(title, "title", "center")]
    cover.append(Text("\n".join(lines), "lead", "center"))
    photo = id_photo(p.id) if korean else (headshot(p.id) if rng.random() < 0.5 else None)
    blocks, shown = (korean_blocks if korean else english_blocks)(p, rng, photo)
    shown = replace(shown, extra_pii=professor.pii)
    doc = Doc(tuple([*cover, PageBreak(), *blocks]), p.language, serif=True)
    return rendered_doc(doc, alternate(p, ("pdf", "docx", "pdf")), context, p.id, shown)


AGENCIES_KO = ("피플브릿지 서치", "한울 HR 파트너스", "커리어원 헤드헌팅", "인재로 서치펌")
AGENCIES_EN = ("Harborline Talent Partners", "Keystone Staffing Group", "Brightside Recruiting")


def _agency(p: Persona, context: Context) -> Rendered:
    """A resume sent by a headhunter (헤드헌터 추천서) or staffing agency: the agency's logo and
    letterhead with the recruiter's phone and e-mail on every page, and in half the copies the
    candidate's own contacts withheld (the gold then states no e-mail and no phone)."""
    rng = rng_for("nearmiss-agency", p.id)
    korean = p.language != "en"
    agency = rng.choice(AGENCIES_KO if korean else AGENCIES_EN)
    recruiter = someone(rng, p.split, korean, domain="search.example.com")
    withheld = rng.random() < 0.5
    photo = id_photo(p.id) if korean else None
    blocks, shown = (korean_blocks if korean else english_blocks)(
        p, rng, photo, contacts=not withheld
    )
    logo = decoy(p.id, "logo", label=agency)
    blocks = [*_letterhead(agency, recruiter.name, korean, logo), *blocks]
    header, footer = _agency_lines(agency, recruiter, korean)
    doc = Doc(tuple(blocks), p.language, header=header, footer=footer, accent="#0b5d4b")
    shown = replace(shown, extra_pii=recruiter.pii)
    gold = gold_file(p, shown, p.language)
    if withheld:
        gold["profile"] |= {"emails": [], "phones": []}
    notes = "candidate's contacts withheld" if withheld else ""
    return rendered_doc(doc, alternate(p), context, p.id, shown, gold=gold, notes=notes)


def _letterhead(agency: str, recruiter: str, korean: bool, logo: Any) -> list[Any]:
    title = "후보자 추천서" if korean else "Candidate Profile"
    by = f"{agency} · 담당 컨설턴트 {recruiter}" if korean else f"Presented by {agency}"
    return [Beside((logo_figure(logo),), (Text(f"{title}\n{by}", "small", "right"),), 0.4)]


def _agency_lines(agency: str, recruiter: Any, korean: bool) -> tuple[tuple[str, ...], ...]:
    if korean:
        header = (
            f"{agency} | 담당 컨설턴트 {recruiter.name} {recruiter.phone} | {recruiter.email}",
        )
        footer = (
            f"본 추천서는 후보자의 동의를 받아 {agency}에서 작성하였으며 무단 배포를 금합니다. "
            f"문의: {recruiter.name} 컨설턴트 ({recruiter.phone})",
        )
    else:
        header = (f"{agency} — {recruiter.name}, Senior Recruiter · {recruiter.email}",)
        footer = (
            f"Confidential. Submitted by {agency}; to arrange an interview call {recruiter.name} "
            f"at {recruiter.phone}.",
        )
    return header, footer


TEMPLATES = [
    Template("nearmiss-references", "nearmiss", "recreated", ("en",), _references, 3, "nearmiss"),
    Template("nearmiss-family", "nearmiss", "recreated", ("ko", "mixed"), _family, 3, "nearmiss"),
    Template("nearmiss-advisor", "nearmiss", "recreated", ("ko", "en"), _advisor, 3, "nearmiss"),
    Template("nearmiss-agency-ko", "nearmiss", "recreated", ("ko",), _agency, 3, "nearmiss"),
    Template("nearmiss-agency-en", "nearmiss", "recreated", ("en",), _agency, 3, "nearmiss"),
]
