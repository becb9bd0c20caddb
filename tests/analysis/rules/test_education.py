"""Schools as people list them: with or without degree words, cities, dates, foreign names."""

from __future__ import annotations

import pytest

from resume_worker.analysis.rules import analyze_text
from tests.rules_docs import doc

H = "Jordan Lee\njordan@example.com\n\n"
K = "홍길동\nhong@example.com\n\n"
CASES: list[tuple[str, list[str]]] = [
    (H + "Education\nState University — Boston, MA\n2012 – 2016", ["State University"]),
    (
        H + "Education\nMassachusetts Institute of Technology\nComputer Science, 2016",
        ["Massachusetts Institute of Technology"],
    ),
    (
        H + "EDUCATION\nUniversity of Toronto, Toronto, ON\nB.Sc. Computer Science 2010 - 2014",
        ["University of Toronto"],
    ),
    (
        H
        + "Education\nHarvard Business School\nMBA, 2018\nSeoul National University\nBA Economics, 2012",
        ["Harvard Business School", "Seoul National University"],
    ),
    (
        K + "학력\n서울대학교 컴퓨터공학부 (2010.03 ~ 2014.02)\n한빛고등학교 (2007.03 ~ 2010.02)",
        ["서울대학교", "한빛고등학교"],
    ),
    (K + "## 학력\n**가람대학교** 경영학과 졸업 | 2014.03 - 2018.02", ["가람대학교"]),
    (
        H + "Education\n2014 – 2018  Technische Universität München, Informatik",
        ["Technische Universität München"],
    ),
    (
        H + "Education\nLakeview Community College\nAssociate of Applied Science\n2008 – 2010",
        ["Lakeview Community College"],
    ),
    (H + "Education\nÉcole Polytechnique, Palaiseau\nIngénieur, 2015", ["École Polytechnique"]),
    (K + "학력사항\n2010.03 ~ 2014.02 한빛대학교 (서울) 경영학 학사 졸업", ["한빛대학교"]),
]


@pytest.mark.parametrize(("text", "want"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_education_layouts(text: str, want: list[str]) -> None:
    """`University — City`, a school over its major, two schools, Korean lines with dates, a
    Markdown bold school, a date column, non-English school words (École, Universität)."""
    education = analyze_text(doc(*text.split("\n\n"))).profile.education
    assert [e.school for e in education] == want


def test_a_major_before_its_degree_and_school() -> None:
    """JSON Resume's `area, studyType, institution` order: the major comes first."""
    text = doc("Jordan Lee\njordan@example.com", "Education\n"
               "Business Administration, B.A., University of Northbrook\nSep, 2020 - May, 2024")  # fmt: skip
    (school,) = analyze_text(text).profile.education
    assert (school.school, school.major) == ("University of Northbrook", "Business Administration")
