"""`candidates redact`: bring the stored text of every candidate version up to the current
redaction scheme (core.pii.REDACTION_SCHEME), for data stored by an older release.

A version's redacted text is rebuilt from its raw chunks (raw_full and the raw sections, which
cover the whole text at their offsets), redacted again with the decrypted PII fields and the
document's structure, cut into chunks and embedded anew; its public profile is redacted again
too. Each version is replaced in its own transaction, so a stopped pass is finished by running
it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from resume_worker.core.models import ProtectedProfile
from resume_worker.core.pii import REDACTION_SCHEME
from resume_worker.core.ports.candidates import StoredText, StoredTextAdmin
from resume_worker.core.ports.embedder import Embedder
from resume_worker.jobs.results import decrypt_profile
from resume_worker.privacy.crypto import Keyring
from resume_worker.stages.chunk_embed import ChunkSizes, chunk_embed
from resume_worker.stages.protect import known_pii, public_profile
from resume_worker.stages.redaction import Redactor

BATCH = 20


@dataclass
class RedactReport:
    versions: int = 0
    chunks: int = 0


@dataclass(frozen=True)
class Chunking:
    """How the pipeline cuts and embeds chunks."""

    embedder: Embedder
    sizes: ChunkSizes
    batch_size: int


async def redact_stored(
    store: StoredTextAdmin,
    keyring: Keyring,
    chunking: Chunking,
    *,
    tenant_id: str | None = None,
    on_version: Callable[[RedactReport], None] = lambda _report: None,
) -> RedactReport:
    """Re-redact, re-chunk and re-embed every version below the current scheme (the caller
    refreshes the keyword index and compacts the database after)."""
    report = RedactReport()
    while batch := await store.unredacted(
        scheme=REDACTION_SCHEME, tenant_id=tenant_id, limit=BATCH
    ):
        for stored in batch:
            protected = redacted_again(stored, keyring)
            chunks = await chunk_embed(
                protected,
                embedder=chunking.embedder,
                sizes=chunking.sizes,
                batch_size=chunking.batch_size,
            )
            await store.replace_text(protected, chunks, REDACTION_SCHEME)
            report.versions += 1
            report.chunks += len(chunks.items)
            on_version(report)
    return report


def redacted_again(stored: StoredText, keyring: Keyring) -> ProtectedProfile:
    """The version's public profile and text redacted by the current scheme (no PII cells:
    those stay as stored)."""
    record = stored.record
    text = stored_text(stored.raw_chunks)
    redactor = Redactor.of(text, known_pii(decrypt_profile(record, keyring)))
    return ProtectedProfile(
        record_id=record.record_id,
        public=public_profile(record.public, redactor.value),
        pii={},
        blind_indexes=(),
        redacted_text=redactor.text(),
        field_confidence=record.field_confidence,
        field_sources={},
        warnings=record.warnings,
    )


def stored_text(raw_chunks: tuple[tuple[str, int, int, str], ...]) -> str:
    """The redacted text a version's raw chunks were cut from, each at its offsets (a gap no
    chunk covers, which the chunk plan never leaves, becomes a line break)."""
    end = max((stop for _, _, stop, _ in raw_chunks), default=0)
    letters = ["\n"] * end
    for _, start, stop, body in raw_chunks:
        letters[start:stop] = body[: stop - start].ljust(stop - start)
    return "".join(letters)
