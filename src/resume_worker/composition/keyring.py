"""Where the keyring comes from: settings, a secrets directory, or the development keyring file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import structlog

from resume_worker.privacy.crypto import (
    Keyring,
    KeyringError,
    load_or_create_dev_keyring,
    parse_keyring,
)
from resume_worker.settings import Settings

log = structlog.get_logger("resume_worker.services")
# File name in crypto.secrets_dir -> the setting it stands in for.
SECRET_FILES = ("keys", "primary_key_id", "blind_index_key", "disabled_key_ids")


@dataclass(frozen=True)
class LoadedKeyring:
    """A keyring with where it came from and its weaknesses (refused in production)."""

    keyring: Keyring
    source: str
    weaknesses: tuple[str, ...] = ()
    created: bool = False


def key_values(settings: Settings) -> dict[str, str]:
    """The four key settings, each from the environment/config or else from its secrets file.

    A value given both ways is refused: two sources for one key are a deployment mistake.
    """
    crypto = settings.crypto
    given = {
        "keys": crypto.keys.get_secret_value(),
        "primary_key_id": crypto.primary_key_id,
        "blind_index_key": crypto.blind_index_key.get_secret_value(),
        "disabled_key_ids": crypto.disabled_key_ids,
    }
    if not crypto.secrets_dir:
        return given
    folder = Path(crypto.secrets_dir)
    if not folder.is_dir():
        raise KeyringError("RESUME_WORKER_CRYPTO__SECRETS_DIR is not a readable folder")
    for name in SECRET_FILES:
        path = folder / name
        if not path.is_file():
            continue
        if given[name].strip():
            raise KeyringError(
                f"RESUME_WORKER_CRYPTO__{name.upper()} is set and also given as a file in "
                "CRYPTO__SECRETS_DIR; keep one"
            )
        given[name] = path.read_text(encoding="utf-8").strip()
    return given


def load_keyring_from(settings: Settings) -> LoadedKeyring:
    """Configured keys (settings or secrets folder); in development without keys, the data
    folder's dev keyring. Raises KeyringError naming the setting when the keys cannot be used."""
    production = settings.env == "production"
    values = key_values(settings)
    warn_at = settings.crypto.warn_encryptions
    if values["keys"]:
        keyring, weaknesses = parse_keyring(
            values["keys"],
            values["primary_key_id"],
            values["blind_index_key"],
            production=production,
            disabled_key_ids=values["disabled_key_ids"].split(","),
            warn_encryptions=warn_at,
        )
        source = "secrets_dir" if settings.crypto.secrets_dir else "settings"
        return LoadedKeyring(keyring, source, tuple(weaknesses))
    if production:
        raise KeyringError(
            "RESUME_WORKER_CRYPTO__KEYS (or a `keys` file in CRYPTO__SECRETS_DIR) is required "
            "when RESUME_WORKER_ENV=production"
        )
    path = Path(settings.data_dir) / "keyring.json"
    keyring, created = load_or_create_dev_keyring(path, warn_encryptions=warn_at)
    return LoadedKeyring(keyring, "dev_keyring", (), created)


def load_keyring(settings: Settings) -> Keyring:
    """Configured keys (settings or crypto.secrets_dir); in development without keys, the data
    folder's dev keyring (see load_keyring_from)."""
    loaded = load_keyring_from(settings)
    for weakness in loaded.weaknesses:
        log.warning("weak key allowed in development", problem=weakness)
    if loaded.created:
        log.warning("created a development keyring; set RESUME_WORKER_CRYPTO__KEYS in production")
    return loaded.keyring
