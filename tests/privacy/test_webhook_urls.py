"""Webhook URLs at rest: sealed to their tenant, row and column; older plaintext read as it is;
a digest per tenant; shown as scheme and host only."""

from __future__ import annotations

import pytest

from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.privacy.webhook_urls import (
    ENDPOINT_URL_FIELD,
    SUBMISSION_URL_FIELD,
    open_webhook_url,
    seal_webhook_url,
    webhook_url_digest,
    webhook_url_origin,
)
from tests.privacy.test_crypto import random_keyring

URL = "https://hooks.example/in?token=s3cret"


def test_a_sealed_url_opens_only_for_its_tenant_row_and_column() -> None:
    """The ciphertext holds no part of the URL and opens with the same tenant, row and column
    only; a row without a ciphertext gives its older plaintext (or None)."""
    keyring = random_keyring()
    where = {"tenant_id": "t1", "row_id": "r1", "field": ENDPOINT_URL_FIELD}
    sealed = seal_webhook_url(keyring, URL, **where)
    assert b"s3cret" not in sealed and b"hooks" not in sealed
    assert open_webhook_url(keyring, sealed, None, **where) == URL
    for moved in ({"tenant_id": "t2"}, {"row_id": "r2"}, {"field": SUBMISSION_URL_FIELD}):
        with pytest.raises(WorkerError) as raised:
            open_webhook_url(keyring, sealed, None, **(where | moved))
        assert raised.value.code is ErrorCode.ENCRYPTION_ERROR
    assert open_webhook_url(keyring, None, URL, **where) == URL
    assert open_webhook_url(keyring, None, None, **where) is None


def test_the_digest_is_keyed_exact_and_per_tenant() -> None:
    """One URL gives one digest per tenant and key; another tenant, URL or key another."""
    keyring = random_keyring()
    digest = webhook_url_digest(keyring, "t1", URL)
    assert digest == webhook_url_digest(keyring, "t1", URL) and len(digest) == 64
    assert digest != webhook_url_digest(keyring, "t2", URL)
    assert digest != webhook_url_digest(keyring, "t1", URL + "x")
    assert digest != webhook_url_digest(random_keyring(), "t1", URL)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (URL, "https://hooks.example"),
        ("http://User:pw@Hooks.Example:8080/a/b?t=1#f", "http://hooks.example:8080"),
        ("http://[2001:db8::1]:9000/x?t=1", "http://[2001:db8::1]:9000"),
        ("not a url", "***"),
        ("http://host:99999/x", "***"),
        ("", "***"),
    ],
)
def test_the_origin_never_shows_credentials_path_or_query(url: str, shown: str) -> None:
    """scheme://host[:port], or *** for what does not parse."""
    assert webhook_url_origin(url) == shown
