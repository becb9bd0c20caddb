"""The scorer: per-field counts, record matching and error-code accuracy per GOLD_FORMAT.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from resume_worker.evaluation import (
    EvaluatedDocument,
    evaluate,
    load_gold,
    normalize_company,
    normalize_phone,
    normalize_skill,
)

GOLD: dict[str, Any] = {
    "language": "ko",
    "expect": "profile",
    "error_code": None,
    "profile": {
        "name": "김민준",
        "emails": ["minjun@example.com"],
        "phones": ["+82-10-0000-1234"],
        "careers": [
            {
                "company": "주식회사 카카오",
                "position": "백엔드 개발자",
                "start": "2021-04",
                "end": None,
            },
            {"company": "Globex Corp.", "position": "Engineer", "start": "2019-01"},
        ],
        "education": [{"school": "한양대학교", "degree": "학사", "major": "컴퓨터공학"}],
        "skills": ["Spring Boot", "Node.js"],
    },
}


def _doc(
    profile: dict[str, Any] | None,
    gold: dict[str, Any] = GOLD,
    status: str = "completed",
    code: str | None = None,
) -> EvaluatedDocument:
    return EvaluatedDocument("x.docx", gold, status, code, profile)


def test_normalisers() -> None:
    """Companies drop legal forms, phones become domestic digits, skills drop spaces and dots."""
    assert normalize_company("(주)카카오") == normalize_company("카카오") == "카카오"
    assert normalize_company("Globex Corp.") == normalize_company("globex") == "globex"
    assert normalize_company("Acme Company") != normalize_company("Acme")
    assert normalize_phone("+82-10-0000-1234") == normalize_phone("010 0000 1234")
    assert normalize_skill("Node.js") == normalize_skill("nodejs")


def test_perfect_profile_scores_one_everywhere() -> None:
    """A profile equal to the gold (modulo normalisation) scores 1.0 on every stated field."""
    profile = {
        "name": "김 민준",
        "emails": ["MINJUN@example.com"],
        "phones": ["010-0000-1234"],
        "careers": [
            {"company": "카카오", "position": "백엔드개발자", "start": "2021-04", "end": None},
            {"company": "Globex", "position": "Engineer", "start": "2019-01", "end": "2020-01"},
        ],
        "education": [{"school": "한양대학교", "degree": "학사", "major": "컴퓨터공학"}],
        "skills": ["spring boot", "NodeJS"],
    }
    report = evaluate([_doc(profile)])
    scored = {k: s.score for k, s in report.fields.items() if s.score is not None}
    assert scored == {k: 1.0 for k in scored}
    assert set(scored) >= {
        "name",
        "emails",
        "phones",
        "companies",
        "career_start",
        "career_end",
        "positions",
        "schools",
        "degrees",
        "majors",
        "skills",
        "profile_rate",
    }
    assert report.fields["career_end"].n == 1
    assert report.errors == []


def test_partial_matches_count_precision_and_recall() -> None:
    """Extra and missing values lower precision and recall; dates score only on matched pairs."""
    profile = {
        "name": "이력서",
        "emails": ["minjun@example.com", "other@example.com"],
        "careers": [
            {"company": "카카오", "position": "서버 개발", "start": "2021-05", "is_current": True},
            {"company": "Initech", "position": "Engineer", "start": "2019-01"},
        ],
        "skills": ["Spring Boot"],
    }
    report = evaluate([_doc(profile)])
    fields = report.fields
    assert fields["name"].score == 0.0
    assert (fields["emails"].precision, fields["emails"].recall) == (0.5, 1.0)
    assert fields["phones"].recall == 0.0
    assert (fields["companies"].tp, fields["companies"].fp, fields["companies"].fn) == (1, 1, 1)
    assert fields["career_start"].score == 0.0
    assert fields["career_end"].score == 0.0
    assert fields["positions"].score == 0.0
    assert fields["skills"].recall == 0.5
    missed = [e for e in report.errors if e["field"] == "companies"]
    assert missed[0]["missed"] == ["Globex Corp."] and missed[0]["extra"] == ["Initech"]


def test_similar_names_match_and_duplicates_pair_in_order() -> None:
    """Near-identical names (ratio >= 0.85) match; repeated schools pair by position."""
    gold = {
        "expect": "profile",
        "profile": {
            "education": [
                {"school": "부산대학교", "degree": "석사"},
                {"school": "부산대학교", "degree": "학사"},
            ]
        },
    }
    profile = {
        "education": [
            {"school": "부산대학교", "degree": "석사"},
            {"school": "부산대학교", "degree": "학사"},
        ]
    }
    assert evaluate([_doc(profile, gold)]).fields["degrees"].score == 1.0
    gold = {"expect": "profile", "profile": {"careers": [{"company": "Wide World Importers"}]}}
    profile = {"careers": [{"company": "Wide World Importers Ltd"}, {"company": "Contoso"}]}
    assert evaluate([_doc(profile, gold)]).fields["companies"].tp == 1


def test_absent_gold_keys_are_not_scored() -> None:
    """A field the gold leaves out is never counted, whatever the profile says."""
    gold = {"expect": "profile", "profile": {"name": "Etta"}}
    report = evaluate([_doc({"name": "Etta", "skills": ["Go"], "birth_year": 1990}, gold)])
    assert report.fields["skills"].n == 0 and report.fields["skills"].score is None
    assert report.fields["birth_year"].total == 0


def test_error_documents_and_alternatives() -> None:
    """An expected error counts when the code or a listed alternative ends the job unprofiled."""
    gold = {
        "expect": "error",
        "error_code": "INVALID_FILE",
        "error_code_alternatives": ["UNSUPPORTED_FORMAT"],
    }
    docs = [
        _doc(None, gold, "rejected", "UNSUPPORTED_FORMAT"),
        _doc(None, gold, "rejected", "INVALID_FILE"),
        _doc({"name": "x"}, gold, "completed", None),
    ]
    report = evaluate(docs)
    assert report.fields["error_codes"].correct == 2 and report.fields["error_codes"].total == 3


def test_missing_profile_counts_against_profile_rate_and_recall() -> None:
    """A profile document that was rejected lowers the profile rate and every field's recall."""
    report = evaluate([_doc(None, status="rejected", code="TEXT_TOO_SHORT")])
    assert report.fields["profile_rate"].score == 0.0
    assert report.fields["emails"].recall == 0.0 and report.fields["name"].score == 0.0


def test_report_rows_and_dict(tmp_path: Path) -> None:
    """table_rows gives one row per field with bars; to_dict is JSON-ready; load_gold reads."""
    path = tmp_path / "a.pdf.gold.json"
    path.write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    report = evaluate([_doc(GOLD["profile"], load_gold(path))])
    rows = {row[0]: row for row in report.table_rows()}
    assert (
        rows["emails"][3] == "1.000" and rows["emails"][5] == "0.980" and rows["emails"][6] == "yes"
    )
    assert rows["error_codes"][3] == "-"
    assert json.loads(json.dumps(report.to_dict()))["fields"]["name"]["score"] == 1.0


def test_groups_by_language_and_format() -> None:
    """evaluate_groups splits documents by gold language and by extension, scoring each group."""
    from resume_worker.evaluation import EvaluatedDocument, evaluate_groups, format_of, language_of

    def doc(path: str, language: str, name: str, got: str) -> EvaluatedDocument:
        gold = {"language": language, "expect": "profile", "profile": {"name": name}}
        return EvaluatedDocument(path, gold, "completed", None, {"name": got})

    docs = [
        doc("a.pdf", "en", "Jane Doe", "Jane Doe"),
        doc("b.docx", "ko", "홍길동", "홍길동"),
        doc("c.pdf", "ko", "김민준", "이력서"),
    ]
    by_language = evaluate_groups(docs, language_of)
    by_format = evaluate_groups(docs, format_of)
    assert list(by_language) == ["en", "ko"] and list(by_format) == ["docx", "pdf"]
    assert by_language["ko"].fields["name"].score == 0.5
    assert by_format["pdf"].documents == 2 and by_format["pdf"].fields["name"].score == 0.5


def test_family_comes_from_a_corpus_manifest_or_the_top_folder(tmp_path: Path) -> None:
    """A corpus document's family is its manifest entry's (the manifest sits above the split
    folders); a dev-set document's is the folder it sits in below the set's root."""
    from resume_worker.evaluation import family_of

    corpus = tmp_path / "out"
    (corpus / "test" / "latex").mkdir(parents=True)
    manifest = {"documents": [{"path": "test/latex/a-00.pdf", "family": "latex"}]}
    (corpus / "manifest.json").write_text(json.dumps(manifest))
    assert family_of(corpus / "test" / "latex" / "a-00.pdf", corpus / "test") == "latex"
    assert family_of(corpus / "test" / "latex" / "b-00.pdf", corpus / "test") == "none"
    dev = tmp_path / "dev"
    (dev / "ko").mkdir(parents=True)
    assert family_of(dev / "ko" / "x.docx", dev) == "ko"
    assert family_of(dev / "x.docx", dev) == "none"


def test_sets_side_by_side_within_each_grouping() -> None:
    """by_set_and names a group `set:group`, so each set's languages sit side by side."""
    from resume_worker.evaluation import by_set_and, evaluate_groups, language_of

    def doc(set_name: str, language: str) -> EvaluatedDocument:
        gold = {**GOLD, "language": language}
        return EvaluatedDocument("x.pdf", gold, "completed", None, GOLD["profile"], set_name)

    docs = [doc("train", "ko"), doc("train", "en"), doc("test", "ko")]
    groups = evaluate_groups(docs, by_set_and(language_of))
    assert {name: r.documents for name, r in groups.items()} == {
        "test:ko": 1,
        "train:en": 1,
        "train:ko": 1,
    }
    assert groups["train:ko"].fields["name"].score == 1.0
