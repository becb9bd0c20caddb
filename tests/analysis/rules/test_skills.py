"""Skills as people list them: levels, groups with labels or sub-headings, bullets, prose."""

from __future__ import annotations

import pytest

from resume_worker.analysis.rules import analyze_text
from tests.rules_docs import doc

H = "Jordan Lee\njordan@example.com\n\n"
K = "홍길동\nhong@example.com\n\n"
CASES: list[tuple[str, list[str]]] = [
    (H + "Skills\nPython (Expert), Go (Intermediate), SQL (Advanced)", ["Python", "Go", "SQL"]),
    (
        H + "Skills\nLanguages: Python, Go\nFrameworks: Django, React\nTools: Docker, Git",
        ["Python", "Go", "Django", "React", "Docker", "Git"],
    ),
    (
        K + "보유 기술\nJava - 상\nSpring Boot - 중\nKubernetes - 하",
        ["Java", "Spring Boot", "Kubernetes"],
    ),
    (
        H + "Technical Skills\nBackend\nGo, Java, PostgreSQL\nFrontend\nReact, TypeScript",
        ["Go", "Java", "PostgreSQL", "React", "TypeScript"],
    ),
    (H + "Skills\n• Python • SQL • Tableau • Excel", ["Python", "SQL", "Tableau", "Excel"]),
    (
        K + "기술스택\nBackend: Java, Spring Boot, JPA\nInfra: AWS, Docker",
        ["Java", "Spring Boot", "JPA", "AWS", "Docker"],
    ),
    (H + "Skills\nProficient in Python; familiar with Docker.", ["Python", "Docker"]),
    (
        H + "Core Competencies\nData Analysis | Machine Learning | Stakeholder Management",
        ["Data Analysis", "Machine Learning", "Stakeholder Management"],
    ),
    (
        K + "기술\n- 언어: Python, Go\n- 데이터베이스: MySQL, Redis",
        ["Python", "Go", "MySQL", "Redis"],
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_skill_layouts(text: str, want: list[str]) -> None:
    """`Python (Expert)`, `Java - 상`, labelled groups, groups under a sub-heading line
    (`Backend` over `Go, Java`), bullets on one line, `Proficient in`, pipes, Korean labels."""
    skills = analyze_text(doc(*[p for p in text.split("\n\n") if p])).profile.skills
    assert [s.casefold() for s in skills] == [w.casefold() for w in want]
