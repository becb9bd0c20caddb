"""Where keys come from: settings, a secrets folder, or the development keyring."""

from __future__ import annotations

from pathlib import Path

import pytest

from resume_worker.composition.keyring import load_keyring_from
from resume_worker.privacy.crypto import KeyringError
from resume_worker.settings import Settings
from tests.stored_data import new_key


def test_keys_from_a_secrets_folder(tmp_path: Path) -> None:
    """Key files in crypto.secrets_dir stand in for the settings; a key given both ways, or no
    key at all in production, is refused with the setting named."""
    k1, blind = new_key(), new_key()
    folder = tmp_path / "secrets"
    folder.mkdir()
    (folder / "keys").write_text(f"k1:{k1}\n")
    (folder / "primary_key_id").write_text("k1\n")
    (folder / "blind_index_key").write_text(blind)
    settings = Settings(env="production", data_dir=tmp_path, crypto={"secrets_dir": str(folder)})
    loaded = load_keyring_from(settings)
    assert loaded.source == "secrets_dir" and loaded.keyring.primary_key_id == "k1"
    assert loaded.keyring.decrypt(loaded.keyring.encrypt(b"x", b"a"), b"a") == b"x"
    twice = Settings(data_dir=tmp_path, crypto={"secrets_dir": str(folder), "keys": f"k1:{k1}"})
    with pytest.raises(KeyringError, match="RESUME_WORKER_CRYPTO__KEYS is set and also"):
        load_keyring_from(twice)
    (folder / "keys").unlink()
    with pytest.raises(KeyringError, match="RESUME_WORKER_CRYPTO__KEYS"):
        load_keyring_from(settings)


def test_development_without_keys_uses_the_dev_keyring(tmp_path: Path) -> None:
    """No keys in development: the data folder's keyring, created once, reported as its source."""
    first = load_keyring_from(Settings(data_dir=tmp_path))
    second = load_keyring_from(Settings(data_dir=tmp_path))
    assert (first.source, first.created, second.created) == ("dev_keyring", True, False)
    assert first.keyring.keys == second.keyring.keys
