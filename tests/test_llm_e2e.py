"""Jobs end to end with the llm and crosscheck analysts against the loopback OpenAI server: the
embedded runtime's job-level retries, the CLI's env wiring, and the PII policy on real files."""

from __future__ import annotations

import asyncio
import io
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from resume_worker.cli.runner import FileResult, process_files
from resume_worker.composition.config import config_problems
from resume_worker.composition.pipeline import build_services
from resume_worker.core.models import JobStatus
from resume_worker.settings import Settings
from tests.openai_server import OpenAIServer, answer, reply, status

PERSON = {
    "name": "Morgan Castillo",
    "emails": ["[EMAIL_1]"],
    "phones": ["[PHONE_1]"],
    "careers": [
        {"company": "Dell Technologies", "position": "Senior Project Manager",
         "start": "2021-01", "is_current": True},
        {"company": "Oracle", "position": "Project Manager", "start": "2017-08", "end": "2020-12"},
    ],
    "education": [{"school": "Texas A&M University", "end": "2012"}],
    "skills": ["Jira", "SQL", "Tableau"],
}  # fmt: skip
ENGLISH = """Morgan Castillo
morgan.castillo@example.com | 512-555-0163 | Address: 4100 Duval Street, Apt 12, Austin
Date of Birth: 14 March 1988
Experience
Dell Technologies, Senior Project Manager, January 2021 - Present
Oracle, Project Manager, August 2017 - December 2020
Education
Texas A&M University, B.B.A., 2012
Skills
Jira, SQL, Tableau, Risk Management, Stakeholder Management, Budgeting and planning
"""
KOREAN_SECRETS = (
    "1994.09.16",
    "010-0000-1234",
    "minjun.kim@example.com",
    "940916-1234567",
    "성암로 000",
    "101동 1001호",
)
ENGLISH_SECRETS = ("morgan.castillo@example.com", "512-555-0163", "4100 Duval", "14 March 1988")


def people_or(profile: dict[str, Any]) -> Any:
    """An answer for any request: the identity vote gets one person, the analysis `profile`."""

    def route(body: dict[str, Any]) -> dict[str, Any]:
        system = body["messages"][0]["content"]
        return {"people": 1} if "how many different people" in system else profile

    return route


def llm_settings(data_dir: Path, base_url: str, **llm: Any) -> Settings:
    """The llm analyst on `base_url`, with tiny backoffs both per call and per job."""
    options = {"analyst": "llm", "base_url": base_url, "model": "m", "backoff_base_s": 0.001}
    options |= {"backoff_max_s": 0.05, "timeout": 2.0, "connect_timeout": 1.0}
    return Settings(
        data_dir=data_dir,
        log_format="json",
        llm=options | llm,
        retry={"max_attempts": 3, "backoff_base_s": 0.001, "backoff_max_s": 0.01},
    )


def process(settings: Settings, *paths: Path) -> list[FileResult]:
    async def run() -> list[FileResult]:
        async with build_services(settings) as services:
            return await process_files(
                list(paths), services, settings, tenant_id="t1", reveal_pii=True
            )

    return asyncio.run(run())


@pytest.fixture
def english(tmp_path: Path) -> Path:
    path = tmp_path / "resume.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    return path


@pytest.fixture
def korean_form(tmp_path: Path) -> Path:
    """A Korean 이력서 form in DOCX: label cells next to value cells, as real forms are."""
    document = docx.Document()
    document.add_paragraph("이 력 서")
    rows = [
        ("성 명", "김민준", "한 자", "金旼俊"),
        ("생년월일", "1994.09.16", "휴 대 폰", "010-0000-1234"),
        ("이 메 일", "minjun.kim@example.com", "주민등록번호", "940916-1234567"),
        ("주 소", "서울특별시 마포구 성암로 000, 101동 1001호", "", ""),
    ]
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("경력사항")
    document.add_paragraph(
        "2021.04 ~ 현재 주식회사 카카오 백엔드 개발자 — 메시징 서버 개발 및 운영"
    )
    document.add_paragraph("2019.01 ~ 2021.03 (주)우아한형제들 사원 — 주문 API 개발")
    document.add_paragraph("기술스택: Java, Kotlin, Spring Boot, MySQL, Redis, Kafka")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "이력서.docx"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def dead_url() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    yield f"http://127.0.0.1:{port}/v1"


def test_cli_process_returns_the_served_profile_with_usage(
    openai_server: OpenAIServer, english: Path, tmp_path: Path
) -> None:
    """`process --json` with the llm analyst set by environment variables returns the profile
    the server gave (placeholders restored), and the job's token usage and cost."""
    openai_server.chat_default = answer(people_or(PERSON))
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_WORKER_")}
    environment |= {
        "RESUME_WORKER_DATA_DIR": str(tmp_path / "data"),
        "RESUME_WORKER_LLM__ANALYST": "llm",
        "RESUME_WORKER_LLM__BASE_URL": openai_server.base_url,
        "RESUME_WORKER_LLM__MODEL": "m",
        "RESUME_WORKER_LLM__STRUCTURED_OUTPUT": "tools",
        "RESUME_WORKER_LLM__PRICES": '{"m": {"input": 1.0, "output": 4.0}}',
    }
    run = subprocess.run(
        [sys.executable, "-m", "resume_worker", "process", "--json", "--reveal-pii", str(english)],
        capture_output=True, text=True, env=environment, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    [result] = json.loads(run.stdout)
    profile = result["candidate"]["profile"]
    assert result["status"] == "completed" and profile["name"] == "Morgan Castillo"
    assert profile["emails"] == ["morgan.castillo@example.com"]
    assert profile["phones"][0].endswith("0163") and profile["birth_year"] == 1988
    assert [c["company"] for c in profile["careers"]] == ["Dell Technologies", "Oracle"]
    assert profile["skills"] == ["Jira", "SQL", "Tableau"]
    usage = result["usage"]
    assert usage["calls"] == 2 and usage["input_tokens"] > 0  # the vote and the analysis
    assert usage["cost"] == pytest.approx(
        (usage["input_tokens"] + 4 * usage["output_tokens"]) / 1e6
    )
    assert all("tools" in r.body for r in openai_server.requests)
    assert openai_server.leaked(*ENGLISH_SECRETS) == []


def test_no_pii_of_real_files_reaches_the_server(
    openai_server: OpenAIServer, english: Path, korean_form: Path, tmp_path: Path
) -> None:
    """A Korean DOCX form and an English resume: every request body (votes and analyses) is
    free of phones, e-mails, resident numbers, birth dates and street addresses; the stored
    profile has them back."""
    korean = {"name": "김민준", "emails": ["[EMAIL_1]"], "phones": ["[PHONE_1]"],
              "address": "[ADDRESS_1]", "careers": [{"company": "주식회사 카카오"}]}  # fmt: skip
    openai_server.chat_default = answer(
        lambda body: people_or(korean if "이 력 서" in json.dumps(body, ensure_ascii=False)
                               else PERSON)(body)
    )  # fmt: skip
    results = process(llm_settings(tmp_path, openai_server.base_url), korean_form, english)
    assert [r.outcome.status for r in results] == [JobStatus.COMPLETED] * 2
    assert len(openai_server.requests) == 4
    assert openai_server.leaked(*KOREAN_SECRETS, *ENGLISH_SECRETS) == []
    profile = results[0].document["candidate"]["profile"]
    assert profile["emails"] == ["minjun.kim@example.com"] and profile["birth_year"] == 1994
    assert profile["address"] == "서울특별시 마포구 성암로 000, 101동 1001호"


def test_rate_limits_are_retried_and_the_job_completes(
    openai_server: OpenAIServer, english: Path, tmp_path: Path
) -> None:
    """429, 429 (Retry-After: 0) then answers: one attempt, completed."""
    openai_server.script("chat", status(429, retry_after=0), status(429, retry_after=0))
    openai_server.chat_default = answer(people_or(PERSON))
    [result] = process(llm_settings(tmp_path, openai_server.base_url), english)
    assert result.outcome.status is JobStatus.COMPLETED
    assert len(openai_server.requests) == 4  # two 429s, the vote, the analysis


def test_persistent_500s_fail_the_job_after_the_whole_budget(
    openai_server: OpenAIServer, english: Path, tmp_path: Path
) -> None:
    """3 job attempts x (1 + llm.retries=1) calls, then `failed` with LLM_UNAVAILABLE."""
    openai_server.chat_default = status(500)
    settings = llm_settings(tmp_path, openai_server.base_url, retries=1, identity_vote=False)
    [result] = process(settings, english)
    assert result.outcome.status is JobStatus.FAILED
    assert result.document["error"]["code"] == "LLM_UNAVAILABLE"
    assert len(openai_server.requests) == 3 * 2


def test_a_dead_endpoint_fails_the_job_with_llm_unavailable(
    dead_url: str, english: Path, tmp_path: Path
) -> None:
    """Connection refused on every call: `failed`, LLM_UNAVAILABLE, nothing charged."""
    [result] = process(llm_settings(tmp_path, dead_url, retries=1), english)
    assert result.outcome.status is JobStatus.FAILED
    assert result.document["error"]["code"] == "LLM_UNAVAILABLE"


def test_an_unfixable_reply_fails_the_job_with_analysis_failed(
    openai_server: OpenAIServer, english: Path, tmp_path: Path
) -> None:
    """Garbage twice (the reply and its repair): ANALYSIS_FAILED at once, no job-level retry."""
    openai_server.chat_default = reply("Sorry, I can only answer questions about cooking.")
    settings = llm_settings(tmp_path, openai_server.base_url, identity_vote=False)
    [result] = process(settings, english)
    assert result.outcome.status is JobStatus.FAILED
    assert result.document["error"]["code"] == "ANALYSIS_FAILED"
    assert len(openai_server.requests) == 2


def test_a_two_people_vote_rejects_before_any_analysis(
    openai_server: OpenAIServer, english: Path, tmp_path: Path
) -> None:
    """The vote says two people: `rejected` with MULTI_IDENTITY after that one cheap call."""
    openai_server.chat_default = answer({"people": 2})
    [result] = process(llm_settings(tmp_path, openai_server.base_url), english)
    assert result.outcome.status is JobStatus.REJECTED
    assert result.document["error"]["code"] == "MULTI_IDENTITY"
    assert len(openai_server.requests) == 1


def test_crosscheck_agrees_and_falls_back(
    openai_server: OpenAIServer, english: Path, dead_url: str, tmp_path: Path
) -> None:
    """Two endpoints agreeing give 0.95 confidence; with the second dead, the first's answer
    still completes the job."""
    openai_server.chat_default = answer(people_or(PERSON))
    agreeing = llm_settings(
        tmp_path / "a",
        openai_server.base_url,
        analyst="crosscheck",
        crosscheck_model="m2",
        crosscheck_structured_output="prompt",
    )
    [both] = process(agreeing, english)
    assert both.document["candidate"]["field_confidence"]["name"] == 0.95
    models = sorted(r.body["model"] for r in openai_server.requests)
    assert models == ["m", "m", "m2"]  # the vote on the first endpoint, both analyses
    falling_back = llm_settings(
        tmp_path / "b",
        openai_server.base_url,
        analyst="crosscheck",
        crosscheck_model="m2",
        crosscheck_base_url=dead_url,
    )
    [one] = process(falling_back, english)
    assert one.outcome.status is JobStatus.COMPLETED
    assert one.document["candidate"]["profile"]["name"] == "Morgan Castillo"


def test_config_check_names_the_missing_llm_settings(tmp_path: Path) -> None:
    """llm needs a base URL and a model; crosscheck also the second model."""
    problems = config_problems(Settings(data_dir=tmp_path, llm={"analyst": "llm"}))
    assert any("RESUME_WORKER_LLM__BASE_URL" in p for p in problems)
    assert any("RESUME_WORKER_LLM__MODEL" in p for p in problems)
    crosscheck = Settings(
        data_dir=tmp_path, llm={"analyst": "crosscheck", "base_url": "http://x/v1", "model": "m"}
    )
    assert [p for p in config_problems(crosscheck) if "LLM" in p] == [
        "RESUME_WORKER_LLM__CROSSCHECK_MODEL is required for llm.analyst=crosscheck"
    ]
    assert not [p for p in config_problems(Settings(data_dir=tmp_path)) if "LLM" in p]
