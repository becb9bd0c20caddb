"""Every route: 401 without a valid key, 403 without its scope, 404 for another tenant's ids;
PII masked unless pii:read; deletion; health, readiness and metrics."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from tests.api.harness import Api, bearer, running_api
from tests.stored_data import EN_PLAIN, Store

T = "t1"
ROUTES = {
    "resumes:write": ("POST", "/v1/resumes"),
    "jobs:read": ("GET", "/v1/jobs/{job}"),
    "candidates:read": ("GET", "/v1/candidates/{candidate}"),
    "search:read": ("GET", "/v1/search?q=project"),
    "candidates:delete": ("DELETE", "/v1/candidates/{candidate}"),
}


async def processed(api: Api, token: str) -> tuple[str, str]:
    """Upload the sample resume as T and run its job: (job id, candidate id)."""
    sent = await api.client.post(
        "/v1/resumes", headers=bearer(token), files={"file": ("morgan.txt", EN_PLAIN)}
    )
    assert sent.status_code == 202, sent.text
    job_id = sent.json()["job_id"]
    if api.queue is not None:
        from resume_worker.jobs.runner import run_job

        await run_job(job_id, api.ctx.built.services)
    else:
        await drain(api)
    done = await api.client.get(f"/v1/jobs/{job_id}", headers=bearer(token))
    assert done.json()["status"] == "completed", done.text
    return job_id, done.json()["candidate"]["id"]


async def drain(api: Api) -> None:
    from resume_worker.jobs.scheduling import EmbeddedQueue

    assert isinstance(api.ctx.queue, EmbeddedQueue)
    await api.ctx.queue.drain()


def call(api: Api, scope: str, token: str | None, ids: dict[str, str]) -> Awaitable[httpx.Response]:
    method, path = ROUTES[scope]
    headers = bearer(token) if token is not None else {}
    files = {"file": ("x.txt", EN_PLAIN)} if method == "POST" else None
    return api.client.request(method, path.format(**ids), headers=headers, files=files)


def scenario(store: Store, body: Callable[[Api], Awaitable[None]], **overrides: object) -> None:
    async def run() -> None:
        async with running_api(store.data, **store.overrides(), **overrides) as api:
            await body(api)

    asyncio.run(run())


def test_keys_scopes_and_tenants_on_every_route(store: Store) -> None:
    """No key, a malformed, unknown or revoked key: 401; a key of the tenant without the route's
    scope: 403; a key of another tenant with every scope: 404 for T's job and candidate, and a
    search that never shows T's candidate. T's data is unchanged after all of it."""

    async def body(api: Api) -> None:
        owner = await api.key(T)
        job_id, candidate_id = await processed(api, owner)
        ids = {"job": job_id, "candidate": candidate_id}
        revoked_key, revoked = await api.ctx.built.keys.create_key(T, list(ROUTES), "old")
        assert await api.ctx.built.keys.revoke_key(revoked_key.id)
        unknown = revoked.replace(revoked.split("_")[2], "A" * 43)
        for scope in ROUTES:
            for token in (None, "nonsense", unknown, revoked, owner + "x"):
                answer = await call(api, scope, token, ids)
                assert answer.status_code == 401, (scope, token, answer.text)
                assert answer.json()["error"]["code"] == "UNAUTHORIZED"
                assert answer.headers["www-authenticate"] == "Bearer"
            others = [s for s in ROUTES if s != scope]
            answer = await call(api, scope, await api.key(T, others), ids)
            assert answer.status_code == 403, (scope, answer.text)
            assert answer.json() == {
                "error": {"code": "FORBIDDEN", "message": f"the API key lacks the {scope} scope"}
            }
        stranger = await api.key("t2")
        for scope in ("jobs:read", "candidates:read", "candidates:delete"):
            answer = await call(api, scope, stranger, ids)
            assert answer.status_code == 404, (scope, answer.text)
            assert answer.json()["error"]["code"] == "NOT_FOUND"
        found = await call(api, "search:read", stranger, ids)
        assert found.status_code == 200 and found.json()["results"] == []
        assert found.json()["tenant"] == "t2"
        mine = await call(api, "search:read", owner, ids)
        assert [r["candidate_id"] for r in mine.json()["results"]] == [candidate_id]
        still = await api.client.get(f"/v1/candidates/{candidate_id}", headers=bearer(owner))
        assert still.status_code == 200

    scenario(store, body)


def test_pii_is_masked_without_the_pii_scope(tmp_path: Path) -> None:
    """Job and candidate documents show masked PII and no file name without pii:read, and the
    real values with it; the job document has the `jobs show --json` keys."""

    async def body(api: Api) -> None:
        owner = await api.key(T)
        job_id, candidate_id = await processed(api, owner)
        plain = await api.key(T, ["jobs:read", "candidates:read"])
        job = (await api.client.get(f"/v1/jobs/{job_id}", headers=bearer(plain))).json()
        assert set(job) >= {"file", "job_id", "status", "error", "candidate", "chunks"}
        assert job["file"] == "***.txt" and job["candidate"]["id"] == candidate_id
        profile = job["candidate"]["profile"]
        assert profile["name"] == "M***** C*******"
        assert "morgan.castillo@example.com" not in str(job) and "555-0163" not in str(job)
        candidate = await api.client.get(f"/v1/candidates/{candidate_id}", headers=bearer(plain))
        assert candidate.json()["profile"]["name"] == "M***** C*******"
        assert candidate.json()["versions"][0]["job_id"] == job_id
        revealed = (await api.client.get(f"/v1/jobs/{job_id}", headers=bearer(owner))).json()
        assert revealed["file"] == "morgan.txt"
        assert revealed["candidate"]["profile"]["name"] == "MORGAN CASTILLO"
        assert revealed["candidate"]["profile"]["emails"] == ["morgan.castillo@example.com"]
        full = await api.client.get(f"/v1/candidates/{candidate_id}", headers=bearer(owner))
        assert full.json()["profile"]["phones"] == profile_phones(revealed)

    scenario(Store(tmp_path / "data"), body)


def profile_phones(document: dict[str, object]) -> object:
    candidate = document["candidate"]
    assert isinstance(candidate, dict)
    return candidate["profile"]["phones"]


def test_delete_erases_the_candidate(tmp_path: Path) -> None:
    """DELETE answers with the erasure counts; the candidate is gone and its job stays."""

    async def body(api: Api) -> None:
        owner = await api.key(T)
        job_id, candidate_id = await processed(api, owner)
        erased = await api.client.delete(f"/v1/candidates/{candidate_id}", headers=bearer(owner))
        assert erased.status_code == 200, erased.text
        (erasure,) = erased.json()["erasures"]
        assert erasure["versions"] == 1 and erasure["chunks"] > 0 and erasure["completed_at"]
        again = await api.client.get(f"/v1/candidates/{candidate_id}", headers=bearer(owner))
        assert again.status_code == 404
        twice = await api.client.delete(f"/v1/candidates/{candidate_id}", headers=bearer(owner))
        assert twice.status_code == 404
        job = await api.client.get(f"/v1/jobs/{job_id}", headers=bearer(owner))
        assert job.status_code == 200 and job.json()["status"] == "completed"

    scenario(Store(tmp_path / "data"), body)


def test_health_readiness_and_metrics(tmp_path: Path) -> None:
    """/healthz and /readyz answer without a key; /metrics counts jobs by status and code and
    holds stage latencies of the finished job, with no PII in any label or value."""

    async def body(api: Api) -> None:
        assert (await api.client.get("/healthz")).json() == {"status": "ok"}
        ready = await api.client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ready", "checks": {"database": "ok", "storage": "ok"}}
        owner = await api.key(T)
        job_id, _ = await processed(api, owner)
        with_usage(
            store, job_id, {"calls": 2, "input_tokens": 900, "output_tokens": 300, "cost": 0.5}
        )
        text = (await api.client.get("/metrics")).text
        assert 'resume_worker_llm_tokens_total{kind="input",tenant="t1"} 900.0' in text
        assert 'resume_worker_llm_cost_total{tenant="t1"} 0.5' in text
        assert 'resume_worker_llm_calls_total{tenant="t1"} 2.0' in text
        assert 'resume_worker_jobs{code="",status="completed",tenant="t1"} 1.0' in text
        assert re.search(r'resume_worker_stage_seconds_count\{stage="analyze"\} 1\.0', text)
        assert "morgan" not in text.lower() and "555-0163" not in text
        again = (await api.client.get("/metrics")).text  # the job is not observed twice
        assert re.search(r'resume_worker_stage_seconds_count\{stage="analyze"\} 1\.0', again)

    store = Store(tmp_path / "data")
    scenario(store, body, record=False)


def with_usage(store: Store, job_id: str, usage: dict[str, object]) -> None:
    """Give a finished job the LLM usage an LLM analyst's job stores in its result."""
    (raw,) = store.rows("SELECT result FROM jobs WHERE id = ?", job_id)[0]
    result = {**json.loads(raw), "usage": usage}
    store.rows("UPDATE jobs SET result = ? WHERE id = ?", json.dumps(result), job_id)


def test_readiness_names_a_failing_dependency(tmp_path: Path) -> None:
    """A blob store that cannot be written (its folder is a file) makes /readyz 503 naming the
    storage check, with no detail of the failure."""

    async def body(api: Api) -> None:
        blobs = tmp_path / "data" / "blobs"
        shutil.rmtree(blobs, ignore_errors=True)
        blobs.write_bytes(b"not a folder")
        ready = await api.client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json() == {
            "status": "unready",
            "checks": {"database": "ok", "storage": "error (PermanentError)"},
        }

    scenario(Store(tmp_path / "data"), body)
