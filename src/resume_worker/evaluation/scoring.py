"""Per-document scoring rules of GOLD_FORMAT.md: normalisers, record matching and field counts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

PROFILE_STATUSES = frozenset({"completed", "partial"})
MATCH_RATIO = 0.85
TEXT_RATIO = 0.8
_COMPANY_NOISE = re.compile(r"\(주\)|㈜|주식회사|\b(?:inc|co|ltd|corp|llc)\b\.?", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")
_MISSING = object()
# (gold key, score field, how to compare) scored on matched record pairs
_CAREER_PARTS = (
    ("position", "positions", "text"),
    ("start", "career_start", "exact"),
    ("end", "career_end", "exact"),
)
_EDUCATION_PARTS = (("degree", "degrees", "exact"), ("major", "majors", "text"))


@dataclass
class FieldScore:
    """Counts for one field: set fields use tp/fp/fn, accuracy fields use correct/total."""

    kind: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    total: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def score(self) -> float | None:
        """F1 for set fields, accuracy for the others; None when nothing was scored."""
        if self.kind == "accuracy":
            return self.correct / self.total if self.total else None
        if self.tp + self.fp + self.fn == 0:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    @property
    def n(self) -> int:
        return self.total if self.kind == "accuracy" else self.tp + self.fn

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)


@dataclass(frozen=True)
class _Scope:
    path: str
    scores: dict[str, FieldScore]


def normalize_text(value: object) -> str:
    """Case-fold and drop whitespace, as the name scorer does."""
    return re.sub(r"\s+", "", str(value)).casefold()


def normalize_company(value: object) -> str:
    """Drop legal-form noise, spaces and punctuation; case-fold (companies and schools)."""
    return _NON_WORD.sub("", _COMPANY_NOISE.sub("", str(value))).casefold()


def normalize_phone(value: object) -> str:
    """Digits only, with a leading +82 turned into 0."""
    text = str(value).strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+82"):
        digits = "0" + digits[2:].lstrip("0")
    return digits


def normalize_skill(value: object) -> str:
    """Case-fold and remove spaces, dots and hyphens."""
    return re.sub(r"[\s.\-‐–]+", "", str(value)).casefold()


def similar(a: str, b: str) -> float:
    """The difflib ratio of two strings (0..1)."""
    return SequenceMatcher(None, a, b).ratio()


def score_document(
    path: str, gold: dict[str, Any], got: dict[str, Any], scores: dict[str, FieldScore]
) -> list[dict[str, Any]]:
    """Add one produced profile's counts to `scores`; return what was missed or extra."""
    scope = _Scope(path, scores)
    want: dict[str, Any] = gold.get("profile") or {}
    errors: list[dict[str, Any]] = []
    for name in ("name", "birth_year"):
        if name in want:
            errors += _score_exact(scope, name, want[name], got.get(name))
    sets: tuple[tuple[str, Callable[[object], str]], ...] = (
        ("emails", normalize_text),
        ("phones", normalize_phone),
        ("skills", normalize_skill),
    )
    for name, norm in sets:
        if name in want:
            errors += _score_set(scope, name, (want[name], got.get(name) or []), norm)
    if "careers" in want:
        errors += _score_records(scope, "company", want["careers"], got.get("careers") or [])
    if "education" in want:
        errors += _score_records(scope, "school", want["education"], got.get("education") or [])
    return errors


def _score_exact(scope: _Scope, name: str, want: object, got: object) -> list[dict[str, Any]]:
    ok = got is not None and normalize_text(want) == normalize_text(got)
    scope.scores[name].add(ok)
    return [] if ok else [{"file": scope.path, "field": name, "expected": want, "got": got}]


def _score_set(
    scope: _Scope,
    name: str,
    values: tuple[list[Any], list[Any]],
    norm: Callable[[object], str],
) -> list[dict[str, Any]]:
    wanted = {norm(v): v for v in values[0]}
    found = {norm(v): v for v in values[1]}
    score = scope.scores[name]
    score.tp += len(wanted.keys() & found.keys())
    missed = [wanted[k] for k in wanted.keys() - found.keys()]
    extra = [found[k] for k in found.keys() - wanted.keys()]
    score.fn += len(missed)
    score.fp += len(extra)
    if not missed and not extra:
        return []
    return [{"file": scope.path, "field": name, "missed": missed, "extra": extra}]


def match_records(
    want: list[dict[str, Any]], got: list[dict[str, Any]], key: str
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, extracted index) whose `key` names match, best first."""
    candidates: list[tuple[float, int, int, int]] = []
    for gi, g in enumerate(want):
        for pi, p in enumerate(got):
            a, b = normalize_company(g.get(key) or ""), normalize_company(p.get(key) or "")
            ratio = 1.0 if a and a == b else similar(a, b) if a and b else 0.0
            if ratio >= MATCH_RATIO:
                candidates.append((-ratio, abs(gi - pi), gi, pi))
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, gi, pi in sorted(candidates):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return sorted(pairs)


def _score_records(
    scope: _Scope, key: str, want: list[dict[str, Any]], got: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    label, parts = (
        ("companies", _CAREER_PARTS) if key == "company" else ("schools", _EDUCATION_PARTS)
    )
    pairs = match_records(want, got, key)
    score = scope.scores[label]
    score.tp += len(pairs)
    score.fn += len(want) - len(pairs)
    score.fp += len(got) - len(pairs)
    errors: list[dict[str, Any]] = []
    missed = [g.get(key) for i, g in enumerate(want) if i not in {gi for gi, _ in pairs}]
    extra = [p.get(key) for i, p in enumerate(got) if i not in {pi for _, pi in pairs}]
    if missed or extra:
        errors.append({"file": scope.path, "field": label, "missed": missed, "extra": extra})
    for gi, pi in pairs:
        for part, name, how in parts:
            if part in want[gi]:
                errors += _score_part(scope, (part, name, how), want[gi][part], got[pi])
    return errors


def _score_part(
    scope: _Scope, spec: tuple[str, str, str], want: object, record: dict[str, Any]
) -> list[dict[str, Any]]:
    part, name, how = spec
    got = record.get(part, _MISSING)
    if how == "exact":
        ok = got is not _MISSING and (
            got == want
            or (
                want is not None
                and got is not None
                and normalize_company(got) == normalize_company(want)
            )
        )
    else:
        ok = isinstance(got, str) and want is not None
        ok = ok and similar(normalize_text(got), normalize_text(want)) >= TEXT_RATIO
    scope.scores[name].add(ok)
    if ok:
        return []
    shown = None if got is _MISSING else got
    return [{"file": scope.path, "field": name, "expected": want, "got": shown}]
