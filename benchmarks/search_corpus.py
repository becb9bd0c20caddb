"""Corpora for benchmarks/search.py: the dev set processed by the real pipeline, and synthetic
filler candidates inserted straight into SQLite to reach a chunk count.

The dev set is processed with one tenant per file, so deduplication (which merges candidates of
one tenant whose contacts and names agree) can never merge two files; the finished rows are then
moved into the one tenant the benchmark searches. Filler chunks carry random unit vectors (far
from every real query, so they cost time but do not change what is relevant) and text drawn from
a generic resume vocabulary, so the keyword index has long posting lists for common words.
"""

from __future__ import annotations

import json
import random
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from resume_worker.adapters.sql.search_sqlite.keywords import tenant_token
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.pipeline import Services
from resume_worker.text.search_terms import hangul_share, index_text

TENANT = "bench"
CHUNKS_PER_FILLER = 10
TENANT_TABLES = ("jobs", "candidates", "candidate_versions", "blind_indexes", "chunks", "ledger")
# Generic resume words, Korean and English, that filler text is drawn from.
WORDS = """
개발자 백엔드 프론트엔드 서버 데이터 엔지니어 운영 설계 구축 개선 플랫폼 서비스 시스템 자동화 테스트
모바일 클라우드 인프라 분석 모델 경력 프로젝트 팀 리드 관리 고객 마케팅 영업 디자인 기획 결제 정산
물류 검색 추천 광고 보안 네트워크 배포 모니터링 성능 장애 대응 품질 교육 신입 인턴 회사 담당
업무 주요 성과 사용자 화면 웹 앱 게임 금융 커머스 의료 연구 학사 석사 졸업 자격증
engineer developer backend frontend platform data pipeline service system design built led team
cloud api python java kafka kubernetes react sql aws docker terraform go typescript mobile ios
android testing automation analytics dashboard migration latency reliability payments billing
search ranking security network deploy monitoring performance incident customer marketing sales
product manager research model training university degree intern
"""
VOCABULARY = WORDS.split()
# Filler tokens: 60 % from VOCABULARY with Zipf weights (Korean and English interleaved by rank:
# the first words appear in most chunks, the last in a few per cent), 40 % from a long tail of
# rare made-up words, as in real text; so posting lists are long for common words only.
COMMON_SHARE = 0.6
TAIL_WORDS = 20000
SKILLS = ("Python", "Java", "Kotlin", "Go", "React", "SQL", "AWS", "Kafka", "Docker", "Figma")


def dev_files(dev: Path) -> list[Path]:
    return sorted(
        p for sub in ("en", "ko", "special") for p in (dev / sub).iterdir()
        if p.is_file() and not p.name.endswith(".gold.json")
    )  # fmt: skip


async def process_dev_set(services: Services, dev: Path) -> dict[str, str]:
    """Process every dev file under its own tenant; returns candidate id -> file ("ko/x.docx")."""
    found: dict[str, str] = {}
    for number, path in enumerate(dev_files(dev)):
        job = await accept_job(
            services, path.read_bytes(), file_name=path.name, tenant_id=f"dev-{number:03d}"
        )
        outcome = await run_job(job.id, services)
        if outcome.candidate_id is not None:
            found[outcome.candidate_id] = path.relative_to(dev).as_posix()
    return found


def move_into_one_tenant(database: Path) -> None:
    """Put every dev tenant's rows into TENANT (before any search has indexed them)."""
    with sqlite3.connect(database) as db:
        for table in TENANT_TABLES:
            db.execute(f"UPDATE {table} SET tenant_id = ? WHERE tenant_id LIKE 'dev-%'", (TENANT,))


def chunk_count(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT count(*) FROM chunks").fetchone()[0])


def add_filler(database: Path, chunks: int, *, model: str, dim: int, seed: int) -> None:
    """Insert `chunks` filler chunks (10 per candidate) with their keyword-index rows."""
    rng = random.Random(seed)
    vectors = np.random.default_rng(seed).standard_normal((chunks, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    terms = {word: index_text(word) for word in VOCABULARY} | {
        f"x{n}": f"x{n}" for n in range(TAIL_WORDS)
    }
    now = datetime.now(UTC).isoformat()
    with sqlite3.connect(database) as db:
        for first in range(0, chunks, CHUNKS_PER_FILLER):
            rows = range(first, min(first + CHUNKS_PER_FILLER, chunks))
            record = _filler_candidate(db, rng, now)
            texts = [filler_words(rng, rng.randint(20, 60)) for _ in rows]
            for order, (row, words) in enumerate(zip(rows, texts, strict=True)):
                chunk_id = _insert_chunk(db, record, order, " ".join(words), vectors[row], model)
                db.execute(
                    "INSERT INTO chunk_terms (rowid, tenant, terms, hangul) VALUES (?, ?, ?, ?)",
                    (
                        chunk_id,
                        tenant_token(TENANT),
                        " ".join(terms[w] for w in words),
                        hangul_share(" ".join(words)),
                    ),
                )


def _ranked_vocabulary() -> tuple[list[str], list[float]]:
    korean = [w for w in VOCABULARY if not w.isascii()]
    english = [w for w in VOCABULARY if w.isascii()]
    ranked = [w for pair in zip(korean, english, strict=False) for w in pair]
    ranked += korean[len(english) :] + english[len(korean) :]
    return ranked, [1 / (rank + 1) for rank in range(len(ranked))]


RANKED, WEIGHTS = _ranked_vocabulary()


def filler_words(rng: random.Random, count: int) -> list[str]:
    common = rng.choices(RANKED, WEIGHTS, k=count)
    return [
        word if rng.random() < COMMON_SHARE else f"x{rng.randrange(TAIL_WORDS)}" for word in common
    ]


def _filler_candidate(db: sqlite3.Connection, rng: random.Random, now: str) -> tuple[str, str]:
    candidate, record = str(uuid.uuid4()), str(uuid.uuid4())
    profile = {
        "total_experience_months": rng.randint(0, 240),
        "skills": rng.sample(SKILLS, 4),
        "careers": [{"position": "엔지니어", "company": "Filler Corp"}],
    }
    db.execute(
        "INSERT INTO candidates (id, tenant_id, created_at) VALUES (?, ?, ?)",
        (candidate, TENANT, now),
    )
    db.execute(
        "INSERT INTO candidate_versions (id, tenant_id, candidate_id, version, job_id,"
        " is_latest, accepted_at, profile, field_confidence, field_sources, warnings)"
        " VALUES (?, ?, ?, 1, ?, 1, ?, ?, '{}', '{}', '[]')",
        (record, TENANT, candidate, str(uuid.uuid4()), now, json.dumps(profile)),
    )
    return candidate, record


def _insert_chunk(
    db: sqlite3.Connection,
    owner: tuple[str, str],
    order: int,
    body: str,
    vector: np.ndarray,
    model: str,
) -> int:
    candidate, record = owner
    cursor = db.execute(
        'INSERT INTO chunks (record_id, tenant_id, candidate_id, kind, ord, text, start, "end",'
        " embedding, model, dim) VALUES (?, ?, ?, 'raw_section', ?, ?, 0, ?, ?, ?, ?)",
        (record, TENANT, candidate, order, body, len(body), vector.tobytes(), model, len(vector)),
    )
    return int(cursor.lastrowid or 0)
