"""The privacy test corpus (tests/privacy_corpus.py) processed end to end: no planted name,
birth date, address, resident number, e-mail, phone or link is stored in plaintext anywhere,
nor is any word of a planted name a term of the keyword index, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
from pathlib import Path

import pytest

from tests import privacy_corpus
from tests.doc_builder import libreoffice, save_as_doc
from tests.stored_data import Store, cli, process_files

# Searches that the planted resumes answer: search keeps working on skills, companies, schools
# and roles after redaction.
SEARCHES = {
    "메시징 서버 개발": "form",
    "Stripe": "resume.pdf",
    "쿠팡 데이터 엔지니어": "resume.md",
    "Cornell University": "resume.txt",
}


def write_corpus(folder: Path) -> list[Path]:
    """The corpus's documents in `folder`, with the DOC copy of the form (LibreOffice)."""
    folder.mkdir(parents=True)
    planted = privacy_corpus.documents()
    libreoffice()
    (docx,) = [p.data for p in planted if p.file_name.endswith(".docx")]
    planted.append(privacy_corpus.Planted("form.doc", save_as_doc(docx)))
    paths = []
    for item in planted:
        path = folder / item.file_name
        path.write_bytes(item.data)
        paths.append(path)
    return paths


def index_terms(store: Store) -> set[str]:
    """The keyword index's vocabulary: FTS5's own (fts5vocab) on SQLite, ts_stat on PostgreSQL."""
    if store.database is not None:
        rows = store.database.rows("SELECT word FROM ts_stat('SELECT terms FROM search_terms')")
        return {str(word) for (word,) in rows}
    with sqlite3.connect(store.data / "resume-worker.db") as conn:
        conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, chunk_terms, 'row')")
        return {str(term) for (term,) in conn.execute("SELECT term FROM temp.vocab")}


def term_leaks(terms: set[str]) -> list[str]:
    """Index terms that are a planted name word or (stemmed) the start of one."""
    leaks = []
    for term in terms:
        folded = term.casefold()
        for word in privacy_corpus.NAME_WORDS:
            if folded == word or (len(folded) >= 5 and word.startswith(folded)):
                leaks.append(f"index term {term!r} ({word})")
    return leaks


def byte_leaks(written: dict[str, bytes], logs: bytes) -> list[str]:
    """Each planted value found in a stored file, a temporary file or the logs, case-folded
    where ASCII (a name in capitals is the same name)."""
    leaks = []
    places = {**written, "logs": logs}
    for secret in sorted(privacy_corpus.secrets()):
        needle = secret.encode("utf-8").lower()
        leaks += [f"{place}: {secret}" for place, data in places.items() if needle in data.lower()]
    return leaks


@pytest.mark.slow
def test_no_planted_pii_in_stored_bytes_index_or_logs(store: Store, tmp_path: Path) -> None:
    """Process the corpus with a private TMPDIR, search it (which fills the keyword index), then
    grep every byte of the data folder (SQLite file, WAL, blobs) or a pg_dump, the TMPDIR and the
    logs, and read the index vocabulary."""
    paths = write_corpus(tmp_path / "in")
    temp = tmp_path / "tmp"
    temp.mkdir()
    run = process_files(store, paths, TMPDIR=str(temp))
    results = json.loads(run.stdout)
    assert {r["status"] for r in results} <= {"completed", "partial"}, results
    logs = run.stderr
    candidates = {Path(r["file"]).name: r["candidate"]["id"] for r in results}
    for query, expected in SEARCHES.items():
        found = cli("search", query, "--json", data_dir=store.data, **store.env())
        logs += found.stderr.encode()
        wanted = {c for name, c in candidates.items() if name.startswith(expected)}
        hits = [hit["candidate_id"] for hit in json.loads(found.stdout)["results"]]
        assert wanted & set(hits[:2]), (query, expected, hits, found.stderr[-2000:])
    written = store.written_bytes()
    written |= {f"TMPDIR/{p.name}": p.read_bytes() for p in temp.rglob("*") if p.is_file()}
    assert byte_leaks(written, logs) + term_leaks(index_terms(store)) == []
    shutil.rmtree(temp)


# The privacy corpus as the release before migration 0013 stored it (`resume-worker process`
# and a search at commit 96df81a, SQLite, its keyring in the data folder): its chunks, public
# profiles and keyword index hold planted names, birth dates and links in plaintext.
OLD_STORE = Path(__file__).parent / "fixtures" / "store_before_0013.tar.gz"
EMAILS = {
    "form": privacy_corpus.FORM_PERSON["email"],
    "resume.pdf": privacy_corpus.PDF_PERSON["email"],
    "resume.md": privacy_corpus.MARKDOWN_PERSON["email"],
    "resume.txt": privacy_corpus.TEXT_PERSON["email"],
}


@pytest.mark.slow
def test_candidates_redact_upgrades_an_old_database(tmp_path: Path) -> None:
    """`candidates redact` migrates the old data folder, re-redacts, re-chunks, re-embeds and
    re-indexes every version and compacts the database: no planted value is left in its bytes
    or its index vocabulary, and searches find the same people."""
    with tarfile.open(OLD_STORE) as archive:
        archive.extractall(tmp_path, filter="data")
    data = tmp_path / "data"
    store = Store(data)
    assert byte_leaks(store.written_bytes(), b"") != []  # the fixture does hold plaintext PII
    done = cli("candidates", "redact", "--json", data_dir=data)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["versions"] == len(store.rows("SELECT id FROM candidate_versions"))
    assert store.rows("SELECT count(*) FROM candidate_versions WHERE redaction = 0") == [(0,)]
    for query, expected in SEARCHES.items():
        found = cli("search", query, "--json", data_dir=data)
        top = json.loads(found.stdout)["results"][0]["candidate_id"]
        shown = cli("candidates", "show", top, "--reveal-pii", "--json", data_dir=data)
        assert json.loads(shown.stdout)["profile"]["emails"] == [EMAILS[expected]], query
    again = cli("candidates", "redact", "--json", data_dir=data)
    assert json.loads(again.stdout)["versions"] == 0
    assert byte_leaks(store.written_bytes(), done.stderr.encode()) == []
    assert term_leaks(index_terms(store)) == []
