"""Builds the committed sample resumes of fictional people and their gold files, then checks them.

Run from the repository root: `.venv/bin/python samples/build_samples.py`. Output is deterministic
(fixed PDF metadata, fixed DOCX core properties and ZIP timestamps). The Korean PDF needs the
NanumGothic TTF (Debian/Ubuntu: `apt-get install -y fonts-nanum`); the built files are committed,
so a fresh clone never needs the font.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
from docx.shared import Pt
from fpdf import FPDF

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root
from corpus.writers.hwpx import Cell, HwpxDocument
from corpus.writers.hwpx import text_of as hwpx_text_of

logging.getLogger("fontTools").setLevel(logging.ERROR)

OUT = Path(__file__).resolve().parent
FIXED = datetime(2025, 11, 20, 9, 0, 0, tzinfo=UTC)
ZIP_TIME = (2025, 11, 20, 9, 0, 0)
FONT_DIR = Path(os.environ.get("SAMPLES_KOREAN_FONT_DIR", "/usr/share/fonts/truetype/nanum"))
FONT_HELP = (
    "Korean font NanumGothic.ttf / NanumGothicBold.ttf not found in {dir}.\n"
    "Install it with:  sudo apt-get update && sudo apt-get install -y fonts-nanum\n"
    "or point SAMPLES_KOREAN_FONT_DIR at a folder holding both files."
)


# ---------------------------------------------------------------- personas (all fictional)
Line = tuple[str, float, str]


@dataclass(frozen=True)
class Persona:
    """One fictional candidate: where the file goes, how it is drawn, and what the gold says."""

    file: str
    builder: str
    language: str
    profile: dict[str, Any]
    layout: list[Line] = field(default_factory=list)
    sidebar: list[Line] = field(default_factory=list)
    form: dict[str, Any] = field(default_factory=dict)
    text: str = ""


def job(company: str, position: str, period: str, start: str, end: str | None) -> dict[str, Any]:
    return {"company": company, "position": position, "start": start, "end": end, "period": period}


def school(name: str, period: str, degree: str = "", major: str = "") -> dict[str, Any]:
    entry: dict[str, Any] = {"school": name}
    if degree:
        entry["degree"] = degree
    if major:
        entry["major"] = major
    entry["period"] = period
    return entry


def bullets(size: float, *items: str) -> list[Line]:
    return [("", size, f"- {item}") for item in items]


HAN_JIWOO = Persona(
    file="ko-table-form.docx",
    builder="ko_table_docx",
    language="ko",
    profile={
        "name": "한지우",
        "emails": ["jiwoo.han@example.com"],
        "phones": ["010-0000-4821"],
        "birth_year": 1994,
        "careers": [
            job("아모레퍼시픽", "대리", "2021.04 ~ 현재", "2021-04", None),
            job("CJ제일제당", "사원", "2018.01 ~ 2021.03", "2018-01", "2021-03"),
            job("(주)이노션", "인턴", "2017.03 ~ 2017.08", "2017-03", "2017-08"),
        ],
        "education": [
            school("고려대학교", "2013.03 ~ 2017.02", major="경영학과"),
            school("휘문고등학교", "2010.03 ~ 2013.02"),
        ],
        "skills": [
            "MS Excel",
            "PowerPoint",
            "Word",
            "SQL",
            "Python",
            "Tableau",
            "Google Analytics",
            "Photoshop",
        ],
    },
    form={
        "personal": [
            ("성명", "한지우"),
            ("생년월일", "1994.09.16"),
            ("연락처", "010-0000-4821"),
            ("이메일", "jiwoo.han@example.com"),
            ("주소", "서울특별시 마포구 월드컵북로 000 (가상 주소)"),
        ],
        "tables": [
            (
                "학력사항",
                [
                    ["기간", "학교명", "전공", "졸업구분"],
                    ["2013.03 ~ 2017.02", "고려대학교", "경영학과", "졸업"],
                    ["2010.03 ~ 2013.02", "휘문고등학교", "-", "졸업"],
                ],
            ),
            (
                "경력사항",
                [
                    ["기간", "회사명", "직위", "담당업무"],
                    [
                        "2021.04 ~ 현재",
                        "아모레퍼시픽",
                        "대리",
                        "디지털 마케팅 캠페인 기획, 퍼포먼스 광고 운영 및 성과 분석 리포트 작성",
                    ],
                    [
                        "2018.01 ~ 2021.03",
                        "CJ제일제당",
                        "사원",
                        "브랜드 마케팅, 소비자 패널 데이터 분석, 신제품 출시 캠페인 운영",
                    ],
                    [
                        "2017.03 ~ 2017.08",
                        "(주)이노션",
                        "인턴",
                        "광고 캠페인 리서치 및 경쟁사 모니터링 보조",
                    ],
                ],
            ),
            (
                "자격증",
                [
                    ["취득일", "자격증명", "발행기관"],
                    ["2016.11", "컴퓨터활용능력 1급", "대한상공회의소"],
                    ["2019.06", "데이터분석 준전문가(ADsP)", "한국데이터산업진흥원"],
                    ["2020.03", "GAIQ 개인 자격증", "Google"],
                ],
            ),
            (
                "보유기술",
                [
                    ["구분", "내용"],
                    ["OA", "MS Excel(상), PowerPoint(상), Word(중)"],
                    ["데이터", "SQL(중), Python(하), Tableau(중), Google Analytics(상)"],
                    ["디자인", "Photoshop(하)"],
                ],
            ),
        ],
        "intro": [
            "CJ제일제당과 아모레퍼시픽에서 7년 동안 소비재 브랜드 마케팅을 "
            "담당했습니다. 소비자 패널과 웹 로그 데이터를 직접 분석해 캠페인 "
            "예산을 배분하고, 분기마다 성과 리포트를 만들어 왔습니다.",
            "최근에는 퍼포먼스 광고의 전환 성과를 SQL과 Tableau 대시보드로 "
            "자동 집계하여 리포트 작성 시간을 주 8시간에서 2시간으로 줄였습니다. "
            "데이터에 근거한 마케팅 의사결정을 돕는 역할을 하고 싶습니다.",
        ],
        "closing": [
            "",
            "위 기재 사항은 사실과 다름이 없습니다.",
            "2025년 11월 20일",
            "지원자  한지우  (인)",
        ],
    },
)

SEO_MINJAE = Persona(
    file="ko-developer.pdf",
    builder="text_pdf",
    language="ko",
    profile={
        "name": "서민재",
        "emails": ["minjae.seo@example.com"],
        "phones": ["010-0000-2468"],
        "careers": [
            job("네이버", "백엔드 개발자", "2019.03 ~ 현재", "2019-03", None),
            job("쿠팡", "서버 개발자", "2016년 3월 - 2019년 2월", "2016-03", "2019-02"),
            job(
                "(주)우아한형제들",
                "서버 개발 인턴",
                "2015년 7월 - 2015년 8월",
                "2015-07",
                "2015-08",
            ),
        ],
        "education": [
            school("한양대학교", "2010.03 ~ 2016.02", degree="학사", major="컴퓨터소프트웨어학부"),
        ],
        "skills": [
            "Java",
            "Kotlin",
            "Python",
            "Spring Boot",
            "JPA",
            "MySQL",
            "Redis",
            "Kafka",
            "Kubernetes",
            "AWS",
        ],
    },
    layout=[
        ("B", 20, "서민재"),
        ("", 11, "백엔드 개발자 · 결제/정산 도메인 9년차"),
        (
            "",
            9.5,
            "이메일 minjae.seo@example.com  |  휴대폰 010-0000-2468  |  "
            "GitHub github.com/minjae-seo-example",
        ),
        ("H", 13, "자기소개"),
        (
            "",
            10,
            "대규모 트래픽을 처리하는 결제·정산 백엔드를 설계하고 운영해 온 "
            "개발자입니다. 장애를 줄이는 설계와 관측 가능한 시스템을 좋아하며, "
            "팀의 코드 리뷰 문화와 온보딩 문서를 함께 만들어 왔습니다.",
        ),
        ("H", 13, "경력"),
        ("B", 11, "네이버  |  백엔드 개발자"),
        ("", 10, "2019.03 ~ 현재"),
        *bullets(
            10,
            "검색 광고 정산 시스템을 Spring Boot와 Kafka 기반으로 재구축, "
            "일 배치 시간 6시간 → 40분",
            "Kubernetes 전환을 주도하고 서비스 20여 개의 배포 파이프라인을 표준화",
        ),
        ("B", 11, "쿠팡  |  서버 개발자"),
        ("", 10, "2016년 3월 - 2019년 2월"),
        *bullets(
            10,
            "주문·결제 API 개발 및 MySQL 샤딩 마이그레이션 참여",
            "Redis 캐시 도입으로 상품 상세 조회 p99 지연 시간 35% 개선",
        ),
        ("B", 11, "(주)우아한형제들  |  서버 개발 인턴"),
        ("", 10, "2015년 7월 - 2015년 8월"),
        *bullets(10, "사내 정산 어드민 기능 개발 및 테스트 코드 작성"),
        ("H", 13, "프로젝트"),
        ("B", 10.5, "광고 정산 파이프라인 재구축 (2021.06 ~ 2022.01)"),
        *bullets(10, "정산 오차 0건을 목표로 이벤트 소싱 구조 설계, 대사(reconciliation) 자동화"),
        ("H", 13, "학력"),
        ("B", 11, "한양대학교  |  컴퓨터소프트웨어학부 학사"),
        ("", 10, "2010.03 ~ 2016.02 (졸업)"),
        ("H", 13, "기술스택"),
        ("", 10, "Language: Java, Kotlin, Python"),
        ("", 10, "Framework: Spring Boot, JPA"),
        ("", 10, "Data / Infra: MySQL, Redis, Kafka, Kubernetes, AWS"),
        ("H", 13, "병역"),
        ("", 10, "육군 병장 만기전역 (2012.05 ~ 2014.02)"),
    ],
)

YOON_SEOA = Persona(
    file="ko-markdown.md",
    builder="plain",
    language="ko",
    profile={
        "name": "윤서아",
        "emails": ["seoa.yoon@example.com"],
        "phones": ["010-0000-7315"],
        "birth_year": 1997,
        "careers": [
            job("당근마켓", "프론트엔드 개발자", "2022.01 ~ 재직중", "2022-01", None),
            job("야놀자", "웹 개발자", "2019-07 ~ 2021-12", "2019-07", "2021-12"),
        ],
        "education": [
            school("이화여자대학교", "2015.03 ~ 2019.02", degree="학사", major="컴퓨터공학과"),
            school("한국디지털미디어고등학교", "2012.03 ~ 2015.02"),
        ],
        "skills": [
            "TypeScript",
            "JavaScript",
            "React",
            "Next.js",
            "Redux Toolkit",
            "Jest",
            "Storybook",
            "Webpack",
            "Figma",
        ],
    },
    text="""# 윤서아

프론트엔드 개발자 · 서울

- 이메일: seoa.yoon@example.com
- 휴대폰: 010-0000-7315
- 생년월일: 1997년 5월 12일
- GitHub: github.com/seoa-yoon-example

## 소개

사용자가 체감하는 속도와 접근성을 중요하게 생각하는 6년차 프론트엔드 개발자입니다.
디자인 시스템을 만들고 여러 팀이 함께 쓰도록 운영해 본 경험이 있습니다.

## 경력

### 당근마켓 — 프론트엔드 개발자

2022.01 ~ 재직중

- 중고거래 웹 서비스의 Next.js 전환을 맡아 첫 화면 로딩 시간(LCP) 2.8초 → 1.6초 단축
- 사내 디자인 시스템 컴포넌트 40여 개를 Storybook으로 문서화하고 접근성 점검 자동화

### 야놀자 — 웹 개발자

2019-07 ~ 2021-12

- 숙소 예약 웹의 결제 화면 개편, React 기반 공통 컴포넌트 라이브러리 구축
- Jest 단위 테스트 도입으로 결제 관련 회귀 버그 60% 감소

## 학력

| 기간 | 학교 | 전공 | 구분 |
|---|---|---|---|
| 2015.03 ~ 2019.02 | 이화여자대학교 | 컴퓨터공학과 (학사) | 졸업 |
| 2012.03 ~ 2015.02 | 한국디지털미디어고등학교 | - | 졸업 |

## 기술 스택

- TypeScript, JavaScript
- React, Next.js, Redux Toolkit
- Jest, Storybook, Webpack
- Figma

## 자격증

- 정보처리기사 (2019.05)

## 어학

- TOEIC Speaking IH (2023.04)
""",
)

AVERY_QUINN = Persona(
    file="en-one-column.pdf",
    builder="text_pdf",
    language="en",
    profile={
        "name": "Avery Quinn",
        "emails": ["avery.quinn@example.com"],
        "phones": ["(206) 555-0147"],
        "careers": [
            job("Stripe", "Senior Software Engineer", "Mar 2019 - Present", "2019-03", None),
            job("Dropbox", "Software Engineer", "Jun 2016 - Feb 2019", "2016-06", "2019-02"),
            job(
                "Amazon", "Software Engineering Intern", "Jun 2015 - Sep 2015", "2015-06", "2015-09"
            ),
        ],
        "education": [
            school(
                "University of Washington", "2012 - 2016", degree="B.S.", major="Computer Science"
            ),
        ],
        "skills": [
            "Go",
            "Python",
            "TypeScript",
            "SQL",
            "Kubernetes",
            "Terraform",
            "AWS",
            "PostgreSQL",
            "Kafka",
            "gRPC",
        ],
    },
    layout=[
        ("B", 20, "Avery Quinn"),
        ("", 11, "Backend Engineer - payments and distributed systems"),
        (
            "",
            9.5,
            "Seattle, WA | avery.quinn@example.com | (206) 555-0147 | "
            "github.com/avery-quinn-example",
        ),
        ("H", 12, "SUMMARY"),
        (
            "",
            10,
            "Backend engineer with nine years of experience building reliable payment and storage "
            "services. Comfortable owning systems end to end, from design reviews to on-call.",
        ),
        ("H", 12, "EXPERIENCE"),
        ("B", 10.5, "Senior Software Engineer - Stripe"),
        ("I", 9.5, "Mar 2019 - Present | Seattle, WA"),
        *bullets(
            10,
            "Led the redesign of the ledger reconciliation service in Go, cutting daily "
            "mismatches by 90 percent.",
            "Mentored four engineers and ran the team's design review process.",
        ),
        ("B", 10.5, "Software Engineer - Dropbox"),
        ("I", 9.5, "Jun 2016 - Feb 2019 | San Francisco, CA"),
        *bullets(
            10,
            "Built metadata services in Python and migrated hot paths to PostgreSQL partitions.",
            "Introduced Kafka-based change streams used by five downstream teams.",
        ),
        ("B", 10.5, "Software Engineering Intern - Amazon"),
        ("I", 9.5, "Jun 2015 - Sep 2015 | Seattle, WA"),
        *bullets(10, "Prototyped an internal inventory dashboard in TypeScript."),
        ("H", 12, "EDUCATION"),
        ("B", 10.5, "University of Washington"),
        ("", 10, "B.S. in Computer Science, 2012 - 2016"),
        ("H", 12, "SKILLS"),
        ("", 10, "Languages: Go, Python, TypeScript, SQL"),
        ("", 10, "Infrastructure: Kubernetes, Terraform, AWS, PostgreSQL, Kafka, gRPC"),
    ],
)

JORDAN_WHITFIELD = Persona(
    file="en-header-skills-table.docx",
    builder="en_header_docx",
    language="en",
    profile={
        "name": "Jordan Whitfield",
        "emails": ["jordan.whitfield@example.com"],
        "phones": ["(312) 555-0186"],
        "careers": [
            job("Spotify", "Data Engineer", "April 2020 – Present", "2020-04", None),
            job("Wayfair", "Analytics Engineer", "July 2017 – March 2020", "2017-07", "2020-03"),
            job(
                "Groupon",
                "Business Intelligence Analyst (Contract)",
                "January 2016 – June 2017",
                "2016-01",
                "2017-06",
            ),
        ],
        "education": [
            school("Northwestern University", "2016", degree="M.S.", major="Analytics"),
            school(
                "University of Illinois Urbana-Champaign", "2015", degree="B.A.", major="Economics"
            ),
        ],
        "skills": [
            "Python",
            "SQL",
            "Apache Spark",
            "Airflow",
            "dbt",
            "Snowflake",
            "BigQuery",
            "Docker",
        ],
    },
    form={
        "header": "Chicago, IL  ·  jordan.whitfield@example.com  ·  (312) 555-0186  ·  "
        "linkedin.com/in/jordan-whitfield-example",
        "name": "Jordan Whitfield",
        "body": [
            (
                "P",
                "Data engineer who builds dependable batch and streaming pipelines and the "
                "models analysts rely on. Eight years across music streaming, e-commerce and "
                "local marketplaces.",
            ),
            ("H", "Experience"),
            ("B", "Data Engineer, Spotify"),
            ("P", "April 2020 – Present  ·  New York, NY"),
            (
                "L",
                "Own the podcast listening pipelines (Apache Spark on Dataproc) "
                "feeding royalty reports.",
            ),
            ("L", "Cut warehouse spend by 28% by moving nightly jobs to incremental dbt models."),
            ("B", "Analytics Engineer, Wayfair"),
            ("P", "July 2017 – March 2020  ·  Boston, MA"),
            ("L", "Built the Airflow platform that schedules 600+ supplier and pricing jobs."),
            ("L", "Designed the marketing attribution model in Snowflake used by three teams."),
            ("B", "Business Intelligence Analyst (Contract), Groupon"),
            ("P", "January 2016 – June 2017  ·  Chicago, IL"),
            ("L", "Rebuilt weekly merchant dashboards and documented the core SQL metrics."),
            ("H", "Education"),
            ("B", "Northwestern University"),
            ("P", "M.S. in Analytics, 2016"),
            ("B", "University of Illinois Urbana-Champaign"),
            ("P", "B.A. in Economics, 2015"),
            ("H", "Skills"),
            ("SKILLS", ""),
            ("H", "Certifications"),
            ("P", "Google Cloud Professional Data Engineer (2021)"),
        ],
    },
)

MORGAN_CASTILLO = Persona(
    file="en-plain.txt",
    builder="plain",
    language="en",
    profile={
        "name": "MORGAN CASTILLO",
        "emails": ["morgan.castillo@example.com"],
        "phones": ["512-555-0163"],
        "careers": [
            job(
                "Dell Technologies",
                "Senior Project Manager",
                "January 2021 - Present",
                "2021-01",
                None,
            ),
            job("Oracle", "Project Manager", "August 2017 - December 2020", "2017-08", "2020-12"),
            job("Accenture", "Business Analyst", "June 2014 - July 2017", "2014-06", "2017-07"),
        ],
        "education": [
            school("The University of Texas at Austin", "2014", degree="MBA"),
            school(
                "Texas A&M University",
                "2012",
                degree="B.B.A.",
                major="Management Information Systems",
            ),
        ],
        "skills": [
            "Agile",
            "Scrum",
            "Jira",
            "Confluence",
            "MS Project",
            "Risk Management",
            "Stakeholder Management",
            "Budgeting",
            "SQL",
            "Tableau",
        ],
    },
    text="""MORGAN CASTILLO
Austin, TX | morgan.castillo@example.com | 512-555-0163

PROFESSIONAL SUMMARY
Project manager with ten years of experience delivering enterprise software
rollouts on time and on budget. Known for calm stakeholder communication and
clear status reporting.

WORK EXPERIENCE

Dell Technologies, Austin, TX
Senior Project Manager, January 2021 - Present
  * Run a portfolio of six supply-chain system upgrades worth $14M per year.
  * Introduced a shared risk register that cut late escalations by half.

Oracle, Austin, TX
Project Manager, August 2017 - December 2020
  * Managed cloud ERP migrations for mid-size customers, 25+ go-lives.
  * Coordinated offshore and onshore teams across three time zones.

Accenture, Dallas, TX
Business Analyst, June 2014 - July 2017
  * Wrote requirements and test plans for banking CRM implementations.

EDUCATION

The University of Texas at Austin
MBA, 2014

Texas A&M University
B.B.A. in Management Information Systems, 2012

SKILLS
Agile, Scrum, Jira, Confluence, MS Project, Risk Management,
Stakeholder Management, Budgeting, SQL, Tableau

CERTIFICATIONS
PMP (2018); Certified ScrumMaster (2016)

LANGUAGES
Spanish (fluent)

References available on request.
""",
)

CASEY_LINDQVIST = Persona(
    file="en-two-column.pdf",
    builder="two_column_pdf",
    language="en",
    profile={
        "name": "Casey Lindqvist",
        "emails": ["casey.lindqvist@example.com"],
        "phones": ["(503) 555-0129"],
        "careers": [
            job("Airbnb", "Senior Product Designer", "01/2021 - Present", "2021-01", None),
            job("Etsy", "Product Designer", "06/2018 - 12/2020", "2018-06", "2020-12"),
            job("Nike", "Junior UX Designer", "07/2014 - 05/2018", "2014-07", "2018-05"),
        ],
        "education": [
            school(
                "Rhode Island School of Design", "2010 - 2014", degree="BFA", major="Graphic Design"
            ),
        ],
        "skills": [
            "Figma",
            "Sketch",
            "Adobe XD",
            "Prototyping",
            "User Research",
            "Usability Testing",
            "Design Systems",
            "HTML",
            "CSS",
        ],
    },
    sidebar=[
        ("H", 11, "CONTACT"),
        ("", 9, "casey.lindqvist@example.com"),
        ("", 9, "(503) 555-0129"),
        ("", 9, "Portland, OR"),
        ("", 9, "caseylindqvist.example.com"),
        ("H", 11, "SKILLS"),
        *[
            ("", 9, skill)
            for skill in [
                "Figma",
                "Sketch",
                "Adobe XD",
                "Prototyping",
                "User Research",
                "Usability Testing",
                "Design Systems",
                "HTML",
                "CSS",
            ]
        ],
        ("H", 11, "LANGUAGES"),
        ("", 9, "English (native)"),
        ("", 9, "Swedish (conversational)"),
    ],
    layout=[
        ("B", 22, "Casey Lindqvist"),
        ("", 12, "Senior Product Designer"),
        ("H", 12, "PROFILE"),
        (
            "",
            10,
            "Product designer with ten years of experience shaping marketplace and booking "
            "flows. I pair qualitative research with quick prototypes and keep design systems "
            "healthy as teams grow.",
        ),
        ("H", 12, "EXPERIENCE"),
        ("B", 10.5, "Senior Product Designer, Airbnb"),
        ("I", 9.5, "01/2021 - Present | Remote"),
        *bullets(
            10,
            "Lead designer for host onboarding; raised listing completion by 17 percent.",
            "Run monthly usability testing sessions with hosts in four countries.",
        ),
        ("B", 10.5, "Product Designer, Etsy"),
        ("I", 9.5, "06/2018 - 12/2020 | Brooklyn, NY"),
        *bullets(
            10, "Redesigned the checkout flow and contributed 30 components to the design system."
        ),
        ("B", 10.5, "Junior UX Designer, Nike"),
        ("I", 9.5, "07/2014 - 05/2018 | Beaverton, OR"),
        *bullets(
            10, "Built interactive prototypes for the membership app and ran card-sorting studies."
        ),
        ("H", 12, "EDUCATION"),
        ("B", 10.5, "Rhode Island School of Design"),
        ("", 10, "BFA, Graphic Design | 2010 - 2014"),
    ],
)

JEONG_DAON = Persona(
    file="ko-table-form.hwpx",
    builder="ko_table_hwpx",
    language="ko",
    profile={
        "name": "정다온",
        "emails": ["daon.jeong@example.com"],
        "phones": ["010-0000-3917"],
        "birth_year": 1990,
        "careers": [
            job("LG전자", "책임연구원", "2020.03 ~ 현재", "2020-03", None),
            job("현대자동차", "연구원", "2016.03 ~ 2020.02", "2016-03", "2020-02"),
        ],
        "education": [
            school("부산대학교", "2009.03 ~ 2016.02", degree="학사", major="기계공학부"),
            school("해운대고등학교", "2006.03 ~ 2009.02"),
        ],
        "skills": ["CATIA", "AutoCAD", "SolidWorks", "ANSYS", "MATLAB", "Python"],
    },
    form={
        "personal": [
            ("성명", "정다온"),
            ("생년월일", "1990.05.21"),
            ("휴대전화", "010-0000-3917"),
            ("이메일", "daon.jeong@example.com"),
            ("주소", "부산광역시 해운대구 센텀중앙로 000 (가상 주소)"),
        ],
        "tables": [
            (
                "학력사항",
                [
                    ["기간", "학교명", "전공", "학위", "구분"],
                    ["2009.03 ~ 2016.02", "부산대학교", "기계공학부", "학사", "졸업"],
                    ["2006.03 ~ 2009.02", "해운대고등학교", "-", "-", "졸업"],
                ],
            ),
            (
                "경력사항",
                [
                    ["근무기간", "회사명", "부서", "직위", "담당업무"],
                    [
                        "2020.03 ~ 현재",
                        "LG전자",
                        "H&A 선행개발팀",
                        "책임연구원",
                        "냉장고 압축기 소음 저감 설계, 구조 해석 결과 검증 및 시험 대응",
                    ],
                    [
                        "2016.03 ~ 2020.02",
                        "현대자동차",
                        "차체설계팀",
                        "연구원",
                        "차체 구조 설계, 충돌 해석 결과 반영, 협력사 도면 검토",
                    ],
                ],
            ),
            (
                "병역사항",
                [
                    ["군별", "계급", "복무기간", "구분"],
                    ["육군", "병장", "2011.03 ~ 2012.12", "만기전역"],
                ],
            ),
            (
                "자격증",
                [
                    ["취득일", "자격증명", "발행기관"],
                    ["2015.08", "일반기계기사", "한국산업인력공단"],
                    ["2018.04", "TOEIC 905점", "한국토익위원회"],
                ],
            ),
            (
                "보유기술",
                [
                    ["구분", "내용"],
                    ["설계", "CATIA(상), AutoCAD(상), SolidWorks(중)"],
                    ["해석", "ANSYS(상), MATLAB(중)"],
                    ["프로그래밍", "Python(중)"],
                ],
            ),
        ],
        "intro": [
            "현대자동차와 LG전자에서 9년 동안 기계 구조 설계와 해석 업무를 맡아 왔습니다. "
            "차체 설계팀에서는 충돌 해석 결과를 설계에 빠르게 반영하는 절차를 만들었고, "
            "가전 선행개발팀에서는 압축기 소음을 줄이는 구조를 설계해 양산에 적용했습니다.",
            "해석 결과를 Python으로 자동 정리하는 도구를 만들어 팀의 검토 시간을 절반으로 "
            "줄였습니다. 설계와 시험을 잇는 엔지니어로 일하고 싶습니다.",
        ],
        "closing": [
            "",
            "위 기재 사항은 사실과 다름이 없습니다.",
            "2025년 11월 20일",
            "지원자  정다온  (인)",
        ],
    },
)

LIM_HANEUL = Persona(
    file="ko-freeform.hwpx",
    builder="freeform_hwpx",
    language="ko",
    profile={
        "name": "임하늘",
        "emails": ["haneul.lim@example.com"],
        "phones": ["010-0000-5072"],
        "birth_year": 1992,
        "careers": [
            job("카카오페이", "프로덕트 매니저", "2021.08 ~ 현재", "2021-08", None),
            job(
                "비바리퍼블리카",
                "서비스 기획자",
                "2018년 2월 - 2021년 7월",
                "2018-02",
                "2021-07",
            ),
            job("(주)티몬", "상품기획 인턴", "2017.07 ~ 2017.12", "2017-07", "2017-12"),
        ],
        "education": [
            school("연세대학교", "2011.03 ~ 2017.02", degree="학사", major="정보산업공학과"),
        ],
        "skills": [
            "SQL",
            "Python",
            "Amplitude",
            "Google Analytics",
            "Jira",
            "Confluence",
            "Figma",
        ],
    },
    layout=[
        ("T", 20, "임하늘"),
        ("", 11, "프로덕트 매니저 · 핀테크/커머스 7년차"),
        ("", 10, "이메일 haneul.lim@example.com\t휴대폰 010-0000-5072\n생년월일 1992년 8월 14일"),
        ("H", 12, "요약"),
        (
            "",
            10,
            "간편결제와 송금 서비스의 사용자 경험을 기획하고 지표로 검증해 온 프로덕트 "
            "매니저입니다. 데이터 분석과 사용자 인터뷰를 함께 써서 문제를 정의하고, 개발자와 "
            "디자이너가 같은 목표를 보도록 요구사항을 짧고 분명하게 정리합니다.",
        ),
        ("H", 12, "경력"),
        ("B", 10.5, "카카오페이 | 프로덕트 매니저"),
        ("", 10, "2021.08 ~ 현재"),
        *bullets(
            10,
            "간편결제 가입 흐름을 개편해 첫 결제 전환율 12% 개선",
            "가맹점 정산 조회 화면 개편, 고객 문의 30% 감소",
        ),
        ("B", 10.5, "비바리퍼블리카 | 서비스 기획자"),
        ("", 10, "2018년 2월 - 2021년 7월"),
        *bullets(
            10,
            "송금 한도 안내와 본인 인증 단계를 재설계해 이탈률 18% 감소",
            "A/B 테스트 설계와 결과 리포트 작성, 월간 실험 20건 운영",
        ),
        ("B", 10.5, "(주)티몬 | 상품기획 인턴"),
        ("", 10, "2017.07 ~ 2017.12"),
        *bullets(10, "기획전 상품 구성과 판매 데이터 집계 보조"),
        ("H", 12, "프로젝트"),
        ("B", 10.5, "간편결제 온보딩 개편 (2022.03 ~ 2022.09)"),
        *bullets(10, "신규 사용자 인터뷰 24회, 가입 단계 7단계에서 4단계로 축소"),
        ("H", 12, "학력"),
        ("B", 10.5, "연세대학교 | 정보산업공학과 학사"),
        ("", 10, "2011.03 ~ 2017.02 (졸업)"),
        ("H", 12, "기술 및 도구"),
        ("H", 12, "어학"),
        ("", 10, "TOEIC 950 (2023.05), 영어 업무 회의 가능"),
    ],
    form={
        "tables_after": {
            "기술 및 도구": [
                ["데이터 분석", "SQL, Python, Amplitude, Google Analytics"],
                ["협업 및 기획", "Jira, Confluence, Figma"],
            ],
        },
    },
)

PERSONAS = [
    HAN_JIWOO,
    SEO_MINJAE,
    YOON_SEOA,
    AVERY_QUINN,
    JORDAN_WHITFIELD,
    MORGAN_CASTILLO,
    CASEY_LINDQVIST,
    JEONG_DAON,
    LIM_HANEUL,
]


# ---------------------------------------------------------------- PDF
def new_pdf(p: Persona, korean: bool) -> FPDF:
    """An A4 FPDF with fixed metadata so rebuilds are byte-identical."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_author("resume-worker samples (fictional person)")
    pdf.set_creator("samples/build_samples.py")
    pdf.set_title("Resume (fictional sample)")
    pdf.set_lang("ko" if korean else "en")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    if korean:
        pdf.add_font("Nanum", "", str(FONT_DIR / "NanumGothic.ttf"))
        pdf.add_font("Nanum", "B", str(FONT_DIR / "NanumGothicBold.ttf"))
    pdf.add_page()
    return pdf


def write_lines(pdf: FPDF, family: str, lines: list[tuple[str, float, str]]) -> None:
    """Write (style, size, text) lines top to bottom; style "H" draws a section rule."""
    for style, size, text in lines:
        if style == "H":
            pdf.ln(3)
            pdf.set_font(family, "B", size)
            pdf.cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
            pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.w - pdf.r_margin, pdf.get_y() + 0.5)
            pdf.ln(2)
            continue
        pdf.set_font(family, style, size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")


def build_text_pdf(p: Persona, path: Path) -> None:
    """One-column PDF from the persona's pre-laid lines (Korean or English)."""
    korean = p.language == "ko"
    pdf = new_pdf(p, korean)
    write_lines(pdf, "Nanum" if korean else "Helvetica", p.layout)
    pdf.output(str(path))


def build_two_column_pdf(p: Persona, path: Path) -> None:
    """Sidebar + main column, drawn line by line in y order so the content stream interleaves."""
    pdf = new_pdf(p, korean=False)
    pdf.set_fill_color(236, 240, 245)
    pdf.rect(0, 0, 68, pdf.h, style="F")
    ops = place_column(pdf, p.sidebar, x=8, width=54) + place_column(pdf, p.layout, x=76, width=116)
    for y, x, style, size, text in sorted(ops, key=lambda op: (round(op[0], 1), op[1])):
        pdf.set_font("Helvetica", style, size)
        pdf.text(x, y, text)
    pdf.output(str(path))


Op = tuple[float, float, str, float, str]


def place_column(
    pdf: FPDF, lines: list[tuple[str, float, str]], x: float, width: float
) -> list[Op]:
    """Wrap a column's lines to its width and give each wrapped line a baseline position."""
    ops: list[Op] = []
    y = 22.0
    for style, size, text in lines:
        real_style = "B" if style == "H" else style
        if style == "H":
            y += 4
        pdf.set_font("Helvetica", real_style, size)
        wrapped = pdf.multi_cell(width, size * 0.5, text, dry_run=True, output="LINES")
        for line in wrapped:
            ops.append((y, x, real_style, size, line))
            y += size * 0.5
        y += 1.2 if style == "H" else 0.6
    return ops


# ---------------------------------------------------------------- DOCX
def fixed_docx_save(document: Any, path: Path) -> None:
    """Save with fixed core properties, then rewrite the ZIP with fixed entry timestamps."""
    props = document.core_properties
    props.author = props.last_modified_by = "resume-worker samples"
    props.created = props.modified = props.last_printed = FIXED.replace(tzinfo=None)
    props.revision = 1
    props.title = props.comments = ""
    document.save(str(path))
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w") as dst:
        for name, blob in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, blob)


def set_font(document: Any, name: str, east_asia: str | None = None) -> None:
    """Default body font; Korean forms also name an East Asian font as Word would."""
    style = document.styles["Normal"]
    style.font.name = name
    style.font.size = Pt(10)
    if east_asia:
        fonts = style.element.rPr.rFonts
        fonts.set(docx.oxml.ns.qn("w:eastAsia"), east_asia)


def fill_table(table: Any, rows: list[list[str]], header: bool = True) -> None:
    """Write rows into a table (bold header row when asked)."""
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = value
            if header and r == 0:
                cell.paragraphs[0].runs[0].bold = True


def build_ko_table_docx(p: Persona, path: Path) -> None:
    """이력서 table form: personal table with a merged photo cell, then the section tables."""
    document = docx.Document()
    set_font(document, "Malgun Gothic", "맑은 고딕")
    title = document.add_paragraph()
    run = title.add_run("이 력 서")
    run.bold, run.font.size = True, Pt(20)
    personal = document.add_table(rows=5, cols=3)
    personal.style = "Table Grid"
    fill_table(
        personal, [["사진", label, value] for label, value in p.form["personal"]], header=False
    )
    personal.cell(0, 0).merge(personal.cell(4, 0)).text = "(사진)"
    for heading, rows in p.form["tables"]:
        document.add_paragraph()
        document.add_paragraph().add_run(heading).bold = True
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        fill_table(table, rows)
    document.add_paragraph()
    document.add_paragraph().add_run("자기소개").bold = True
    for line in p.form["intro"]:
        document.add_paragraph(line)
    for line in p.form["closing"]:
        document.add_paragraph(line)
    fixed_docx_save(document, path)


def build_en_header_docx(p: Persona, path: Path) -> None:
    """English DOCX: contact details in the page header, body sections, a 2-column skills table."""
    document = docx.Document()
    set_font(document, "Calibri")
    header = document.sections[0].header
    header.paragraphs[0].text = p.form["header"]
    document.add_heading(p.form["name"], level=0)
    for kind, text in p.form["body"]:
        if kind == "H":
            document.add_heading(text, level=1)
        elif kind == "SKILLS":
            skills = p.profile["skills"]
            table = document.add_table(rows=(len(skills) + 1) // 2, cols=2)
            table.style = "Table Grid"
            for i, skill in enumerate(skills):
                table.cell(i // 2, i % 2).text = skill
        elif kind == "B":
            document.add_paragraph().add_run(text).bold = True
        elif kind == "L":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    fixed_docx_save(document, path)


def build_plain(p: Persona, path: Path) -> None:
    """TXT and MD samples are written as their text, UTF-8, LF line ends."""
    path.write_text(p.text, encoding="utf-8", newline="\n")


# ---------------------------------------------------------------- HWPX
def build_ko_table_hwpx(p: Persona, path: Path) -> None:
    """이력서 table form in HWPX: personal table with a photo cell spanning its rows, then the
    section tables, a 자기소개 and the signed closing line."""
    document = HwpxDocument("이력서", creator="samples/build_samples.py")
    document.paragraph("이 력 서", shape="title", align="center")
    personal = p.form["personal"]
    rows: list[list[str | Cell | None]] = [
        [Cell("(사진)", rows=len(personal)) if i == 0 else None, label, value]
        for i, (label, value) in enumerate(personal)
    ]
    document.table(rows, [2, 2, 6], header_rows=0)
    for heading, table in p.form["tables"]:
        document.paragraph()
        document.paragraph(heading, shape="heading")
        document.table(table, [3] * len(table[0]))
    document.paragraph()
    document.paragraph("자기소개", shape="heading")
    for line in p.form["intro"]:
        document.paragraph(line)
    for line in p.form["closing"]:
        document.paragraph(line, align="right" if "(인)" in line else "justify")
    document.save(path)


def build_freeform_hwpx(p: Persona, path: Path) -> None:
    """Free-form HWPX: title, headings, bold entry lines, bullets; a table after the headings
    named in form["tables_after"]; tabs and line breaks inside the contact paragraph."""
    document = HwpxDocument("이력서", creator="samples/build_samples.py")
    shapes = {"T": "title", "H": "heading", "B": "bold", "": "normal"}
    for style, _size, text in p.layout:
        document.paragraph(text, shape=shapes[style])
        table = p.form.get("tables_after", {}).get(text) if style == "H" else None
        if table:
            document.table(table, [1, 3], header_rows=0)
    document.save(path)


BUILDERS: dict[str, Callable[[Persona, Path], None]] = {
    "text_pdf": build_text_pdf,
    "two_column_pdf": build_two_column_pdf,
    "ko_table_docx": build_ko_table_docx,
    "en_header_docx": build_en_header_docx,
    "plain": build_plain,
    "ko_table_hwpx": build_ko_table_hwpx,
    "freeform_hwpx": build_freeform_hwpx,
}


# ---------------------------------------------------------------- gold and checks
def gold_of(p: Persona) -> dict[str, Any]:
    """The GOLD_FORMAT.md document for a persona (period strings are build-only)."""
    profile = dict(p.profile)
    profile["careers"] = [
        {k: v for k, v in c.items() if k != "period"} for c in p.profile["careers"]
    ]
    profile["education"] = [
        {k: v for k, v in e.items() if k != "period"} for e in p.profile["education"]
    ]
    return {"language": p.language, "expect": "profile", "error_code": None, "profile": profile}


def extract(path: Path) -> str:
    """The text a reader sees: pypdfium2 for PDF, python-docx (body, tables, header) for DOCX,
    the section XML's hp:t runs for HWPX."""
    if path.suffix == ".pdf":
        pdf = pdfium.PdfDocument(str(path))
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        parts = [para.text for para in document.paragraphs]
        parts += [
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        ]
        parts += [para.text for sec in document.sections for para in sec.header.paragraphs]
        return "\n".join(parts)
    if path.suffix == ".hwpx":
        return hwpx_text_of(path)
    return path.read_text(encoding="utf-8")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def gold_values(p: Persona) -> list[str]:
    """Every string the gold file claims is printed in the document."""
    prof = p.profile
    values = [prof["name"], *prof.get("emails", []), *prof.get("phones", []), *prof["skills"]]
    for career in prof["careers"]:
        values += [career["company"], career["position"], career["period"]]
    for school in prof["education"]:
        values += [school["school"], school.get("degree", ""), school.get("major", "")]
        values.append(school.get("period", ""))
    if "birth_year" in prof:
        values.append(str(prof["birth_year"]))
    return [v for v in values if v]


def check(p: Persona, path: Path) -> list[str]:
    """Problems found in one built sample (empty when every gold value is in its text)."""
    text = extract(path)
    flat = squash(text)
    problems = [f"{p.file}: missing {v!r}" for v in gold_values(p) if squash(v) not in flat]
    if len(text) <= 600:
        problems.append(f"{p.file}: only {len(text)} characters")
    if "(cid:" in text or "\ufffd" in text:
        problems.append(f"{p.file}: garbled text layer")
    if p.language == "ko" and len(re.findall(r"[\uac00-\ud7a3]", text)) < 200:
        problems.append(f"{p.file}: Hangul missing from the text layer")
    for career in p.profile["careers"]:
        if period_dates(career["period"]) != [career["start"], career["end"]]:
            problems.append(
                f"{p.file}: {career['period']!r} is not {career['start']}..{career['end']}"
            )
    return problems


MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DATE_PATTERNS = [
    (r"(\d{4})\.(\d{2})", lambda m: f"{m[1]}-{m[2]}"),
    (r"(\d{4})-(\d{2})", lambda m: f"{m[1]}-{m[2]}"),
    (r"(\d{4})년 (\d{1,2})월", lambda m: f"{m[1]}-{int(m[2]):02d}"),
    (r"(\d{2})/(\d{4})", lambda m: f"{m[2]}-{m[1]}"),
    (r"([A-Z][a-z]+) (\d{4})", lambda m: f"{m[2]}-{MONTHS.index(m[1][:3].lower()) + 1:02d}"),
]


def period_dates(period: str) -> list[str | None]:
    """Independent reading of a printed period, to catch a gold date that disagrees with it."""
    for pattern, to_iso in DATE_PATTERNS:
        found: list[str | None] = [to_iso(m) for m in re.finditer(pattern, period)]
        if found:
            break
    if re.search(r"현재|재직중|Present", period):
        found.append(None)
    return found


def require_korean_font() -> None:
    """Stop before writing anything when the Korean PDF cannot be built."""
    if not all((FONT_DIR / name).is_file() for name in ("NanumGothic.ttf", "NanumGothicBold.ttf")):
        sys.exit(FONT_HELP.format(dir=FONT_DIR))


def main() -> int:
    require_korean_font()
    problems: list[str] = []
    for p in PERSONAS:
        path = OUT / p.file
        BUILDERS[p.builder](p, path)
        gold = json.dumps(gold_of(p), ensure_ascii=False, indent=2) + "\n"
        (OUT / f"{p.file}.gold.json").write_text(gold, encoding="utf-8")
        problems += check(p, path)
        print(f"{path.stat().st_size:>8}  {p.file}", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
