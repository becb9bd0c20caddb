"""The candidate's name as people write it at the top of their resumes."""

from __future__ import annotations

from typing import Any

import pytest

from resume_worker.analysis.rules.layout import lines_of
from resume_worker.analysis.rules.names import find_name
from resume_worker.analysis.rules.sections import assign_sections
from tests.rules_docs import doc

CASES = [
    ("홍길동 / Hong Gil-dong / 洪吉童\n010-1234-5678", "홍길동"),
    ("洪吉童 홍길동\n010-1234-5678", "홍길동"),
    ("Jordan Lee, MBA\njordan@example.com", "Jordan Lee"),
    ("Jordan Lee, CPA, CFA\njordan@example.com", "Jordan Lee"),
    ("Dr. Jordan Lee\njordan@example.com", "Jordan Lee"),
    ("JORDAN  LEE\njordan@example.com", "Jordan Lee"),
    ("이름 : 홍 길 동\n연락처 : 010-1234-5678", "홍길동"),
    ("홍길동 | 010-1234-5678 | hong@example.com", "홍길동"),
    ("Jordan Lee • Seattle, WA • jordan@example.com", "Jordan Lee"),
    (
        "Summary\nJordan Lee\nBackend engineer with 8 years of experience.\njordan@example.com",
        "Jordan Lee",
    ),
    ("Profile\n\nJordan Lee\nSenior Product Manager", "Jordan Lee"),
    ("Resume\nJordan Lee\nSeattle, WA\n(206) 555-0100", "Jordan Lee"),
    ("Seattle, WA\nJordan Lee\nProduct Manager", "Jordan Lee"),
    ("Mary-Jane O'Connor\nmj@example.com", "Mary-Jane O'Connor"),
    ("Ana de la Cruz\nana@example.com", "Ana de la Cruz"),
    ("Jean-Luc Picard\nCaptain", "Jean-Luc Picard"),
    ("김 민 준\n프론트엔드 개발자", "김민준"),
    ("[이력서] 김민준\n010-1234-5678", "김민준"),
    ("김민준 (Minjun Kim)\nFrontend Developer", "김민준"),
    ("Minjun Kim (김민준)\nFrontend Developer", "Minjun Kim"),
    ("Software Engineer | Jordan Lee\njordan@example.com", "Jordan Lee"),
    ("Portfolio & Resume\nJordan Lee\njordan@example.com", "Jordan Lee"),
    ("# 홍길동\n\n백엔드 개발자\nhong@example.com", "홍길동"),
    ("홍길동 이력서\nhong@example.com\n경력\n2019.03 ~ 현재 카카오 개발자", "홍길동"),
    ("이력서 - 홍길동\nhong@example.com", "홍길동"),
    ("홍길동 (洪吉童)\n010-1234-5678", "홍길동"),
    ("홍길동 Hong Gil-dong\n010-1234-5678", "홍길동"),
    ("Gildong Hong 홍길동\n010-1234-5678", "홍길동"),
    ("Backend Engineer\nJordan Lee\njordan@example.com", "Jordan Lee"),
    ("JORDAN LEE\nBackend Engineer\njordan@example.com", "Jordan Lee"),
    ("Jordan A. Lee\njordan@example.com", "Jordan A. Lee"),
    ("Curriculum Vitae\nJordan Lee\njordan@example.com", "Jordan Lee"),
    ("RESUME\n\nJordan Lee, PhD\njordan@example.com", "Jordan Lee"),
    ("Jordan Lee | Backend Engineer | jordan@example.com", "Jordan Lee"),
    ("안녕하세요, 백엔드 개발자 홍길동입니다.\nhong@example.com", "홍길동"),
    ("저는 홍길동입니다.\nhong@example.com", "홍길동"),
    ("개발자 홍길동\nhong@example.com", "홍길동"),
    ("**홍길동**\nhong@example.com", "홍길동"),
    ("홍길동 | 백엔드 개발자\nhong@example.com", "홍길동"),
    ("Name: Jordan Lee", "Jordan Lee"),
    ("성명 홍길동 생년월일 1990.01.01", "홍길동"),
    ("Priya Natarajan-Iyer\npriya@example.com", "Priya Natarajan-Iyer"),
    ("José María García\njose@example.com", "José María García"),
    ("Nguyễn Văn An\nan@example.com", "Nguyễn Văn An"),
    ("Contact\njordan@example.com\n(206) 555-0100\nJordan Lee\nSenior Data Engineer", "Jordan Lee"),
    ("홍길동\n\n(만 32세, 남)", "홍길동"),
    ("Hello, I'm Jordan Lee\njordan@example.com", "Jordan Lee"),
]


@pytest.mark.parametrize(("text", "name"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_top_of_resume_names(text: str, name: str) -> None:
    """Markdown headings, `X 이력서` and `Resume of X`, self-introductions, a title before the
    name, Latin before Hangul, greetings that are no names, accented and hyphenated names."""
    lines = lines_of(doc(*text.split("\n\n")))
    found, _ = find_name(lines, assign_sections(lines))
    assert found is not None
    assert found.value.replace(" ", "").casefold() == name.replace(" ", "").casefold()


def test_a_name_label_inside_a_nested_table_cell() -> None:
    """A form whose personal table is nested in one cell reads `성명 | 홍길동 한자 | ...`."""
    lines = lines_of(doc([("성명 | 남궁서준 한자 | 南宮瑞俊 생년월일 | 2000년 12월 22일",)]))
    found, _ = find_name(lines, assign_sections(lines))
    assert found is not None and found.value == "남궁서준"


ITEM_CASES: list[tuple[list[Any], str]] = [
    (["PERSONAL INFORMATION\tJordan Lee\n\tjordan@example.com"], "Jordan Lee"),
    (["Curriculum Vitae", [("Name", "Jordan Lee"), ("Email", "jordan@example.com")]], "Jordan Lee"),
    (
        ["Curriculum Vitae", [("Full Name:", "Jordan Lee"), ("Email:", "jordan@example.com")]],
        "Jordan Lee",
    ),
    (
        [[("Jordan Lee", "Experience"), ("jordan@example.com", "Engineer, Acme, 2019 – 2023")]],
        "Jordan Lee",
    ),
    ([[("CONTACT", "JORDAN LEE"), ("jordan@example.com", "Senior Engineer")]], "Jordan Lee"),
    (
        ["Personal Details\nName: Jordan Lee\nDate of birth: 01/02/1990\nNationality: British"],
        "Jordan Lee",
    ),
    (
        ["References available on request", "Jordan Lee\nSenior Engineer\njordan@example.com"],
        "Jordan Lee",
    ),
    (["CURRICULUM VITAE\n\nJORDAN LEE\n\nAddress: 1 Main St\nPhone: 555"], "Jordan Lee"),
    (["Jordan\nLee\nSenior Engineer\njordan@example.com"], "Jordan Lee"),
    (["Résumé — Jordan Lee\njordan@example.com"], "Jordan Lee"),
    (
        ["Objective\nTo obtain a position as engineer.\n\nJordan Lee\njordan@example.com"],
        "Jordan Lee",
    ),
    (["JORDAN LEE | SOFTWARE ENGINEER\njordan@example.com"], "Jordan Lee"),
    (["Jordan Lee\t\tjordan@example.com\t(206) 555-0100"], "Jordan Lee"),
]


@pytest.mark.parametrize(
    ("items", "name"), ITEM_CASES, ids=[f"items{i}" for i in range(len(ITEM_CASES))]
)
def test_names_in_tables_side_columns_and_cv_headers(items: list[Any], name: str) -> None:
    """A side heading beside the name, `Name` and `Full Name:` cells, a sidebar table, a
    personal-details block, `CURRICULUM VITAE` over the name, a given name and a surname on two
    lines, a name with its contacts in tab columns."""
    lines = lines_of(doc(*items))
    found, _ = find_name(lines, assign_sections(lines))
    assert found is not None
    assert found.value.replace(" ", "").casefold() == name.replace(" ", "").casefold()
