"""Keys in use: rotation (interrupted and resumed), `keys check`, disabled keys, secrets folders,
the persisted encryption counter, and ciphertexts moved between rows."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import structlog

from resume_worker.composition.admin import AdminServices
from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.models import JobStatus
from resume_worker.core.ports.keys import BatchProgress
from resume_worker.jobs.results import decrypt_profile
from resume_worker.pipeline import Services
from resume_worker.privacy.crypto import blob_aad, field_aad, key_id_of
from resume_worker.privacy.keys.rotation import rotate_keys
from resume_worker.privacy.keys.usage import persist_key_usage
from tests.e2e import real_services
from tests.stored_data import (
    BACKENDS,
    EN_PLAIN,
    OTHER_PERSON,
    Keys,
    Store,
    cli,
    make_keys,
    new_key,
    open_store,
    submit,
)


class Interrupted(Exception):
    """Stands in for a crash or Ctrl-C between two rotation batches."""


@pytest.fixture(scope="module")
def keys() -> Keys:
    return make_keys()


@pytest.fixture(scope="module", params=BACKENDS)
def template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, keys: Keys
) -> Store:
    """Three jobs under key k1: one person twice (the second file named after the person) and
    another person; two candidates, three versions. One store per database backend."""
    store = open_store(request, tmp_path_factory.mktemp("keys") / "data")

    async def body(services: Services) -> None:
        for data_bytes, name in (
            (EN_PLAIN, "resume.txt"),
            (EN_PLAIN, "Morgan Castillo.txt"),
            (OTHER_PERSON, "riley.txt"),
        ):
            outcome = await submit(services, data_bytes, name)
            assert outcome.status is JobStatus.COMPLETED

    store.run(body, crypto=keys.crypto(f"k1:{keys.k1}", "k1", keys.blind1))
    return store


async def readable_everything(services: Services) -> int:
    """Decrypt every stored PII field, file name and original file; returns how many."""
    jobs, keyring = services.jobs, services.keyring
    count = 0
    for job in await jobs.list_jobs(None, 100):
        assert job.file_name is not None
        keyring.decrypt(job.file_name.blob, field_aad(job.tenant_id, job.id, "file_name"))
        keyring.decrypt(await services.blobs.get(job.blob_key), blob_aad(job.tenant_id, job.id))
        outcome = await jobs.get_outcome(job.id)
        assert outcome is not None and outcome.record_id
        record = await services.candidates.get_record(outcome.record_id)
        assert record is not None
        assert decrypt_profile(record, keyring).emails
        count += 2 + len(record.pii)
    return count


def key_ids_in(store: Store) -> dict[str, set[str]]:
    """The key ids found in the PII cells, the job file names and the original files."""
    names = store.rows("select file_name_enc from jobs where file_name_enc is not null")
    blobs = [p for p in (store.data / "blobs").rglob("*") if p.is_file()]
    return {
        "pii": {row[0] for row in store.rows("select key_id from candidate_pii")},
        "file_name": {key_id_of(bytes(row[0])) for row in names},
        "blob": {key_id_of(p.read_bytes()) for p in blobs},
    }


def interrupt_rotation(store: Store, crypto: dict[str, str], after_batches: int) -> list[str]:
    """Run `rotate_keys` one row per batch, raise after `after_batches` committed batches, and
    check every row still decrypts; returns the passes of the batches that ran."""
    passes: list[str] = []

    def stop(pass_name: str, _progress: BatchProgress) -> None:
        passes.append(pass_name)
        if len(passes) == after_batches:
            raise Interrupted

    async def body(admin: AdminServices) -> int:
        services = admin.services
        with pytest.raises(Interrupted):
            await rotate_keys(
                admin.resealing,
                services.key_usage,
                services.blobs,
                services.keyring,
                batch_size=1,
                on_batch=stop,
            )
        return await readable_everything(services)

    assert store.run_admin(body, crypto=crypto) > 0
    return passes


def test_rotation_interrupted_half_way_and_rerun_ends_on_the_new_key(
    template: Store, keys: Keys, tmp_path: Path
) -> None:
    """`keys rotate` stopped after two batches leaves every row readable (some on k1, some on
    k2); run again through the CLI it finishes: every ciphertext on k2, blind indexes rebuilt for
    the new blind-index key, and deduplication still finds the person."""
    store = template.copy(tmp_path / "data")
    spec = f"k1:{keys.k1},k2:{keys.k2}"
    crypto = keys.crypto(spec, "k2", keys.blind2)
    assert interrupt_rotation(store, crypto, after_batches=2) == ["pii", "pii"]
    assert key_ids_in(store)["pii"] == {"k1", "k2"}  # half-way: both keys in use
    assert key_ids_in(store)["blob"] == {"k1"}

    env = {**keys.env(spec, "k2", keys.blind2), **store.env()}
    rotated = cli("keys", "rotate", "--json", "--batch-size", "2", data_dir=store.data, **env)
    assert rotated.returncode == 0, rotated.stderr[-2000:]
    passes = json.loads(rotated.stdout)["passes"]
    assert [passes[p]["changed"] for p in ("file_names", "blobs", "blind_indexes")] == [3, 3, 3]
    assert key_ids_in(store) == {"pii": {"k2"}, "file_name": {"k2"}, "blob": {"k2"}}

    checked = cli("keys", "check", "--json", data_dir=store.data, **env)
    assert checked.returncode == 0, checked.stdout + checked.stderr[-2000:]
    status = {key["key_id"]: key for key in json.loads(checked.stdout)["keys"]}
    assert sum(status["k1"]["ciphertexts"].values()) == 0
    assert status["k2"]["ciphertexts"]["blob"] == 3 and status["k2"]["encryptions"] > 0

    async def after(services: Services) -> tuple[int, str | None, int | None]:
        readable = await readable_everything(services)
        again = await submit(services, EN_PLAIN)
        return readable, again.candidate_id, again.version

    readable, candidate_id, version = store.run(after, crypto=crypto)
    first = store.rows("select candidate_id from candidate_versions where version = 2")
    assert readable > 0 and (candidate_id, version) == (first[0][0], 3)


def test_ciphertext_moved_to_another_candidate_fails_with_encryption_error(
    template: Store, keys: Keys, tmp_path: Path
) -> None:
    """One candidate's e-mail ciphertext copied onto another candidate's row does not decrypt
    there: the repository read path and `candidates show` fail with ENCRYPTION_ERROR."""
    store = template.copy(tmp_path / "data")
    morgan, riley = store.rows(
        "select v.id, v.candidate_id from candidate_versions v "
        "join candidate_pii p on p.record_id = v.id and p.field = 'name' "
        "where v.version = 1 order by v.accepted_at",
    )
    store.rows(
        "update candidate_pii set ciphertext = (select ciphertext from candidate_pii "
        "where record_id = ? and field = 'emails') where record_id = ? and field = 'emails'",
        morgan[0],
        riley[0],
    )
    crypto = keys.crypto(f"k1:{keys.k1}", "k1", keys.blind1)

    async def read(services: Services) -> None:
        record = await services.candidates.get_record(riley[0])
        assert record is not None
        with pytest.raises(WorkerError) as caught:
            decrypt_profile(record, services.keyring)
        assert caught.value.code is ErrorCode.ENCRYPTION_ERROR

    store.run(read, crypto=crypto)
    shown = cli(
        "candidates",
        "show",
        riley[1],
        data_dir=store.data,
        **keys.env(f"k1:{keys.k1}", "k1", keys.blind1),
        **store.env(),
    )
    assert shown.returncode == 1
    assert "ENCRYPTION_ERROR" in shown.stderr
    assert "morgan" not in (shown.stdout + shown.stderr).lower()


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"keys": "k2", "primary": "k2"}, "'k1', which is not in the keyring"),
        ({"keys": "k1,k2", "primary": "k2", "disabled": "k1"}, "disabled key 'k1'"),
        ({"keys": "k1,weak", "primary": "k1"}, "too little entropy"),
        ({"keys": "k1", "primary": "k1", "warn": "5"}, "primary key 'k1' has made"),
    ],
    ids=["unknown-key", "disabled-key", "weak-key", "counter"],
)
def test_keys_check_reports_problems_and_exits_1(
    template: Store, keys: Keys, env: dict[str, str], fragment: str
) -> None:
    """Ciphertexts under a key missing from the keyring or disabled, a weak key in development,
    and a primary past the encryption warning each make `keys check` exit 1 naming it."""
    material = {"k1": keys.k1, "k2": keys.k2, "weak": "AAAA" * 10 + "AAA="}
    spec = ",".join(f"{kid}:{material[kid]}" for kid in env["keys"].split(","))
    variables = keys.env(spec, env["primary"], keys.blind1)
    if "disabled" in env:
        variables["RESUME_WORKER_CRYPTO__DISABLED_KEY_IDS"] = env["disabled"]
    if "warn" in env:
        variables["RESUME_WORKER_CRYPTO__WARN_ENCRYPTIONS"] = env["warn"]
    checked = cli("keys", "check", "--json", data_dir=template.data, **variables, **template.env())
    assert checked.returncode == 1, checked.stderr[-2000:]
    problems = json.loads(checked.stdout)["problems"]
    assert any(fragment in problem for problem in problems), problems


def test_encryption_counter_is_persisted_per_key_and_warns(store: Store) -> None:
    """Encryptions are summed per key id in the database across flushes; past
    crypto.warn_encryptions a warning names the key id (and no plaintext)."""
    k1, k2, blind = new_key(), new_key(), new_key()

    async def body(services: Services) -> list[dict[str, int]]:
        keyring = services.keyring
        for _ in range(3):
            keyring.encrypt(b"secret-value", b"aad")
        first = await persist_key_usage(keyring, services.key_usage)
        keyring.encrypt(b"secret-value", b"aad")
        second = await persist_key_usage(keyring, services.key_usage)
        return [first, second, await services.key_usage.key_usage()]

    crypto = {"keys": f"k1:{k1},k2:{k2}", "primary_key_id": "k2", "blind_index_key": blind}
    with structlog.testing.capture_logs() as logs:
        first, second, stored = store.run(body, crypto={**crypto, "warn_encryptions": 4})
    assert (first, second, stored) == ({"k2": 3}, {"k2": 4}, {"k2": 4})
    warnings = [e for e in logs if e["log_level"] == "warning" and e.get("key_id") == "k2"]
    assert len(warnings) == 1 and warnings[0]["encryptions"] == 4
    assert "secret-value" not in str(logs)


def test_concurrent_counts_of_a_new_key_all_add_up(store: Store) -> None:
    """Two repositories adding to a key id not yet counted, and to two keys at once, at the
    same time: no count is lost and none fails (one upsert per key id)."""

    async def body(services: Services) -> dict[str, int]:
        async with real_services(store.data, **store.overrides()) as other:
            adds = [
                counters.add_key_usage(counts)
                for _ in range(5)
                for counters in (services.key_usage, other.key_usage)
                for counts in ({"fresh": 2}, {"fresh": 1, "second": 3})
            ]
            await asyncio.gather(*adds)
        return await services.key_usage.key_usage()

    assert store.run(body) == {"fresh": 30, "second": 30}


def test_processing_counts_every_encryption(template: Store) -> None:
    """After three jobs the k1 counter equals the ciphertexts written: a file name and an original
    per job plus every PII field."""
    pii_cells = template.rows("select count(*) from candidate_pii")[0][0]
    assert template.rows("select key_id, encryptions from key_usage") == [("k1", pii_cells + 6)]


def test_blob_rotation_skips_originals_not_retained(store: Store, keys: Keys) -> None:
    """With storage.retain_originals=false the original is gone: rotation counts it missing and
    still moves the rest."""

    async def body(services: Services) -> None:
        await submit(services, EN_PLAIN)

    spec1 = keys.crypto(f"k1:{keys.k1}", "k1", keys.blind1)
    store.run(body, crypto=spec1, storage={"retain_originals": False})

    async def rotate(admin: AdminServices) -> tuple[int, int]:
        services = admin.services
        report = await rotate_keys(
            admin.resealing, services.key_usage, services.blobs, services.keyring
        )
        return report.passes["blobs"].missing, report.passes["pii"].changed

    spec2 = keys.crypto(f"k1:{keys.k1},k2:{keys.k2}", "k2", keys.blind1)
    missing, changed = store.run_admin(rotate, crypto=spec2)
    assert missing == 1 and changed > 0
    assert {row[0] for row in store.rows("select key_id from candidate_pii")} == {"k2"}
