"""Standard Webhooks signatures: `whsec_` secrets and `v1,<base64 HMAC-SHA256>` over
`{webhook-id}.{webhook-timestamp}.{body}`, one signature per current secret."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets as random_bytes

WHSEC_PREFIX = "whsec_"
MIN_SECRET_BYTES = 24
MAX_SECRET_BYTES = 64


class SecretError(ValueError):
    """A signing secret that is not `whsec_` followed by base64 of 24 to 64 bytes."""


def parse_secret(text: str) -> bytes:
    """The key bytes of one `whsec_<base64>` secret (the prefix is required: it tells a
    signing secret from any other value pasted into the setting)."""
    if not text.startswith(WHSEC_PREFIX):
        raise SecretError("a webhook secret starts with whsec_")
    try:
        key = base64.b64decode(text.removeprefix(WHSEC_PREFIX), validate=True)
    except binascii.Error:
        raise SecretError("a webhook secret is whsec_ followed by base64") from None
    if not MIN_SECRET_BYTES <= len(key) <= MAX_SECRET_BYTES:
        raise SecretError(f"a webhook secret holds {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES} bytes")
    return key


def parse_secrets(text: str) -> tuple[bytes, ...]:
    """Comma- or space-separated secrets, in order; empty text gives none."""
    return tuple(parse_secret(part) for part in text.replace(",", " ").split())


def new_secret() -> str:
    """A fresh random secret in the `whsec_` form (32 bytes)."""
    return WHSEC_PREFIX + base64.b64encode(random_bytes.token_bytes(32)).decode("ascii")


def sign(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 of HMAC-SHA256(key, "{msg_id}.{timestamp}.{body}")>`."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signature_header(keys: tuple[bytes, ...], msg_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature value: one signature per key, space-separated. While a secret is
    rotated both the old and the new one sign, so receivers on either verify."""
    if not keys:
        raise SecretError("no webhook secret to sign with")
    return " ".join(sign(key, msg_id, timestamp, body) for key in keys)
