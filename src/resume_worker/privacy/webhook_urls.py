"""Webhook URLs at rest and on display. A URL may carry the receiver's token in its path or
query, so it is stored sealed with the keyring (bound to its tenant, its row and its column),
found by a keyed digest instead of its text, and shown as its scheme and host only."""

from __future__ import annotations

from urllib.parse import urlsplit

from resume_worker.privacy.crypto import Keyring, field_aad

# The AAD field of each column that holds a sealed webhook URL (the row id is the owner).
SUBMISSION_URL_FIELD = "submission_webhook_url"
ENDPOINT_URL_FIELD = "webhook_endpoint_url"
# The blind-index field of an endpoint's URL digest.
DIGEST_FIELD = "webhook_url"
HIDDEN = "***"


def seal_webhook_url(
    keyring: Keyring, url: str, *, tenant_id: str, row_id: str, field: str
) -> bytes:
    """The URL encrypted under the primary key for this tenant, row and column."""
    return keyring.encrypt(url.encode("utf-8"), field_aad(tenant_id, row_id, field))


def open_webhook_url(
    keyring: Keyring,
    sealed: bytes | None,
    plaintext: str | None,
    *,
    tenant_id: str,
    row_id: str,
    field: str,
) -> str | None:
    """A row's URL: decrypted, or the plaintext a version before encryption stored (until
    encrypt_stored_webhook_urls seals it); None when the row has none."""
    if sealed is None:
        return plaintext
    return keyring.decrypt(sealed, field_aad(tenant_id, row_id, field)).decode("utf-8")


def webhook_url_digest(keyring: Keyring, tenant_id: str, url: str) -> str:
    """The keyed digest that finds a tenant's endpoint by its exact URL and keeps it unique.
    The tenant is hashed with the URL, so two tenants' digests of one URL differ."""
    return keyring.blind_index(DIGEST_FIELD, f"{tenant_id}\x1f{url}")


def webhook_url_origin(url: str) -> str:
    """`scheme://host[:port]` of a URL, for listings and messages: never its credentials, path
    or query. *** when it does not parse."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return HIDDEN
    if not parts.scheme or not host:
        return HIDDEN
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")
