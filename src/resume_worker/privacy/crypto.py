"""Keys and the cryptography that uses them: the keyring, AES-256-GCM fields and HMAC blind indexes.

Ciphertext layout: version byte 0x01, key-id length (1 byte), key id (ASCII), 96-bit random nonce,
AES-GCM ciphertext with its tag. The key id travels with the ciphertext so older keys keep
decrypting after a rotation; the caller's AAD (tenant, record, field) binds a ciphertext to the row
and field it was written for.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from resume_worker.core.errors import ErrorCode, PermanentError, WorkerError

FORMAT_VERSION = 1
NONCE_BYTES = 12
KEY_BYTES = 32
BLIND_INDEX_VERSION = 1
KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
# The key printed in the README as an example; refusing it stops copy-pasted configs.
EXAMPLE_KEY_B64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
MIN_DISTINCT_BYTES = 12
# NIST SP 800-38D caps random-nonce AES-GCM at 2^32 encryptions per key; warn at half of that.
DEFAULT_WARN_ENCRYPTIONS = 2**31
# What the key census names bytes that are no ciphertext of ours.
UNREADABLE_KEY = "(unreadable)"


class KeyringError(ValueError):
    """The configured keys are missing or unsafe; the message names the setting."""


class EncryptionCounter:
    """Encryptions per key id made in this process and not yet added to the persisted counter.

    Thread-safe: jobs encrypt on the event loop and in worker threads alike.
    """

    def __init__(self, warn_at: int = DEFAULT_WARN_ENCRYPTIONS) -> None:
        self.warn_at = warn_at
        self._pending: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, key_id: str, count: int = 1) -> None:
        with self._lock:
            self._pending[key_id] = self._pending.get(key_id, 0) + count

    def take(self) -> dict[str, int]:
        """The pending counts, leaving none pending (give them back with `restore` on failure)."""
        with self._lock:
            taken, self._pending = self._pending, {}
        return taken

    def restore(self, counts: Mapping[str, int]) -> None:
        for key_id, count in counts.items():
            self.add(key_id, count)


@dataclass(frozen=True)
class Keyring:
    """Versioned data keys (the primary encrypts, all but the disabled decrypt) and a separate
    blind-index key. `usage` counts this process's encryptions per key id."""

    keys: dict[str, bytes] = field(repr=False)
    primary_key_id: str
    blind_index_key: bytes = field(repr=False)
    disabled: frozenset[str] = frozenset()
    usage: EncryptionCounter = field(default_factory=EncryptionCounter, repr=False, compare=False)

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        key_id = self.primary_key_id.encode("ascii")
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.primary_key_id]).encrypt(nonce, plaintext, aad)
        self.usage.add(self.primary_key_id)
        return bytes([FORMAT_VERSION, len(key_id)]) + key_id + nonce + sealed

    def decrypt(self, blob: bytes, aad: bytes) -> bytes:
        key_id, nonce, sealed = _split(blob)
        if key_id in self.disabled:
            raise PermanentError("ciphertext is under a disabled key", ErrorCode.ENCRYPTION_ERROR)
        key = self.keys.get(key_id)
        if key is None:
            raise PermanentError("ciphertext names an unknown key id", ErrorCode.ENCRYPTION_ERROR)
        try:
            return AESGCM(key).decrypt(nonce, sealed, aad)
        except InvalidTag as exc:
            raise PermanentError(
                "ciphertext does not authenticate for this record and field",
                ErrorCode.ENCRYPTION_ERROR,
            ) from exc

    def blind_index(self, field_name: str, normalized_value: str) -> str:
        """HMAC-SHA256 of a normalised value under a key derived for this field and version."""
        field_key = HKDF(
            algorithm=hashes.SHA256(),
            length=KEY_BYTES,
            salt=None,
            info=f"resume-worker blind-index v{BLIND_INDEX_VERSION} {field_name}".encode(),
        ).derive(self.blind_index_key)
        return hmac.new(field_key, normalized_value.encode("utf-8"), hashlib.sha256).hexdigest()

    @property
    def blind_index_version(self) -> int:
        """Which blind-index scheme and key made a digest: a 31-bit check value (HMAC of a fixed
        label) that changes with the key or BLIND_INDEX_VERSION, stored on every index row so a
        changed key is found per row and `keys rotate` can rebuild exactly the stale ones."""
        label = f"resume-worker blind-index check v{BLIND_INDEX_VERSION}".encode()
        check = hmac.new(self.blind_index_key, label, hashlib.sha256).digest()
        return int.from_bytes(check[:4], "big") & 0x7FFFFFFF


def key_id_of(blob: bytes) -> str:
    """The id of the key that sealed a ciphertext (for rotation and audits)."""
    return _split(blob)[0]


def key_id_or_unreadable(blob: bytes) -> str:
    """key_id_of, or UNREADABLE_KEY for bytes that are no ciphertext of ours (the census counts
    them under that name rather than failing)."""
    try:
        return key_id_of(blob)
    except WorkerError:
        return UNREADABLE_KEY


def _split(blob: bytes) -> tuple[str, bytes, bytes]:
    if len(blob) < 2 or blob[0] != FORMAT_VERSION:
        raise PermanentError("ciphertext has an unknown format", ErrorCode.ENCRYPTION_ERROR)
    id_end = 2 + blob[1]
    if len(blob) < id_end + NONCE_BYTES + 16:
        raise PermanentError("ciphertext is truncated", ErrorCode.ENCRYPTION_ERROR)
    key_id = blob[2:id_end].decode("ascii", errors="replace")
    return key_id, blob[id_end : id_end + NONCE_BYTES], blob[id_end + NONCE_BYTES :]


def parse_keyring(
    keys_spec: str,
    primary_key_id: str,
    blind_index_key_b64: str,
    *,
    production: bool,
    disabled_key_ids: Iterable[str] = (),
    warn_encryptions: int = DEFAULT_WARN_ENCRYPTIONS,
) -> tuple[Keyring, list[str]]:
    """Parse `id:base64,id:base64` plus the blind-index key; return the keyring and its warnings.

    Unusable keys (bad base64, wrong length, a disabled primary) are always refused. Weak keys
    (few distinct bytes, the documented example key, one key used for two roles) are refused in
    production and only warned about in development. Disabled key ids stay listed but every
    ciphertext under them is refused.
    """
    keys: dict[str, bytes] = {}
    for item in filter(None, (part.strip() for part in keys_spec.split(","))):
        key_id, _, encoded = item.partition(":")
        if not KEY_ID_PATTERN.match(key_id):
            raise KeyringError("RESUME_WORKER_CRYPTO__KEYS: key ids must match [A-Za-z0-9_-]{1,32}")
        if key_id in keys:
            raise KeyringError(f"RESUME_WORKER_CRYPTO__KEYS: key id {key_id!r} appears twice")
        keys[key_id] = _decode_key(encoded, f"RESUME_WORKER_CRYPTO__KEYS ({key_id})")
    if not keys:
        raise KeyringError("RESUME_WORKER_CRYPTO__KEYS is empty")
    primary = primary_key_id or next(iter(keys))
    if primary not in keys:
        raise KeyringError("RESUME_WORKER_CRYPTO__PRIMARY_KEY_ID names no key in CRYPTO__KEYS")
    disabled = _disabled(disabled_key_ids, primary)
    if not blind_index_key_b64:
        raise KeyringError("RESUME_WORKER_CRYPTO__BLIND_INDEX_KEY is required with CRYPTO__KEYS")
    blind = _decode_key(blind_index_key_b64, "RESUME_WORKER_CRYPTO__BLIND_INDEX_KEY")
    problems = _weaknesses(keys, blind)
    if problems and production:
        raise KeyringError("; ".join(problems))
    return Keyring(keys, primary, blind, disabled, EncryptionCounter(warn_encryptions)), problems


def _disabled(key_ids: Iterable[str], primary: str) -> frozenset[str]:
    disabled = frozenset(filter(None, (k.strip() for k in key_ids)))
    if primary in disabled:
        raise KeyringError(
            "RESUME_WORKER_CRYPTO__DISABLED_KEY_IDS lists the primary key; "
            "make another key primary first"
        )
    return disabled


def _decode_key(encoded: str, setting: str) -> bytes:
    try:
        raw = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyringError(f"{setting}: not valid base64") from exc
    if len(raw) != KEY_BYTES:
        raise KeyringError(f"{setting}: must be {KEY_BYTES} bytes, got {len(raw)}")
    return raw


def _weaknesses(keys: dict[str, bytes], blind: bytes) -> list[str]:
    problems = []
    example = base64.b64decode(EXAMPLE_KEY_B64)
    named = [(f"RESUME_WORKER_CRYPTO__KEYS ({kid})", key) for kid, key in keys.items()]
    named.append(("RESUME_WORKER_CRYPTO__BLIND_INDEX_KEY", blind))
    for setting, key in named:
        if key == example:
            problems.append(f"{setting}: is the example key from the documentation")
        elif len(set(key)) < MIN_DISTINCT_BYTES:
            problems.append(f"{setting}: has too little entropy (repeated bytes)")
    seen: dict[bytes, str] = {}
    for setting, key in named:
        if key in seen:
            problems.append(f"{setting}: reuses the key of {seen[key]}")
        seen.setdefault(key, setting)
    return problems


def load_or_create_dev_keyring(
    path: Path, *, warn_encryptions: int = DEFAULT_WARN_ENCRYPTIONS
) -> tuple[Keyring, bool]:
    """Read the development keyring file, creating it once (exclusive, mode 0600) when absent.

    Returns the keyring and whether it was created now. The file is written under a private
    name with O_EXCL and hard-linked into place, so two processes racing to create it both end up
    with the complete file the winner wrote.
    """
    created = False
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "primary_key_id": "dev1",
            "keys": {"dev1": base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()},
            "blind_index_key": base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode(),
        }
        staging = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle)
        try:
            os.link(staging, path)  # atomic and exclusive: readers never see a half-written file
            created = True
        except FileExistsError:
            pass
        finally:
            staging.unlink()
    document = json.loads(path.read_text(encoding="utf-8"))
    spec = ",".join(f"{kid}:{key}" for kid, key in document["keys"].items())
    keyring, _ = parse_keyring(
        spec,
        document["primary_key_id"],
        document["blind_index_key"],
        production=False,
        warn_encryptions=warn_encryptions,
    )
    return keyring, created


def field_aad(tenant_id: str, record_id: str, field_name: str) -> bytes:
    """Associated data that binds a ciphertext to one tenant, one record and one field."""
    return "\x1f".join(("resume-worker", tenant_id, record_id, field_name)).encode("utf-8")


def blob_aad(tenant_id: str, job_id: str) -> bytes:
    """The original file of a job is encrypted bound to its tenant and job."""
    return field_aad(tenant_id, job_id, "original_file")
