"""Candidate versions in SQL: deduplication by blind index, versioning, PII rows and chunks."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.locks import lock_names
from resume_worker.adapters.sql.search_pg.rows import add_version_rows
from resume_worker.core.models import (
    CandidateProfile,
    Chunks,
    Ciphertext,
    Job,
    ProtectedProfile,
    SourceSpan,
    StoredCandidate,
    StoredRecord,
)
from resume_worker.core.pii import REDACTION_SCHEME
from resume_worker.core.ports.candidates import CONTACT_FIELDS, NAME_DISAGREES
from resume_worker.privacy.crypto import key_id_of


def store_lock_names(job: Job, protected: ProtectedProfile) -> list[str]:
    """What storing this job decides about first: the job id (stored once) and each contact
    blind index (which candidate is this?). Held on PostgreSQL before the job is looked up."""
    contacts = [
        f"contact:{job.tenant_id}:{bi.field}:{bi.digest}"
        for bi in protected.blind_indexes
        if bi.field in CONTACT_FIELDS
    ]
    return [f"job:{job.id}", *contacts]


async def _match_candidate(
    conn: AsyncConnection, tenant_id: str, protected: ProtectedProfile
) -> tuple[str | None, tuple[str, ...]]:
    """The candidate this profile is a new version of: a phone or email blind index matches
    AND the name index agrees. Returns (candidate id or None, warnings)."""
    b = t.blind_indexes.c
    contacts = [bi.digest for bi in protected.blind_indexes if bi.field in CONTACT_FIELDS]
    names = [bi.digest for bi in protected.blind_indexes if bi.field == "name"]
    if not contacts:
        return None, ()
    query = select(b.candidate_id).where(
        b.tenant_id == tenant_id, b.field.in_(CONTACT_FIELDS), b.digest.in_(contacts)
    )
    matched = sorted({row.candidate_id for row in await conn.execute(query)})
    if not matched:
        return None, ()
    if names:
        agreeing = (
            select(b.candidate_id)
            .where(
                b.tenant_id == tenant_id,
                b.field == "name",
                b.digest == names[0],
                b.candidate_id.in_(matched),
            )
            .order_by(b.candidate_id)
        )
        found = (await conn.execute(agreeing)).first()
        if found is not None:
            return str(found.candidate_id), ()
    return None, (NAME_DISAGREES,)


async def insert_version(
    conn: AsyncConnection,
    job: Job,
    protected: ProtectedProfile,
    chunks: Chunks,
    accepted_at: datetime,
) -> StoredCandidate:
    """Insert one candidate version (new candidate or version n+1) with its PII and chunks.

    The caller holds the locks of `store_lock_names`; a matched candidate is locked too (its
    next version number and latest flag are decided here) and looked up again, since an erasure
    may have removed it in between.
    """
    candidate_id, warnings = await _locked_match(conn, job.tenant_id, protected)
    if candidate_id is None:
        candidate_id = await _new_candidate(conn, job.tenant_id)
        version, parent_id, is_latest = 1, None, True  # a new candidate has no versions yet
    else:
        version, parent_id, is_latest = await _next_version(conn, candidate_id, accepted_at)
    await conn.execute(  # values as parameters: the statement's cache key stays cheap
        insert(t.candidate_versions),
        {
            **_version_values(protected, warnings),
            "tenant_id": job.tenant_id,
            "candidate_id": candidate_id,
            "version": version,
            "parent_id": parent_id,
            "job_id": job.id,
            "is_latest": is_latest,
            "accepted_at": accepted_at,
        },
    )
    for table, rows in _children(job.tenant_id, candidate_id, protected, chunks):
        if rows:
            await conn.execute(insert(table), rows)
    if is_latest and conn.dialect.name == "postgresql":
        await add_version_rows(conn, protected.record_id)  # the pgvector and full-text rows
    return StoredCandidate(candidate_id, version, protected.record_id, True, warnings)


async def _locked_match(
    conn: AsyncConnection, tenant_id: str, protected: ProtectedProfile
) -> tuple[str | None, tuple[str, ...]]:
    """The matched candidate, locked and still there (an erasure may have removed it since)."""
    candidate_id, warnings = await _match_candidate(conn, tenant_id, protected)
    if candidate_id is not None:
        await lock_names(conn, candidate_lock_name(candidate_id))
        if not await _candidate_exists(conn, candidate_id):
            candidate_id = None
    return candidate_id, warnings


async def _new_candidate(conn: AsyncConnection, tenant_id: str) -> str:
    candidate_id = str(uuid.uuid4())
    await conn.execute(
        insert(t.candidates),
        {"id": candidate_id, "tenant_id": tenant_id, "created_at": datetime.now(UTC)},
    )
    return candidate_id


def _version_values(protected: ProtectedProfile, warnings: tuple[str, ...]) -> dict[str, object]:
    """The version row's own columns: its id, the public profile and what the pipeline said."""
    sources = {k: asdict(s) for k, s in protected.field_sources.items()}
    return {
        "id": protected.record_id,
        "profile": protected.public.model_dump_json(exclude_defaults=True),
        "field_confidence": json.dumps(protected.field_confidence),
        "field_sources": json.dumps(sources),
        "warnings": json.dumps([*protected.warnings, *warnings]),
        "redaction": REDACTION_SCHEME,
    }


def candidate_lock_name(candidate_id: str) -> str:
    """The lock held while a candidate's versions change (a new version, or its erasure)."""
    return f"candidate:{candidate_id}"


async def _candidate_exists(conn: AsyncConnection, candidate_id: str) -> bool:
    c = t.candidates.c
    return (await conn.execute(select(c.id).where(c.id == candidate_id))).first() is not None


async def _next_version(
    conn: AsyncConnection, candidate_id: str, accepted_at: datetime
) -> tuple[int, str | None, bool]:
    """(version, parent record id, is_latest) for a new version of `candidate_id`.

    Version numbers count up in arrival order; `is_latest` follows acceptance time, so a job
    accepted earlier but finished later does not hide a newer version.
    """
    v = t.candidate_versions.c
    latest = (
        await conn.execute(
            select(v.id, v.version, v.accepted_at)
            .where(v.candidate_id == candidate_id, v.is_latest.is_(True))
            .limit(1)
        )
    ).first()
    if latest is None:
        return 1, None, True
    top = (
        await conn.execute(select(func.max(v.version)).where(v.candidate_id == candidate_id))
    ).scalar_one()
    is_latest = accepted_at >= latest.accepted_at
    if is_latest:
        await conn.execute(
            update(t.candidate_versions)
            .where(v.candidate_id == candidate_id)
            .values(is_latest=False)
        )
    return int(top) + 1, str(latest.id), is_latest


def _children(
    tenant_id: str, candidate_id: str, protected: ProtectedProfile, chunks: Chunks
) -> list[tuple[Table, list[dict[str, object]]]]:
    """The PII, blind-index and chunk rows of one version."""
    record_id = protected.record_id
    owner = {"record_id": record_id}
    scoped = {"tenant_id": tenant_id, "candidate_id": candidate_id, "record_id": record_id}
    pii: list[dict[str, object]] = [
        {**owner, "field": f, "ciphertext": c.blob, "key_id": key_id_of(c.blob)}
        for f, c in protected.pii.items()
    ]
    indexes: list[dict[str, object]] = [
        {**scoped, "field": bi.field, "digest": bi.digest, "version": bi.version}
        for bi in protected.blind_indexes
    ]
    return [
        (t.candidate_pii, pii),
        (t.blind_indexes, indexes),
        (t.chunks, chunk_rows(scoped, chunks)),
    ]


def chunk_rows(scoped: Mapping[str, object], chunks: Chunks) -> list[dict[str, object]]:
    """The chunk rows of one version (`scoped`: its tenant, candidate and record ids)."""
    return [
        {
            **scoped,
            "kind": item.chunk.kind,
            "ord": item.chunk.order,
            "text": item.chunk.text,
            "start": item.chunk.start,
            "end": item.chunk.end,
            "model": item.model,
            "dim": item.dim,
            "embedding": _vector_bytes(item.vector),
        }
        for item in chunks.items
    ]


def _vector_bytes(vector: tuple[float, ...] | None) -> bytes | None:
    return None if vector is None else np.asarray(vector, dtype="<f4").tobytes()


async def read_record(conn: AsyncConnection, record_id: str) -> StoredRecord | None:
    v = t.candidate_versions.c
    row = (await conn.execute(select(t.candidate_versions).where(v.id == record_id))).first()
    if row is None:
        return None
    pii_rows = await conn.execute(
        select(t.candidate_pii).where(t.candidate_pii.c.record_id == record_id)
    )
    return StoredRecord(
        record_id=row.id,
        candidate_id=row.candidate_id,
        tenant_id=row.tenant_id,
        version=row.version,
        job_id=row.job_id,
        is_latest=row.is_latest,
        public=CandidateProfile.model_validate_json(row.profile),
        pii={p.field: Ciphertext(p.ciphertext) for p in pii_rows},
        field_confidence=json.loads(row.field_confidence),
        field_sources={k: SourceSpan(**s) for k, s in json.loads(row.field_sources).items()},
        warnings=tuple(json.loads(row.warnings)),
    )
