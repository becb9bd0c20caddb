"""Field comparators: normalisation, per-field normalisers, ignore lists and ignore rules."""

from __future__ import annotations

from resume_worker.core.models import Analysis, Block, CandidateProfile, Career, ExtractedText
from resume_worker.rollout.compare import (
    FieldComparator,
    compare_analyses,
    compare_texts,
    normalise,
)


def analysis(**fields: object) -> Analysis:
    return Analysis(CandidateProfile.model_validate(fields))


def test_normalise_ignores_case_width_spacing_order_and_empty_values() -> None:
    """Text is NFKC, case-folded and space-collapsed; lists are order-free; empties vanish."""
    assert normalise(" Ｋim  Min\tJun ") == normalise("kim min jun")
    assert normalise(["Go", "python", ""]) == normalise(["PYTHON", "go"])
    assert normalise({"company": "Acme", "position": None}) == {"company": "acme"}


def test_profiles_compare_field_by_field() -> None:
    """Only the differing field mismatches; phones compare by digits; records order-free;
    fields empty on both sides are not counted."""
    careers = [Career(company="Acme", start="2020-01"), Career(company="Beta")]
    control = analysis(name="Kim", phones=["010-1234-5678"], skills=["Go"], careers=careers)
    candidate = analysis(
        name="KIM", phones=["01012345678"], skills=["Rust"], careers=list(reversed(careers))
    )
    assert compare_analyses(control, candidate) == {
        "name": True,
        "phones": True,
        "careers": True,
        "skills": False,
    }


def test_ignore_lists_and_rules_are_pluggable() -> None:
    """A custom comparator can ignore a field outright or skip it by a rule."""
    comparator: FieldComparator[dict[str, str]] = FieldComparator(
        fields={"a": lambda r: r["a"], "b": lambda r: r["b"], "c": lambda r: r["c"]},
        normalisers={"a": len},
        ignore=frozenset({"b"}),
        ignore_when=(lambda name, ours, theirs: name == "c" and "draft" in (ours or ""),),
    )
    assert comparator({"a": "xx", "b": "1", "c": "draft"}, {"a": "yy", "b": "2", "c": "x"}) == {
        "a": True
    }


def test_texts_compare_order_words_and_structure() -> None:
    """A different reading order keeps the words but changes the text; headings count too."""
    first = ExtractedText.from_blocks(
        [Block("heading", "Kim", 1), Block("paragraph", "left right", 1)],
        format="pdf",
        page_count=1,
    )
    second = ExtractedText.from_blocks(
        [Block("paragraph", "Kim", 1), Block("paragraph", "right left", 1)],
        format="pdf",
        page_count=1,
    )
    assert compare_texts(first, second) == {
        "text": False,
        "words": True,
        "headings": False,
        "tables": True,
        "page_count": True,
        "ocr_pages": True,
    }
    assert all(compare_texts(first, first).values())
