"""`candidates show|export|delete` through the real CLI on a real data folder, and the export
mappings (JSON Resume, CSV) on their own."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from resume_worker.composition.admin import AdminServices
from resume_worker.core.models import (
    CandidateProfile,
    Career,
    Education,
    JobStatus,
    Project,
    StoredRecord,
)
from resume_worker.jobs.exports import csv_row, json_resume
from resume_worker.jobs.results import masked_profile
from resume_worker.pipeline import Services
from tests.e2e import SAMPLES
from tests.stored_data import BACKENDS, EN_PLAIN, Keys, Store, cli, make_keys, open_store, submit

EMAIL = "morgan.castillo@example.com"


@pytest.fixture(scope="module")
def keys() -> Keys:
    return make_keys()


@pytest.fixture(scope="module", params=BACKENDS)
def template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, keys: Keys
) -> tuple[Store, str, str]:
    """Tenant t1: one person uploaded twice (two versions, the second file named after them);
    tenant t2: a Korean resume. Returns (store, t1 candidate id, t2 candidate id), one store per
    database backend."""
    store = open_store(request, tmp_path_factory.mktemp("candidates") / "data")
    korean = (SAMPLES / "ko-table-form.docx").read_bytes()

    async def body(services: Services) -> tuple[str, str]:
        first = await submit(services, EN_PLAIN, "resume.txt", "t1")
        second = await submit(services, EN_PLAIN, "Morgan Castillo.txt", "t1")
        other = await submit(services, korean, "이력서.docx", "t2")
        assert {first.status, second.status, other.status} == {JobStatus.COMPLETED}
        assert first.candidate_id == second.candidate_id and second.version == 2
        assert first.candidate_id and other.candidate_id
        return first.candidate_id, other.candidate_id

    morgan, korean_id = store.run(body, crypto=keys.crypto(f"k1:{keys.k1}", "k1", keys.blind1))
    return store, morgan, korean_id


def run(keys: Keys, store: Store, *args: str) -> tuple[int, str, str]:
    env = {**keys.env(f"k1:{keys.k1}", "k1", keys.blind1), **store.env()}
    done = cli(*args, data_dir=store.data, **env)
    return done.returncode, done.stdout, done.stderr


def test_show_is_masked_unless_revealed_and_lists_versions(
    template: tuple[Store, str, str], keys: Keys
) -> None:
    """`candidates show` prints the latest version masked with every version listed;
    --version picks one and --reveal-pii shows the values; an unknown id exits 1."""
    data, morgan, _ = template
    code, out, err = run(keys, data, "candidates", "show", morgan, "--json")
    assert code == 0, err[-2000:]
    shown = json.loads(out)
    assert (shown["id"], shown["version"], shown["is_latest"]) == (morgan, 2, True)
    assert [v["version"] for v in shown["versions"]] == [1, 2]
    assert shown["profile"]["name"] == "M***** C*******"
    assert shown["profile"]["emails"] == ["m***@example.com"]
    assert EMAIL not in out and "512-555-0163" not in out

    code, out, _ = run(keys, data, "candidates", "show", morgan, "--version", "1", "--reveal-pii")
    revealed = json.loads(out)
    assert revealed["version"] == 1 and revealed["profile"]["emails"] == [EMAIL]
    assert revealed["profile"]["name"] == "MORGAN CASTILLO"

    code, out, err = run(keys, data, "candidates", "show", "no-such-id")
    assert code == 1 and out == "" and "no candidate" in err


def test_export_formats_and_tenant_filter(template: tuple[Store, str, str], keys: Keys) -> None:
    """json and jsonresume print one JSON array, csv one row per candidate; masked unless
    --reveal-pii; --tenant limits the export."""
    data, morgan, korean_id = template
    code, out, err = run(keys, data, "candidates", "export")
    assert code == 0, err[-2000:]
    exported = json.loads(out)
    assert {item["id"] for item in exported} == {morgan, korean_id}
    assert all(item["version"] == (2 if item["id"] == morgan else 1) for item in exported)
    assert EMAIL not in out

    code, out, _ = run(
        keys, data, "candidates", "export", "--format", "jsonresume", "--tenant", "t1"
    )
    (resume,) = json.loads(out)
    assert resume["basics"]["name"] == "M***** C*******"
    assert resume["basics"]["email"] == "m***@example.com"
    assert resume["work"][0]["name"] == "Dell Technologies" and "endDate" not in resume["work"][0]
    assert resume["education"][0]["institution"] == "The University of Texas at Austin"
    assert {"name": "SQL"} in resume["skills"]
    assert resume["meta"]["candidateId"] == morgan

    code, out, _ = run(keys, data, "candidates", "export", "--format", "csv", "--reveal-pii")
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 2
    by_id = {row["candidate_id"]: row for row in table}
    assert by_id[morgan]["name"] == "MORGAN CASTILLO" and by_id[morgan]["emails"] == EMAIL
    assert by_id[morgan]["current_company"] == "Dell Technologies"
    assert by_id[korean_id]["tenant"] == "t2"

    code, out, _ = run(keys, data, "candidates", "export", "--format", "csv")
    assert EMAIL not in out and "MORGAN" not in out and "m***@example.com" in out


def test_delete_erases_every_trace_and_logs_without_pii(
    template: tuple[Store, str, str], keys: Keys, tmp_path: Path
) -> None:
    """Without --yes nothing happens; with it every version, PII cell, blind index, chunk and
    original file of the candidate is gone, the jobs stay without file names, the erasure log
    holds counts only, the database (SQLite files, or a pg_dump) no longer holds the career
    text, and the other candidate is untouched."""
    data = template[0].copy(tmp_path / "data")
    _, morgan, korean_id = template
    code, _, _ = run(keys, data, "candidates", "delete", morgan)
    assert code == 1 and data.rows("select count(*) from candidates") == [(2,)]

    code, out, err = run(keys, data, "candidates", "delete", morgan, "--yes")
    assert code == 0, err[-2000:]
    (erasure,) = json.loads(out)
    assert (erasure["versions"], erasure["jobs"], erasure["blobs_deleted"]) == (2, 2, 2)
    assert erasure["chunks"] > 0 and erasure["pii_fields"] >= 6
    records = "(select id from candidate_versions)"
    for table in ("candidate_pii", "blind_indexes", "chunks"):
        assert data.rows(f"select count(*) from {table} where record_id not in {records}") == [(0,)]
    assert data.rows("select count(*) from candidates where id = ?", morgan) == [(0,)]
    assert data.rows("select count(*) from chunks where candidate_id = ?", morgan) == [(0,)]
    jobs = data.rows(
        "select file_name_enc, blob_key, status from jobs where candidate_id = ?", morgan
    )
    assert jobs == [(None, None, "completed"), (None, None, "completed")]
    assert len([p for p in (data.data / "blobs").rglob("*") if p.is_file()]) == 1
    log_row = repr(data.rows("select * from erasures"))
    for secret in ("MORGAN", "Morgan", EMAIL, "512-555-0163", "5125550163", "Castillo"):
        assert secret not in log_row
    for name, written in data.written_bytes().items():
        assert b"Dell Technologies" not in written, name

    code, out, err = run(keys, data, "candidates", "show", korean_id, "--reveal-pii")
    assert code == 0 and json.loads(out)["profile"]["name"], err[-2000:]
    code, _, err = run(keys, data, "candidates", "delete", morgan, "--yes")
    assert code == 1 and "no candidate" in err


def test_interrupted_erasure_is_finished_by_running_again(
    template: tuple[Store, str, str], keys: Keys, tmp_path: Path
) -> None:
    """A crash after the database part (rows gone, originals still on disk) is finished by the
    next `candidates delete`: the log row's pending blobs are deleted and it is completed."""
    data = template[0].copy(tmp_path / "data")
    _, morgan, _ = template

    async def database_part_only(admin: AdminServices) -> None:
        erasure = await admin.candidates.erase_candidate(morgan, "erasure-1")
        assert erasure is not None and len(erasure.pending_blobs) == 2

    data.run_admin(database_part_only, crypto=keys.crypto(f"k1:{keys.k1}", "k1", keys.blind1))
    assert len([p for p in (data.data / "blobs").rglob("*") if p.is_file()]) == 3
    code, out, err = run(keys, data, "candidates", "delete", morgan, "--yes")
    assert code == 0, err[-2000:]
    assert [e["erasure_id"] for e in json.loads(out)] == ["erasure-1"]
    assert len([p for p in (data.data / "blobs").rglob("*") if p.is_file()]) == 1
    assert data.rows("select pending_blobs, completed_at is not null from erasures") == [("[]", 1)]


def stored(profile: CandidateProfile) -> StoredRecord:
    return StoredRecord("r1", "c1", "t1", 3, "j1", True, profile, {}, {}, {}, ())


def test_json_resume_mapping() -> None:
    """Our profile maps onto JSON Resume v1 fields; a current job has no endDate; unknown
    values are left out."""
    profile = CandidateProfile(
        name="Jane Smith",
        emails=["jane@example.com"],
        phones=["+1 512 555 0100"],
        links=["https://jane.dev", "https://github.com/jane"],
        address="1 Main St Austin TX",
        careers=[
            Career(company="Acme", position="Lead", start="2020-01", is_current=True),
            Career(company="Initech", start="2015", end="2019-12", responsibilities=["Built X"]),
        ],
        education=[Education(school="MIT", degree="BSc", major="Physics", start="2011")],
        skills=["Go"],
        projects=[Project(name="Search", role="Owner", tech=["Rust"], start="2021-03")],
    )
    resume = json_resume(stored(profile), profile)
    assert resume["basics"] == {
        "name": "Jane Smith",
        "email": "jane@example.com",
        "phone": "+1 512 555 0100",
        "url": "https://jane.dev",
        "location": {"address": "1 Main St Austin TX"},
        "profiles": [{"url": "https://github.com/jane"}],
    }
    assert resume["work"] == [
        {"name": "Acme", "position": "Lead", "startDate": "2020-01"},
        {"name": "Initech", "startDate": "2015", "endDate": "2019-12", "highlights": ["Built X"]},
    ]
    assert resume["education"] == [
        {"institution": "MIT", "area": "Physics", "studyType": "BSc", "startDate": "2011"}
    ]
    assert resume["projects"] == [
        {"name": "Search", "startDate": "2021-03", "roles": ["Owner"], "keywords": ["Rust"]}
    ]
    masked = json_resume(stored(profile), masked_profile(profile))["basics"]
    assert masked["name"] == "J*** S****" and masked["email"] == "j***@example.com"
    assert masked["location"] == {"address": "1 Main ***"}
    assert "jane" not in json.dumps(masked) and "555" not in json.dumps(masked)


def test_csv_cells_cannot_run_as_formulas() -> None:
    """Resume text that starts like a spreadsheet formula is neutralised; phone numbers with a
    leading + are kept as they are."""
    profile = CandidateProfile(phones=["+82 10-1234-5678"], skills=["=HYPERLINK(1)", "Go"])
    row = csv_row(stored(profile), profile)
    assert row["skills"] == "'=HYPERLINK(1); Go"
    assert row["phones"] == "+82 10-1234-5678"
