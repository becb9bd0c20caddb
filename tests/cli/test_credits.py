"""Credits: grants and balances through the CLI, enforcement defaults, and the quality refund."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import pytest

from resume_worker.composition.admin import AdminServices
from resume_worker.composition.pipeline import pipeline_config
from resume_worker.core.errors import ErrorCode
from resume_worker.core.models import (
    CandidateProfile,
    Career,
    Ciphertext,
    Job,
    JobOutcome,
    JobStatus,
    StoredRecord,
)
from resume_worker.jobs.runner import accept_job, run_job
from resume_worker.pipeline import Services
from resume_worker.settings import Settings
from resume_worker.stages.charge import RefundRule, assess_quality, refund_due
from tests.e2e import real_admin, real_services
from tests.pg import PgDatabase
from tests.stored_data import EN_PLAIN, Store, cli, submit

# Enough text to be analysed, a school but no name, no contact and no employer: a usable profile
# that is not worth paying for.
POOR = (
    b"Notes about the things I like to do on weekends and in the evenings after work.\n\n"
    b"Hobbies\nReading long novels, hiking in the mountains near the city, cooking for friends,\n"
    b"and playing the guitar badly.\n\n"
    b"Education\nTexas A&M University, B.B.A. Management Information Systems, 2008 - 2012\n\n"
    b"Skills\nPython, SQL, Excel\n"
)


def kinds(store: Store, job_id: str) -> list[str]:
    return sorted(r[0] for r in store.rows("select kind from ledger where job_id = ?", job_id))


@pytest.mark.parametrize(
    ("env", "given", "expected"),
    [
        ("development", None, False),
        ("production", None, True),
        ("production", False, False),
        ("development", True, True),
    ],
)
def test_enforcement_defaults_to_on_in_production_only(
    env: str, given: bool | None, expected: bool
) -> None:
    """credits.enforce unset follows RESUME_WORKER_ENV; an explicit value always wins."""
    credits = {} if given is None else {"enforce": given}
    settings = Settings(env=env, credits=credits)
    assert settings.credits.enforce is expected
    assert pipeline_config(settings).credits_enforce is expected


def test_grant_balance_and_ledger_through_the_cli(store: Store) -> None:
    """`credits grant` adds a grant row once per grant id; `credits --json` shows the balance
    and the ledger; a malformed tenant is a usage error."""

    def credits(*args: str) -> subprocess.CompletedProcess[str]:
        return cli("credits", *args, data_dir=store.data, **store.env())

    first = credits("grant", "5", "--tenant", "acme", "--grant-id", "g-1")
    assert first.returncode == 0, first.stderr[-2000:]
    assert json.loads(first.stdout) == {
        "grant_id": "g-1",
        "added": True,
        "tenant": "acme",
        "available": 5,
    }
    again = credits("grant", "5", "--tenant", "acme", "--grant-id", "g-1")
    assert json.loads(again.stdout)["added"] is False
    shown = credits("--tenant", "acme", "--json")
    document = json.loads(shown.stdout)
    assert document["enforced"] is False
    assert document["tenants"] == [
        {"tenant": "acme", "available": 5, "held": 0, "totals": {"grant": 5}}
    ]
    assert [(e["kind"], e["amount"], e["job_id"]) for e in document["ledger"]] == [
        ("grant", 5, "g-1")
    ]
    bad = credits("grant", "5", "--tenant", "no spaces")
    assert bad.returncode == 2


def test_enforced_balance_admits_only_granted_jobs(store: Store) -> None:
    """With enforcement on and one credit granted, the first job runs and is charged; the
    second is rejected with INSUFFICIENT_CREDITS and writes no ledger row."""

    async def body(admin: AdminServices) -> tuple[JobOutcome, JobOutcome, int]:
        services = admin.services
        await services.ledger.add_ledger_entry("t1", "grant-1", "grant", 1)
        first = await submit(services, EN_PLAIN)
        second = await submit(services, EN_PLAIN)
        return first, second, await admin.credits.available_credits("t1")

    first, second, balance = store.run_admin(body, credits={"enforce": True})
    assert first.status is JobStatus.COMPLETED
    assert second.status is JobStatus.REJECTED
    assert second.error_code is ErrorCode.INSUFFICIENT_CREDITS
    assert balance == 0
    assert kinds(store, first.job_id) == ["charge", "reserve"]
    assert kinds(store, second.job_id) == []


def test_concurrent_acceptances_never_overdraw(store: Store) -> None:
    """Twenty files accepted at once against five credits: exactly five reserve, the rest are
    rejected, and the balance ends at zero, never below."""

    async def body(admin: AdminServices) -> tuple[list[Job], int]:
        services = admin.services
        await services.ledger.add_ledger_entry("t1", "grant-1", "grant", 5)
        jobs = await asyncio.gather(
            *(
                accept_job(services, EN_PLAIN, file_name=f"{i}.txt", tenant_id="t1")
                for i in range(20)
            )
        )
        return list(jobs), await admin.credits.available_credits("t1")

    jobs, balance = store.run_admin(body, credits={"enforce": True})
    assert sorted(j.status.value for j in jobs).count("queued") == 5
    assert balance == 0
    assert store.rows("select count(*) from ledger where kind = 'reserve'") == [(5,)]


@pytest.mark.slow
def test_fifty_concurrent_jobs_on_postgresql_never_overdraw(
    pg_database: PgDatabase, tmp_path: Path
) -> None:
    """Fifty jobs of one tenant at once on PostgreSQL with twenty credits and enforcement on,
    split over two workers (two engines, separate connections): exactly twenty are reserved,
    run and charged, thirty are rejected INSUFFICIENT_CREDITS without a ledger row, and the
    balance, sampled all along, never goes below zero."""
    store = Store(tmp_path / "data", pg_database)
    settings = {**store.overrides(), "credits": {"enforce": True}}

    async def body() -> tuple[list[JobOutcome], list[int]]:
        async with (
            real_admin(store.data, **settings) as admin,
            real_services(store.data, **settings) as two,
        ):
            one = admin.services
            await one.ledger.add_ledger_entry("t1", "grant-1", "grant", 20)
            samples: list[int] = []
            running = asyncio.ensure_future(
                asyncio.gather(*(submit(services, EN_PLAIN) for services in [one, two] * 25))
            )
            while not running.done():
                samples.append(await admin.credits.available_credits("t1"))
                await asyncio.sleep(0.01)
            return list(await running), samples

    outcomes, samples = asyncio.run(body())
    statuses = [o.status for o in outcomes]
    assert statuses.count(JobStatus.COMPLETED) == 20
    rejected = [o for o in outcomes if o.status is JobStatus.REJECTED]
    assert len(rejected) == 30
    assert {o.error_code for o in rejected} == {ErrorCode.INSUFFICIENT_CREDITS}
    assert store.rows("select kind, count(*) from ledger group by kind order by kind") == [
        ("charge", 20),
        ("grant", 1),
        ("reserve", 20),
    ]
    assert samples and min(samples) >= 0
    assert store.rows(
        "select count(distinct candidate_id), max(version) from candidate_versions"
    ) == [(1, 20)]


def test_poor_result_is_refunded_exactly_once(store: Store) -> None:
    """A completed job without name, contact or employer and with low confidence is charged and
    refunded; re-running it adds nothing; if a crash lost its charge and refund rows, the
    redelivered job writes both again. A good resume is not refunded."""

    async def body(services: Services) -> tuple[JobOutcome, JobOutcome]:
        poor = await submit(services, POOR, "notes.txt")
        await run_job(poor.job_id, services)
        good = await submit(services, EN_PLAIN)
        return poor, good

    poor, good = store.run(body)
    assert poor.status is JobStatus.COMPLETED
    assert kinds(store, poor.job_id) == ["charge", "refund", "reserve"]
    assert kinds(store, good.job_id) == ["charge", "reserve"]

    store.rows("delete from ledger where job_id = ? and kind != 'reserve'", poor.job_id)
    store.run(lambda services: run_job(poor.job_id, services))
    assert kinds(store, poor.job_id) == ["charge", "refund", "reserve"]


def result(
    public: CandidateProfile, pii_fields: list[str], confidence: dict[str, float]
) -> StoredRecord:
    pii = {name: Ciphertext(b"sealed") for name in pii_fields}
    return StoredRecord("r1", "c1", "t1", 1, "j1", True, public, pii, confidence, {}, ())


def test_refund_rule_needs_low_confidence_and_enough_missing() -> None:
    """The rule: overall confidence below the bar AND at least `min_missing` of name, contact
    and last company missing; the settings turn it off or tighten it."""
    poor = result(CandidateProfile(skills=["Python"]), [], {"skills": 0.7})
    assert assess_quality(poor).missing == ("name", "contact", "last_company")
    assert assess_quality(poor).confidence == pytest.approx(0.7 / 6, abs=1e-4)
    assert refund_due(poor, RefundRule())
    assert not refund_due(poor, RefundRule(enabled=False))
    assert not refund_due(poor, RefundRule(below_confidence=0.1))

    employed = CandidateProfile(careers=[Career(company="Acme", is_current=True)])
    named = result(employed, ["name"], {"name": 0.8, "careers": 0.6})
    assert assess_quality(named).missing == ("contact",)
    assert not refund_due(named, RefundRule())
    assert refund_due(named, RefundRule(below_confidence=0.5, min_missing=1))

    settings = Settings(credits={"refund_enabled": False, "refund_min_missing": 3})
    assert pipeline_config(settings).refund_rule == RefundRule(enabled=False, min_missing=3)
