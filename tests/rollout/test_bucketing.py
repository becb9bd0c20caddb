"""Bucketing is Unleash's gradual rollout exactly: published vectors, stickiness, monotonic
percentages, flags independent of each other, and shares close to the percentage."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resume_worker.core.flags import Flag
from resume_worker.core.models import Job, JobStatus
from resume_worker.rollout.bucketing import decide, is_enabled, normalized_value

VECTORS: dict[str, Any] = json.loads((Path(__file__).parent / "unleash_vectors.json").read_text())
KEYS = st.text(min_size=1, max_size=40)


def flag(percent: int = 0, salt: str = "analyst_model", **extra: Any) -> Flag:
    options: dict[str, Any] = {"control": "a", "candidate": "b", "state": "percent"} | extra
    return Flag("analyst_model", salt, percent=percent, **options)


def job(job_id: str, tenant: str = "t1") -> Job:
    return Job(job_id, tenant, JobStatus.PROCESSING, "pdf", "")


@pytest.mark.parametrize("case", VECTORS["normalized"], ids=lambda c: f"{c['group_id']}:{c['id']}")
def test_normalized_value_matches_the_other_unleash_clients(case: dict[str, Any]) -> None:
    """normalizedValue("123", "gr1") is 73 and ("999", "groupX") is 25, as in Node and Java."""
    assert normalized_value(case["id"], case["group_id"]) == case["value"]


@pytest.mark.parametrize("case", VECTORS["rollout"], ids=lambda c: f"{c['spec']}-{c['id']}")
def test_client_specification_gradual_rollout_vectors(case: dict[str, Any]) -> None:
    """Every gradual-rollout case of Unleash's client specification gives its expected result."""
    assert is_enabled(flag(case["percent"], case["group_id"]), case["id"]) is case["enabled"]


def test_non_ascii_keys_hash_their_utf8_bytes() -> None:
    """Korean tenant ids hash as UTF-8 (DESIGN §2), like the Python and Go clients."""
    import mmh3

    expected = mmh3.hash("flag:테넌트".encode(), 0, signed=False) % 100 + 1
    assert normalized_value("테넌트", "flag") == expected


@given(KEYS, st.integers(0, 100), st.integers(0, 100))
def test_raising_the_percentage_never_moves_a_key_back(key: str, low: int, high: int) -> None:
    """A key enabled at some percentage stays enabled at every higher one."""
    low, high = sorted((low, high))
    if is_enabled(flag(low), key):
        assert is_enabled(flag(high), key)


@given(KEYS)
def test_bucket_is_within_one_and_a_hundred_and_zero_and_hundred_are_absolute(key: str) -> None:
    """0 % enables nobody, 100 % everybody."""
    assert 1 <= normalized_value(key, "salt") <= 100
    assert not is_enabled(flag(0), key)
    assert is_enabled(flag(100), key)


def test_ten_thousand_keys_get_about_their_share_and_never_go_back() -> None:
    """Over 10,000 job ids, 10 -> 50 -> 100 % enable about that share, each a superset."""
    keys = [str(uuid.UUID(int=n)) for n in range(10_000)]
    enabled: set[str] = set()
    for percent in (10, 50, 100):
        now = {key for key in keys if is_enabled(flag(percent), key)}
        assert enabled <= now, "a key went back to control"
        assert abs(len(now) / len(keys) - percent / 100) < 0.02, (percent, len(now))
        print(f"{percent}% -> {len(now) / len(keys):.2%} of 10,000 keys")
        enabled = now


def test_flags_with_different_salts_bucket_independently() -> None:
    """Two flags at 50 % agree on about half of the keys, not all: their salts decorrelate."""
    keys = [f"job-{n}" for n in range(10_000)]
    first = {key for key in keys if is_enabled(flag(50, "analyst_model"), key)}
    second = {key for key in keys if is_enabled(flag(50, "pdf_extractor"), key)}
    both = len(first & second) / len(keys)
    assert abs(both - 0.25) < 0.02, both


@given(st.lists(KEYS, min_size=200, max_size=200, unique=True))
def test_independence_holds_for_any_key_set(keys: list[str]) -> None:
    """Membership under one salt says little about another: the overlap at 50/50 is near 25 %."""
    first = {key for key in keys if is_enabled(flag(50, "a"), key)}
    second = {key for key in keys if is_enabled(flag(50, "b"), key)}
    assert len(first & second) / len(keys) < 0.45


def test_sticky_tenant_puts_every_job_of_a_tenant_in_one_bucket() -> None:
    """With sticky=tenant all of a tenant's jobs take one path; with sticky=job they spread."""
    by_tenant = flag(50, sticky="tenant")
    arms = {decide(by_tenant, job(str(uuid.uuid4()), "acme"), noise_rate=0).arm for _ in range(50)}  # type: ignore[union-attr]
    assert len(arms) == 1
    by_job = flag(50, sticky="job")
    arms = {decide(by_job, job(str(uuid.uuid4()), "acme"), noise_rate=0).arm for _ in range(50)}  # type: ignore[union-attr]
    assert arms == {"control", "candidate"}


def test_decide_per_state() -> None:
    """off: no decision; on: candidate; shadow: control, sampled shadow runs, a noise share."""
    assert decide(flag(state="off"), job("j"), noise_rate=0) is None
    on = decide(flag(state="on"), job("j"), noise_rate=0)
    assert on is not None and (on.arm, on.variant, on.shadow) == ("candidate", "b", False)
    shadow = flag(state="shadow", sample=0.5)
    sampled = decide(shadow, job("j"), noise_rate=0.0, draw=lambda: 0.2)
    assert sampled is not None and (sampled.arm, sampled.shadow_variant) == ("control", "b")
    assert sampled.shadow and not sampled.noise
    skipped = decide(shadow, job("j"), noise_rate=0.0, draw=lambda: 0.7)
    assert skipped is not None and not skipped.shadow and skipped.shadow_variant == ""
    noise = decide(shadow, job("j"), noise_rate=1.0, draw=lambda: 0.2)
    assert noise is not None and noise.noise and noise.shadow_variant == "a"
