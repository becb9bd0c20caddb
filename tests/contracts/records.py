"""Records for the repository contract suites: jobs, people (their blind indexes), protected
profiles with well-formed ciphertexts, chunks and outcomes, built directly (no keyring needed:
the repository stores ciphertexts and digests, it never opens them)."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from resume_worker.core.models import (
    BlindField,
    BlindIndex,
    CandidateProfile,
    Career,
    Chunk,
    Chunks,
    Ciphertext,
    EmbeddedChunk,
    Job,
    JobOutcome,
    JobStatus,
    ProtectedProfile,
    SourceSpan,
    StoredCandidate,
)
from resume_worker.core.ports.candidates import CandidateStore
from resume_worker.core.ports.jobs import JobStore

FORMAT_VERSION = 1  # privacy/crypto.py's ciphertext format: version, key id, nonce, sealed


def new_id() -> str:
    return str(uuid.uuid4())


def sealed(key_id: str = "k1") -> bytes:
    """A random ciphertext in the keyring's format, naming `key_id`."""
    name = key_id.encode("ascii")
    return bytes([FORMAT_VERSION, len(name)]) + name + os.urandom(12 + 24)


def digest(field: BlindField, value: str) -> str:
    return hashlib.sha256(f"{field}:{value}".encode()).hexdigest()


@dataclass(frozen=True)
class Person:
    """Who a resume is about, as the blind indexes of its name, e-mail and phone."""

    name: str | None = "Kim"
    email: str | None = "kim@example.com"
    phone: str | None = None

    def indexes(self, version: int = 1) -> tuple[BlindIndex, ...]:
        values: list[tuple[BlindField, str | None]] = [
            ("name", self.name),
            ("email", self.email),
            ("phone", self.phone),
        ]
        return tuple(BlindIndex(f, version, digest(f, v)) for f, v in values if v is not None)


def new_job(tenant_id: str = "t1", *, blob_key: str | None = None, job_id: str = "") -> Job:
    job_id = job_id or new_id()
    key = f"{tenant_id}/{job_id}" if blob_key is None else blob_key
    return Job(job_id, tenant_id, JobStatus.QUEUED, "txt", key)


async def accept(jobs: JobStore, tenant_id: str = "t1", *, file_name: bool = True) -> Job:
    """A new queued job, created with an encrypted file name (under k1) unless told not to."""
    job = new_job(tenant_id)
    await jobs.create_job(job, file_name=Ciphertext(sealed("k1")) if file_name else None)
    return job


def protect(
    person: Person = Person(),
    *,
    key_id: str = "k1",
    index_version: int = 1,
    warnings: tuple[str, ...] = (),
) -> ProtectedProfile:
    """A protected profile of `person`: a public part without PII, its PII as ciphertexts."""
    public = CandidateProfile(
        careers=[Career(company="Acme", position="Engineer", start="2020-01", is_current=True)],
        skills=["Python", "Kafka"],
        total_experience_months=48,
    )
    return ProtectedProfile(
        record_id=new_id(),
        public=public,
        pii={"name": Ciphertext(sealed(key_id)), "emails": Ciphertext(sealed(key_id))},
        blind_indexes=person.indexes(index_version),
        redacted_text="[NAME] Engineer at Acme, Python and Kafka",
        field_confidence={"name": 0.9, "skills": 0.75},
        field_sources={"name": SourceSpan(page=1, start=0, end=6)},
        warnings=warnings,
    )


def chunks_of(protected: ProtectedProfile, count: int = 1) -> Chunks:
    """`count` embedded chunks of the version (4-dimensional vectors)."""
    items = tuple(
        EmbeddedChunk(
            Chunk(protected.record_id, "career", order, f"Engineer at Acme {order}", 0, 17),
            (0.5, 0.5, 0.5, 0.5),
            "fake-embedder",
            4,
        )
        for order in range(count)
    )
    return Chunks(items)


def completed(job: Job, chunks: int = 1) -> JobOutcome:
    return JobOutcome(job.id, JobStatus.COMPLETED, chunks=chunks, timings_ms={"store": 1.5})


async def store(
    candidates: CandidateStore, job: Job, protected: ProtectedProfile, chunks: int = 1
) -> StoredCandidate:
    """Store `protected` as the job's result (the job must exist)."""
    return await candidates.store_candidate(
        job, protected, chunks_of(protected, chunks), completed(job, chunks)
    )


class Submission(JobStore, CandidateStore, Protocol):
    """What `submit` needs: a job row, then its candidate."""


async def submit(
    ports: Submission, person: Person = Person(), tenant_id: str = "t1", **protecting: Any
) -> tuple[Job, ProtectedProfile, StoredCandidate]:
    """A job accepted and stored as a version of `person` (one chunk)."""
    job = await accept(ports, tenant_id)
    protected = protect(person, **protecting)
    return job, protected, await store(ports, job, protected)
