"""Stage 6: encrypt every PII field, compute blind indexes and redact PII from all public text."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from resume_worker.core.models import (
    CandidateProfile,
    Ciphertext,
    ExtractedText,
    ProtectedProfile,
    ValidatedProfile,
)
from resume_worker.privacy.blind_indexes import blind_indexes
from resume_worker.privacy.crypto import Keyring, field_aad
from resume_worker.stages.redaction import KnownPii, Redactor, is_placeholder

PII_FIELDS = (
    "name",
    "name_variants",
    "emails",
    "phones",
    "birth_year",
    "gender",
    "address",
    "links",
)


def protect(
    validated: ValidatedProfile,
    text: ExtractedText,
    *,
    keyring: Keyring,
    tenant_id: str,
    record_id: str,
) -> ProtectedProfile:
    """Split the profile into ciphertexts (PII) and a public part whose free text is redacted."""
    profile = validated.profile
    pii_values = profile.model_dump(include=set(PII_FIELDS))
    pii = {
        name: Ciphertext(
            keyring.encrypt(
                json.dumps(value, ensure_ascii=False).encode("utf-8"),
                field_aad(tenant_id, record_id, name),
            )
        )
        for name, value in pii_values.items()
        if value not in (None, [], "")
    }

    redactor = Redactor.of(text.text, known_pii(profile))
    return ProtectedProfile(
        record_id=record_id,
        public=public_profile(profile, redactor.value),
        pii=pii,
        blind_indexes=blind_indexes(profile, keyring),
        redacted_text=redactor.text(),
        field_confidence=dict(validated.field_confidence),
        field_sources={k: v for k, v in validated.field_sources.items() if k not in PII_FIELDS},
        warnings=validated.warnings,
    )


def known_pii(profile: CandidateProfile) -> KnownPii:
    """The personal values the analyst found in `profile`, for redaction."""
    literals = [*profile.emails, *profile.links]
    if profile.address:
        literals.append(profile.address)
    names = tuple(n for n in (profile.name, *profile.name_variants) if n)
    return KnownPii(names=names, phones=tuple(profile.phones), literals=tuple(literals))


def public_profile(profile: CandidateProfile, scrub: Callable[[str], str]) -> CandidateProfile:
    """The profile without its PII fields, every other text in it redacted: a value the analyst
    put in the wrong field (a family member's name among the skills) is not stored either; a
    value of nothing but placeholders is dropped."""
    cleared = {name: CandidateProfile.model_fields[name].get_default() for name in PII_FIELDS}
    public = profile.model_copy(update=cleared).model_dump()
    return CandidateProfile.model_validate(_scrubbed(public, scrub))


def _scrubbed(value: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        redacted = scrub(value)
        return None if is_placeholder(redacted) else redacted
    if isinstance(value, list):
        items = [_scrubbed(item, scrub) for item in value]
        return [item for item in items if item is not None]
    if isinstance(value, dict):
        return {key: _scrubbed(item, scrub) for key, item in value.items()}
    return value
