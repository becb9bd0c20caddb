"""Stage 6: encrypt every PII field, compute blind indexes and redact PII from all public text."""

from __future__ import annotations

import json
from collections.abc import Callable

from resume_worker.core.models import (
    CandidateProfile,
    Ciphertext,
    ExtractedText,
    ProtectedProfile,
    ValidatedProfile,
)
from resume_worker.privacy.blind_indexes import blind_indexes
from resume_worker.privacy.crypto import Keyring, field_aad
from resume_worker.stages.redaction import KnownPii, redact

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

    known = known_pii(profile)

    def scrub(value: str) -> str:
        return redact(value, known)

    return ProtectedProfile(
        record_id=record_id,
        public=_public_profile(profile, scrub),
        pii=pii,
        blind_indexes=blind_indexes(profile, keyring),
        redacted_text=scrub(text.text),
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


def _public_profile(profile: CandidateProfile, scrub: Callable[[str], str]) -> CandidateProfile:
    careers = [
        c.model_copy(update={"responsibilities": [scrub(r) for r in c.responsibilities]})
        for c in profile.careers
    ]
    projects = [
        p.model_copy(update={"description": scrub(p.description) if p.description else None})
        for p in profile.projects
    ]
    cleared = {name: CandidateProfile.model_fields[name].get_default() for name in PII_FIELDS}
    return profile.model_copy(
        update={
            **cleared,
            "careers": careers,
            "projects": projects,
            "summary": scrub(profile.summary) if profile.summary else None,
        }
    )
