"""Blind indexes of a profile: keyed digests of its e-mails, phones and name for equality
lookups (deduplication), each with the keyring's blind-index version."""

from __future__ import annotations

from resume_worker.core.models import BlindField, BlindIndex, CandidateProfile
from resume_worker.core.pii import normalize_email, normalize_name, normalize_phone
from resume_worker.privacy.crypto import Keyring


def blind_indexes(profile: CandidateProfile, keyring: Keyring) -> tuple[BlindIndex, ...]:
    """Equality lookups for dedup: every email and phone, and the name without spaces. Each
    carries the keyring's blind-index version so rows of an older key can be found and rebuilt."""
    found: set[tuple[BlindField, str]] = {("email", normalize_email(e)) for e in profile.emails}
    found |= {("phone", normalize_phone(p)) for p in profile.phones}
    if profile.name:
        found.add(("name", normalize_name(profile.name)))
    version = keyring.blind_index_version
    return tuple(
        BlindIndex(field=field, version=version, digest=keyring.blind_index(field, value))
        for field, value in sorted(found)
    )
