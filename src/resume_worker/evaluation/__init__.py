"""The extraction scorer: flat profiles against gold files (eval/GOLD_FORMAT.md), per field."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resume_worker.evaluation.scoring import (
    PROFILE_STATUSES,
    FieldScore,
    match_records,
    normalize_company,
    normalize_phone,
    normalize_skill,
    normalize_text,
    score_document,
)

__all__ = [
    "BARS",
    "EvalReport",
    "EvaluatedDocument",
    "FieldScore",
    "by_set_and",
    "evaluate",
    "evaluate_groups",
    "family_name",
    "family_of",
    "format_of",
    "language_of",
    "load_gold",
    "match_records",
    "normalize_company",
    "normalize_phone",
    "normalize_skill",
    "normalize_text",
    "set_of",
]

BARS: dict[str, float] = {
    "name": 0.95,
    "emails": 0.98,
    "phones": 0.98,
    "companies": 0.85,
    "schools": 0.85,
    "career_start": 0.75,
    "career_end": 0.75,
    "skills": 0.70,
    "error_codes": 0.95,
    "profile_rate": 0.95,
}
_FIELD_KINDS: tuple[tuple[str, str], ...] = (
    ("name", "accuracy"),
    ("emails", "set"),
    ("phones", "set"),
    ("birth_year", "accuracy"),
    ("companies", "set"),
    ("positions", "accuracy"),
    ("career_start", "accuracy"),
    ("career_end", "accuracy"),
    ("schools", "set"),
    ("degrees", "accuracy"),
    ("majors", "accuracy"),
    ("skills", "set"),
    ("error_codes", "accuracy"),
    ("profile_rate", "accuracy"),
)


@dataclass(frozen=True)
class EvaluatedDocument:
    """One document's outcome: how its job ended and the flat profile it produced (if any)."""

    path: str
    gold: dict[str, Any]
    status: str
    error_code: str | None
    profile: dict[str, Any] | None
    set: str = ""  # the folder it was evaluated with (dev, train, test)
    family: str = ""  # the template family (corpus manifest) or the top folder


@dataclass
class EvalReport:
    """Per-field scores over a document set, plus the per-file list of what went wrong."""

    fields: dict[str, FieldScore]
    documents: int
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: per-field counts and scores, and the per-file errors."""
        return {
            "documents": self.documents,
            "fields": {
                name: {
                    "kind": s.kind,
                    "precision": s.precision,
                    "recall": s.recall,
                    "score": s.score,
                    "n": s.n,
                    "bar": BARS.get(name),
                }
                for name, s in self.fields.items()
            },
            "errors": self.errors,
        }

    def table_rows(self) -> list[tuple[str, ...]]:
        """Rows of (field, P, R, F1 or accuracy, n, bar, ok) for a rich table."""
        rows: list[tuple[str, ...]] = []
        for name, s in self.fields.items():
            bar, score = BARS.get(name), s.score
            ok = "" if bar is None or score is None else ("yes" if score >= bar else "NO")
            is_set = s.kind == "set"
            rows.append(
                (
                    name,
                    _fmt(s.precision if is_set else None),
                    _fmt(s.recall if is_set else None),
                    _fmt(score),
                    str(s.n),
                    _fmt(bar),
                    ok,
                )
            )
        return rows


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def load_gold(path: Path) -> dict[str, Any]:
    """Read one `X.ext.gold.json` file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("a gold file must hold a JSON object")
    return data


def evaluate(docs: list[EvaluatedDocument]) -> EvalReport:
    """Score every document against its gold file and add the counts up per field.

    An expected error counts when the job ended with that code (or a listed alternative) and
    produced no profile; an expected profile that was not produced counts as every stated value
    missed.
    """
    report = EvalReport(fields={n: FieldScore(k) for n, k in _FIELD_KINDS}, documents=len(docs))
    for doc in docs:
        if doc.gold.get("expect") == "error":
            report.errors.extend(_score_error(doc, report.fields["error_codes"]))
            continue
        produced = doc.status in PROFILE_STATUSES and doc.profile is not None
        report.fields["profile_rate"].add(produced)
        if not produced:
            report.errors.append(
                {"file": doc.path, "field": "profile", "status": doc.status, "got": doc.error_code}
            )
        got = doc.profile if produced and doc.profile is not None else {}
        report.errors.extend(score_document(doc.path, doc.gold, got, report.fields))
    return report


def _score_error(doc: EvaluatedDocument, score: FieldScore) -> list[dict[str, Any]]:
    expected = {doc.gold.get("error_code"), *doc.gold.get("error_code_alternatives", [])}
    ok = doc.error_code in expected and doc.status not in PROFILE_STATUSES
    score.add(ok)
    if ok:
        return []
    return [
        {
            "file": doc.path,
            "field": "error_code",
            "expected": sorted(str(e) for e in expected if e),
            "got": doc.error_code,
            "status": doc.status,
        }
    ]


def evaluate_groups(
    docs: list[EvaluatedDocument], group_of: Callable[[EvaluatedDocument], str]
) -> dict[str, EvalReport]:
    """One report per group (for example per language or per file format), groups sorted."""
    groups: dict[str, list[EvaluatedDocument]] = {}
    for doc in docs:
        groups.setdefault(group_of(doc), []).append(doc)
    return {name: evaluate(groups[name]) for name in sorted(groups)}


def language_of(doc: EvaluatedDocument) -> str:
    """The gold file's language ("ko", "en", "mixed", ...), or "unknown"."""
    return str(doc.gold.get("language") or "unknown")


def format_of(doc: EvaluatedDocument) -> str:
    """The document's extension, lower-case ("pdf", "docx", "hwpx", ...)."""
    return Path(doc.path).suffix.lower().lstrip(".") or "none"


def set_of(doc: EvaluatedDocument) -> str:
    return doc.set or "all"


def family_name(doc: EvaluatedDocument) -> str:
    return doc.family or "none"


def by_set_and(group_of: Callable[[EvaluatedDocument], str]) -> Callable[[EvaluatedDocument], str]:
    """`set:group`, for tables that put the sets side by side within a grouping."""
    return lambda doc: f"{set_of(doc)}:{group_of(doc)}"


def family_of(path: Path, root: Path) -> str:
    """The template family a corpus manifest (in `root` or up to two folders above) gives the
    document, else the first folder below `root` it sits in (the dev set's en/ko/special)."""
    for folder in (root, root.parent, root.parent.parent):
        families = _manifest_families(folder / "manifest.json")
        if families:
            return families.get(str(path.resolve().relative_to(folder.resolve())), "none")
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else "none"


@functools.cache
def _manifest_families(manifest: Path) -> dict[str, str]:
    if not manifest.is_file():
        return {}
    entries = json.loads(manifest.read_text(encoding="utf-8")).get("documents", [])
    return {str(e["path"]): str(e["family"]) for e in entries if "path" in e and "family" in e}
