"""The candidate's name as people write it at the top of their resumes."""

from __future__ import annotations

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
