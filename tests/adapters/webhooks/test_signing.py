"""Standard Webhooks signatures: the spec's published test vector, and headers the reference
implementation (the `standardwebhooks` package) verifies, with both secrets while rotating."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from resume_worker.adapters.webhooks.signing import (
    SecretError,
    new_secret,
    parse_secret,
    parse_secrets,
    sign,
    signature_header,
)

# The test vector of the spec's reference libraries (libraries/*/tests in standard-webhooks).
VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TIMESTAMP = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_spec_test_vector() -> None:
    """whsec_MfKQ... signs msg_p5jX....1614265330.{"test": 2432232314} as g0hM9SsE...OE=."""
    key = parse_secret(VECTOR_SECRET)
    assert sign(key, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY) == VECTOR_SIGNATURE
    reference = Webhook(VECTOR_SECRET).sign(
        VECTOR_ID, datetime.fromtimestamp(VECTOR_TIMESTAMP, UTC), VECTOR_BODY.decode()
    )
    assert reference == VECTOR_SIGNATURE


def headers_for(secrets: str, body: bytes, msg_id: str = "msg_1") -> dict[str, str]:
    timestamp = int(datetime.now(UTC).timestamp())
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(parse_secrets(secrets), msg_id, timestamp, body),
    }


def test_reference_implementation_verifies_our_headers() -> None:
    """standardwebhooks.Webhook.verify accepts our id, timestamp and signature for the body,
    and refuses the same headers on a changed body or with another secret."""
    secret, body = new_secret(), b'{"type":"job.completed","data":{"job_id":"j1"}}'
    headers = headers_for(secret, body)
    assert Webhook(secret).verify(body, headers)["type"] == "job.completed"
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace(b"j1", b"j2"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers)


def test_rotation_signs_with_every_current_secret() -> None:
    """With two secrets the header holds two space-separated v1 signatures: a receiver still on
    the old secret and one already on the new secret both verify the same request."""
    old, new = new_secret(), new_secret()
    body = b'{"ok":true}'
    headers = headers_for(f"{old}, {new}", body)
    assert [part.split(",")[0] for part in headers["webhook-signature"].split(" ")] == ["v1", "v1"]
    assert Webhook(old).verify(body, headers) == {"ok": True}
    assert Webhook(new).verify(body, headers) == {"ok": True}


@pytest.mark.parametrize(
    "text",
    [
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",  # no whsec_ prefix
        "whsec_not base64!",
        "whsec_" + base64.b64encode(b"short").decode(),
        "whsec_" + base64.b64encode(bytes(65)).decode(),
    ],
)
def test_bad_secrets_are_refused(text: str) -> None:
    """A secret is whsec_ + base64 of 24 to 64 bytes; anything else is a SecretError."""
    with pytest.raises(SecretError):
        parse_secret(text)


def test_secret_lists_and_no_secret() -> None:
    """Comma- or space-separated lists keep their order; signing needs at least one."""
    a, b = new_secret(), new_secret()
    assert (
        parse_secrets(f"{a},{b}")
        == parse_secrets(f" {a}  {b} ")
        == (
            parse_secret(a),
            parse_secret(b),
        )
    )
    assert parse_secrets("") == ()
    with pytest.raises(SecretError):
        signature_header((), "msg_1", 1, b"{}")
