"""The typed records that flow one way through the pipeline, from a file to a stored candidate."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from resume_worker.core.document import Block, ExtractedText, FileFormat, PageText, ValidatedFile
from resume_worker.core.errors import ErrorCode
from resume_worker.core.profile import CandidateProfile, Career, Education, Project

__all__ = [
    "Analysis",
    "BlindField",
    "BlindIndex",
    "Block",
    "CandidateProfile",
    "Career",
    "Chunk",
    "ChunkKind",
    "Chunks",
    "Ciphertext",
    "Education",
    "EmbeddedChunk",
    "ExtractedText",
    "FileFormat",
    "Job",
    "JobOutcome",
    "JobStatus",
    "LedgerKind",
    "PageText",
    "Project",
    "ProtectedProfile",
    "SourceSpan",
    "StoredCandidate",
    "StoredRecord",
    "Usage",
    "ValidatedFile",
    "ValidatedProfile",
]

BlindField = Literal["email", "phone", "name"]
ChunkKind = Literal["summary", "career", "project", "skill", "education", "raw_full", "raw_section"]


class JobStatus(str, Enum):
    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    PARTIAL = "partial"
    REJECTED = "rejected"
    FAILED = "failed"

    @property
    def is_terminal(self) -> bool:
        return self not in (JobStatus.QUEUED, JobStatus.PROCESSING)


# --- stage 4: analyze (the profile schema itself lives in profile.py) ------------------------


@dataclass(frozen=True)
class SourceSpan:
    """Where a value was read: page and character offsets into ExtractedText.text."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class Usage:
    """Tokens and cost of a job's LLM calls: counts and money only, never text.

    `cost` is in the currency of the price table (llm.prices); None when a model had no price.
    """

    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float | None = 0.0

    def plus(self, other: Usage | None) -> Usage:
        if other is None:
            return self
        cost = None if self.cost is None or other.cost is None else self.cost + other.cost
        return Usage(
            self.calls + other.calls,
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            None if cost is None else round(cost, 8),
        )


def total_usage(*parts: Usage | None) -> Usage | None:
    """The sum of the parts that called an LLM, or None when none did."""
    found = [part for part in parts if part is not None]
    if not found:
        return None
    total = Usage()
    for part in found:
        total = total.plus(part)
    return total


@dataclass(frozen=True)
class Analysis:
    """An analyst's answer: the profile plus per-field confidence (0..1) and source spans, and
    the LLM usage it took (None for an analyst that calls no LLM)."""

    profile: CandidateProfile
    field_confidence: dict[str, float] = field(default_factory=dict)
    field_sources: dict[str, SourceSpan] = field(default_factory=dict)
    usage: Usage | None = None


# --- stage 5: validate ------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidatedProfile:
    """A normalised profile: every kept value was found in the source; career months computed."""

    profile: CandidateProfile
    field_confidence: dict[str, float]
    field_sources: dict[str, SourceSpan]
    warnings: tuple[str, ...] = ()


# --- stage 6: protect -------------------------------------------------------------------------


@dataclass(frozen=True)
class Ciphertext:
    """AES-256-GCM output (version byte, key id, nonce, ciphertext+tag). Never plaintext."""

    blob: bytes = field(repr=False)


@dataclass(frozen=True)
class BlindIndex:
    """An HMAC-SHA256 of a normalised PII value, for equality lookups without decryption."""

    field: BlindField
    version: int
    digest: str


@dataclass(frozen=True)
class ProtectedProfile:
    """What may be stored: PII only as ciphertext and blind indexes, everything else public.

    `public` is the profile with every PII field removed; `pii` maps a field name to its
    ciphertext; `redacted_text` is the source text with PII replaced by placeholders.
    """

    record_id: str
    public: CandidateProfile
    pii: dict[str, Ciphertext] = field(repr=False)
    blind_indexes: tuple[BlindIndex, ...]
    redacted_text: str = field(repr=False)
    field_confidence: dict[str, float]
    field_sources: dict[str, SourceSpan]
    warnings: tuple[str, ...] = ()


# --- stage 7: chunk_embed ---------------------------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    """One piece of a candidate version (`record_id`) to embed and search: its kind, its place
    among the version's chunks, its (redacted) text, and the span of the redacted text it comes
    from ((0, 0) for a structured chunk none of whose values occur there verbatim)."""

    record_id: str
    kind: ChunkKind
    order: int
    text: str = field(repr=False)
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class EmbeddedChunk:
    """A chunk with its vector, or with `vector=None` when embedding it failed."""

    chunk: Chunk
    vector: tuple[float, ...] | None = field(repr=False)
    model: str
    dim: int


@dataclass(frozen=True)
class Chunks:
    items: tuple[EmbeddedChunk, ...]
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> int:
        return sum(1 for item in self.items if item.vector is None)


# --- stage 8: store, and the job itself -------------------------------------------------------


@dataclass(frozen=True)
class StoredCandidate:
    candidate_id: str
    version: int
    record_id: str
    created: bool
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Job:
    """One file of one tenant. The file itself lives in the blob store under `blob_key` ("" when
    there is none: a job rejected at acceptance, or one whose candidate was erased)."""

    id: str
    tenant_id: str
    status: JobStatus
    file_ext: str
    blob_key: str
    attempts: int = 0
    error_code: ErrorCode | None = None
    error_message: str | None = None
    file_name: Ciphertext | None = field(default=None, repr=False)


@dataclass(frozen=True)
class JobOutcome:
    """How a job ended: what `process --json` and `jobs show` report (PII still encrypted)."""

    job_id: str
    status: JobStatus
    error_code: ErrorCode | None = None
    error_message: str | None = None
    candidate_id: str | None = None
    version: int | None = None
    record_id: str | None = None
    chunks: int = 0
    warnings: tuple[str, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    usage: Usage | None = None


LedgerKind = Literal["grant", "reserve", "charge", "release", "refund"]


@dataclass(frozen=True)
class StoredRecord:
    """One stored candidate version as read back: public profile plus PII ciphertexts."""

    record_id: str
    candidate_id: str
    tenant_id: str
    version: int
    job_id: str
    is_latest: bool
    public: CandidateProfile
    pii: dict[str, Ciphertext] = field(repr=False)
    field_confidence: dict[str, float]
    field_sources: dict[str, SourceSpan]
    warnings: tuple[str, ...]
