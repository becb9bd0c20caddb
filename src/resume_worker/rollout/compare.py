"""Field-level comparison of a control's and a candidate's results: pluggable field readers,
normalisers and ignore rules, after GitHub Scientist's compare and ignore blocks."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from resume_worker.core.models import Analysis, CandidateProfile, ExtractedText

R = TypeVar("R")
Normaliser = Callable[[Any], Any]
IgnoreRule = Callable[[str, Any, Any], bool]
"""(field, control value, candidate value) -> True to leave the field out of this comparison."""
_SPACE = re.compile(r"\s+")


def normalise(value: Any) -> Any:
    """A value in comparable form: text NFKC, case-folded, whitespace collapsed (empty -> None);
    lists as order-free sorted lists; records as their non-default fields, normalised."""
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_defaults=True)
    if isinstance(value, str):
        text = _SPACE.sub(" ", unicodedata.normalize("NFKC", value)).strip().casefold()
        return text or None
    if isinstance(value, Mapping):
        pairs = ((key, normalise(item)) for key, item in value.items())
        return {key: item for key, item in pairs if item not in (None, [], {})}
    if isinstance(value, (list, tuple)):
        items = [normalise(item) for item in value]
        kept = [item for item in items if item not in (None, [], {})]
        return sorted(kept, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def digits(value: Any) -> Any:
    """Phone numbers compare by their digits only, order-free."""
    return sorted(re.sub(r"\D", "", str(item)) for item in value or ())


def both_empty(_field: str, control: Any, candidate: Any) -> bool:
    """A field neither side filled says nothing about agreement: it is not counted."""
    return control in (None, [], {}) and candidate in (None, [], {})


@dataclass(frozen=True)
class FieldComparator(Generic[R]):
    """Reads named fields from both results, normalises them (per field, else `normalise`) and
    reports which matched. Fields in `ignore`, or that an `ignore_when` rule skips, are left out.
    """

    fields: Mapping[str, Callable[[R], Any]]
    normalisers: Mapping[str, Normaliser] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    ignore_when: Sequence[IgnoreRule] = ()

    def __call__(self, control: R, candidate: R) -> dict[str, bool]:
        matches: dict[str, bool] = {}
        for name, read in self.fields.items():
            if name in self.ignore:
                continue
            fix = self.normalisers.get(name, normalise)
            ours, theirs = fix(read(control)), fix(read(candidate))
            if any(rule(name, ours, theirs) for rule in self.ignore_when):
                continue
            matches[name] = ours == theirs
        return matches


def _profile_field(name: str) -> Callable[[Analysis], Any]:
    return lambda analysis: getattr(analysis.profile, name)


compare_analyses: FieldComparator[Analysis] = FieldComparator(
    fields={name: _profile_field(name) for name in CandidateProfile.model_fields},
    normalisers={"phones": digits},
    ignore_when=(both_empty,),
)
"""Analysts agree field by field on the profile (confidences and spans are not compared)."""


def _words(text: ExtractedText) -> Counter[str]:
    return Counter(text.text.casefold().split())


compare_texts: FieldComparator[ExtractedText] = FieldComparator(
    fields={
        "text": lambda text: _SPACE.sub("", text.text),
        "words": _words,
        "headings": lambda text: [b.text for b in text.blocks if b.kind == "heading"],
        "tables": lambda text: [b.rows for b in text.blocks if b.kind == "table"],
        "page_count": lambda text: text.page_count,
        "ocr_pages": lambda text: text.ocr_pages,
    },
    normalisers={"text": lambda value: value, "words": lambda value: value},
)
"""Two readings of one file: the same text in the same order (whitespace aside), the same
words in any order, the same headings, tables, page count and OCR pages."""
