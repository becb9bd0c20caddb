"""Career entries as people lay them out: header lines, dates and employers in many orders."""

from __future__ import annotations

import pytest

from resume_worker.analysis.rules import analyze_text
from tests.rules_docs import doc

H = "Jordan Lee\njordan@example.com\n\n"
K = "홍길동\nhong@example.com\n\n"
CASES: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        K
        + "경력\n2022. 12 ~ 데이터 엔지니어, 주식회사 누리바이오\n2025. 12 로그 수집 시스템 개발\n"
        "2020. 10 ~ 데이터 플랫폼 개발자, 한빛커머스(주)\n2022. 11 로그 수집 시스템 개발",
        [
            ("주식회사 누리바이오", "데이터 엔지니어", "2022-12"),
            ("한빛커머스(주)", "데이터 플랫폼 개발자", "2020-10"),
        ],
    ),
    (
        H
        + "Experience\nAcme Corp .......... Austin, TX\nSenior Engineer\nJan 2020 – Present\nBeta LLC ---------- Denver, CO\nEngineer\nMar 2017 – Dec 2019",
        [("Acme Corp", "Senior Engineer", "2020-01"), ("Beta LLC", "Engineer", "2017-03")],
    ),
    (
        K
        + "경력\n(주)가나다, 경기 성남시 - 서버 개발\n2020.03 ~ 현재\n라온소프트, 서울 강남구 - 백엔드 개발\n2017.01 ~ 2020.02",
        [("(주)가나다", "서버 개발", "2020-03"), ("라온소프트", "백엔드 개발", "2017-01")],
    ),
    (
        H + "Experience\nAcme Corp (~50 employees)\nSenior Engineer, 2020 – 2023",
        [("Acme Corp", "Senior Engineer", "2020")],
    ),
    (
        H
        + "Experience\nSenior Engineer at Acme Corp\n2020 – 2023\nEngineer at Beta Labs\n2017 – 2020",
        [("Acme Corp", "Senior Engineer", "2020"), ("Beta Labs", "Engineer", "2017")],
    ),
    (
        H
        + "Experience\nSenior Engineer | Acme Corp | 2019 - 2021\nEngineer | Beta Labs | 2017 - 2019",
        [("Acme Corp", "Senior Engineer", "2019"), ("Beta Labs", "Engineer", "2017")],
    ),
    (
        H + "Experience\nSenior Engineer\nAcme Corp\n2019 - 2021\nEngineer\nBeta Labs\n2017 - 2019",
        [("Acme Corp", "Senior Engineer", "2019"), ("Beta Labs", "Engineer", "2017")],
    ),
    (
        H
        + "Experience\nAcme Corp\nSenior Engineer\nJan 2021 - Present\nEngineer\nJan 2019 - Dec 2020",
        [("Acme Corp", "Senior Engineer", "2021-01"), ("Acme Corp", "Engineer", "2019-01")],
    ),
    (
        K
        + "경력사항\n카카오 | 백엔드 개발자 | 2019.03 ~ 2021.02\n네이버 | 서버 개발자 | 2016.01 ~ 2019.02",
        [("카카오", "백엔드 개발자", "2019-03"), ("네이버", "서버 개발자", "2016-01")],
    ),
    (
        K
        + "## 경력\n### 주식회사 라온페이\n- 기간: 2021.03 ~ 현재\n- 직책: 백엔드 개발자\n### (주)해랑랩스\n- 기간: 2018.01 ~ 2021.02\n- 직책: 서버 개발자",
        [
            ("주식회사 라온페이", "백엔드 개발자", "2021-03"),
            ("(주)해랑랩스", "서버 개발자", "2018-01"),
        ],
    ),
    (
        H
        + "WORK HISTORY\n2019 – 2021\tSenior Engineer, Acme Corp\n2016 – 2019\tEngineer, Beta Labs",
        [("Acme Corp", "Senior Engineer", "2019"), ("Beta Labs", "Engineer", "2016")],
    ),
    (
        H
        + "Professional Experience\nACME CORP, Austin, TX\nSenior Software Engineer (2019 – 2021)\nBETA LABS, Denver, CO\nSoftware Engineer (2016 – 2019)",
        [
            ("ACME CORP", "Senior Software Engineer", "2019"),
            ("BETA LABS", "Software Engineer", "2016"),
        ],
    ),
    (
        K
        + "경력\n2021.03 - 현재 주식회사 라온페이 / 결제팀 / 백엔드 개발자\n2018.01 - 2021.02 (주)해랑랩스 / 플랫폼팀 / 서버 개발자",
        [
            ("주식회사 라온페이", "백엔드 개발자", "2021-03"),
            ("(주)해랑랩스", "서버 개발자", "2018-01"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_career_layouts(text: str, want: list[tuple[str, str, str]]) -> None:
    """Leader dots to a location, `회사, 지역 - 역할`, a head count, `Title at Company`, pipes,
    title above or below the employer, several roles under one employer, Markdown company
    headings with labelled fields, a date column, upper-case employers with their city."""
    careers = analyze_text(doc(*text.split("\n\n"))).profile.careers
    assert [(c.company, c.position, c.start) for c in careers] == want
