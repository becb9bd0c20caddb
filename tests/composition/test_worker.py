"""A worker process's start-up check migrates the database, then encrypts the webhook URLs an
older version stored in plaintext, with the keys the worker runs with."""

from __future__ import annotations

from pathlib import Path

from resume_worker.composition.keyring import load_keyring
from resume_worker.composition.shared import build_shared
from resume_worker.composition.worker import check_ready
from resume_worker.privacy.webhook_urls import SUBMISSION_URL_FIELD, open_webhook_url
from resume_worker.settings import Settings
from tests.adapters.sql.test_webhook_urls import SUBMITTED, old_database
from tests.stored_data import Store


def test_check_ready_encrypts_plaintext_webhook_urls(tmp_path: Path) -> None:
    """An old database's submission and endpoint URLs are sealed by the check (under the data
    folder's development keyring here) and their plaintext is gone."""
    store = Store(tmp_path / "data")
    old_database(store)
    settings = Settings(data_dir=store.data)
    check_ready(settings, build_shared(settings))
    assert store.rows("SELECT url FROM webhook_endpoints WHERE url_enc IS NOT NULL") == [(None,)]
    ((sealed, plaintext),) = store.rows("SELECT webhook_url_enc, webhook_url FROM api_submissions")
    where = {"tenant_id": "tenant-a", "row_id": "s1", "field": SUBMISSION_URL_FIELD}
    opened = open_webhook_url(load_keyring(settings), sealed, plaintext, **where)
    assert (plaintext, opened) == (None, SUBMITTED)
