"""Keyring parsing and validation, AES-GCM field encryption and blind indexes."""

from __future__ import annotations

import base64
import os
import stat
import threading
from pathlib import Path

import pytest

from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.privacy.crypto import (
    EXAMPLE_KEY_B64,
    Keyring,
    KeyringError,
    field_aad,
    key_id_of,
    load_or_create_dev_keyring,
    parse_keyring,
)


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def random_keyring(primary: str = "k2") -> Keyring:
    spec = f"k1:{b64(os.urandom(32))},k2:{b64(os.urandom(32))}"
    keyring, problems = parse_keyring(spec, primary, b64(os.urandom(32)), production=True)
    assert problems == []
    return keyring


def test_round_trip_and_key_id_in_ciphertext() -> None:
    """A field encrypts under the primary key and decrypts with the same AAD."""
    keyring = random_keyring()
    aad = field_aad("t1", "rec-1", "emails")
    blob = keyring.encrypt(b"gildong@example.com", aad)
    assert b"gildong" not in blob
    assert key_id_of(blob) == "k2"
    assert keyring.decrypt(blob, aad) == b"gildong@example.com"


def test_ciphertext_moved_to_another_row_or_field_fails() -> None:
    """AAD binds tenant, record and field: a moved ciphertext fails with ENCRYPTION_ERROR."""
    keyring = random_keyring()
    blob = keyring.encrypt(b"010-1234-5678", field_aad("t1", "rec-1", "phones"))
    for aad in (
        field_aad("t2", "rec-1", "phones"),
        field_aad("t1", "rec-2", "phones"),
        field_aad("t1", "rec-1", "emails"),
    ):
        with pytest.raises(WorkerError) as caught:
            keyring.decrypt(blob, aad)
        assert caught.value.code is ErrorCode.ENCRYPTION_ERROR


def test_older_keys_still_decrypt_after_rotation() -> None:
    """A ciphertext made under k1 decrypts once k2 became primary."""
    k1, k2, blind = os.urandom(32), os.urandom(32), os.urandom(32)
    old, _ = parse_keyring(f"k1:{b64(k1)}", "k1", b64(blind), production=True)
    blob = old.encrypt(b"x", b"aad")
    new, _ = parse_keyring(f"k1:{b64(k1)},k2:{b64(k2)}", "k2", b64(blind), production=True)
    assert new.decrypt(blob, b"aad") == b"x"
    assert key_id_of(new.encrypt(b"x", b"aad")) == "k2"


def test_nonces_are_random() -> None:
    """The same plaintext never encrypts to the same bytes."""
    keyring = random_keyring()
    assert keyring.encrypt(b"same", b"a") != keyring.encrypt(b"same", b"a")


# Random keys are drawn once at import; each case is named by its message fragment so that
# parallel test workers (pytest-xdist) collect the same ids.
UNSAFE_KEYS = [
    ("", "", "", "CRYPTO__KEYS is empty"),
    ("k1:notbase64!!", "k1", None, "not valid base64"),
    (f"k1:{b64(b'short')}", "k1", None, "must be 32 bytes"),
    (f"k1:{b64(os.urandom(32))}", "k9", None, "PRIMARY_KEY_ID"),
    (f"k1:{b64(os.urandom(32))}", "k1", "", "BLIND_INDEX_KEY is required"),
    (f"k1:{b64(bytes(32))}", "k1", None, "too little entropy"),
    (f"k1:{EXAMPLE_KEY_B64}", "k1", None, "example key"),
    ("bad id:" + b64(os.urandom(32)), "", None, "key ids"),
]


@pytest.mark.parametrize(
    ("spec", "primary", "blind", "fragment"), UNSAFE_KEYS, ids=[case[3] for case in UNSAFE_KEYS]
)
def test_unsafe_keys_are_refused_in_production_naming_the_setting(
    spec: str, primary: str, blind: str | None, fragment: str
) -> None:
    """Each unsafe configuration is refused with a message naming the setting."""
    blind_value = b64(os.urandom(32)) if blind is None else blind
    with pytest.raises(KeyringError, match=fragment) as caught:
        parse_keyring(spec, primary, blind_value, production=True)
    assert "RESUME_WORKER_CRYPTO__" in str(caught.value)


def test_reused_key_refused_in_production_warned_in_development() -> None:
    """One key for data and blind index is refused in production, a warning in development."""
    key = b64(os.urandom(32))
    with pytest.raises(KeyringError, match="reuses the key"):
        parse_keyring(f"k1:{key}", "k1", key, production=True)
    _, problems = parse_keyring(f"k1:{key}", "k1", key, production=False)
    assert any("reuses the key" in p for p in problems)


def test_blind_index_is_keyed_per_field_and_deterministic() -> None:
    """Same value and field -> same digest; other field or key -> different digest."""
    keyring = random_keyring()
    assert keyring.blind_index("email", "a@example.com") == keyring.blind_index(
        "email", "a@example.com"
    )
    assert keyring.blind_index("email", "a@example.com") != keyring.blind_index(
        "name", "a@example.com"
    )
    assert keyring.blind_index("email", "a@example.com") != random_keyring().blind_index(
        "email", "a@example.com"
    )


def test_dev_keyring_created_once_private_and_shared_by_racers(tmp_path: Path) -> None:
    """Racing creators all end with the same complete keyring file, mode 0600."""
    path = tmp_path / "data" / "keyring.json"
    results: list[tuple[Keyring, bool]] = []
    threads = [
        threading.Thread(target=lambda: results.append(load_or_create_dev_keyring(path)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(created for _, created in results) == 1
    assert len({keyring.keys["dev1"] for keyring, _ in results}) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["keyring.json"]


def test_disabled_key_is_refused_and_cannot_be_primary() -> None:
    """A ciphertext under a disabled key fails with ENCRYPTION_ERROR; disabling the primary is
    a configuration error naming the setting."""
    k1, k2, blind = b64(os.urandom(32)), b64(os.urandom(32)), b64(os.urandom(32))
    old, _ = parse_keyring(f"k1:{k1}", "k1", blind, production=True)
    sealed = old.encrypt(b"x", b"aad")
    both, _ = parse_keyring(f"k1:{k1},k2:{k2}", "k2", blind, production=True)
    assert both.decrypt(sealed, b"aad") == b"x"
    disabled, _ = parse_keyring(
        f"k1:{k1},k2:{k2}", "k2", blind, production=True, disabled_key_ids=["k1"]
    )
    with pytest.raises(WorkerError) as caught:
        disabled.decrypt(sealed, b"aad")
    assert caught.value.code is ErrorCode.ENCRYPTION_ERROR
    with pytest.raises(KeyringError, match="CRYPTO__DISABLED_KEY_IDS"):
        parse_keyring(f"k1:{k1}", "k1", blind, production=True, disabled_key_ids=["k1"])
