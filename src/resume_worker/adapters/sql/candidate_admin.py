"""Candidates as an operator sees them in SQL: their versions, the latest of each, and erasure."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.candidates import candidate_lock_name, read_record
from resume_worker.adapters.sql.engine import truncate_wal
from resume_worker.adapters.sql.locks import lock_names
from resume_worker.core.models import StoredRecord
from resume_worker.core.ports.candidates import CandidateVersion, Erasure


class SqlCandidateAdmin:
    """The operator part of SqlRepository (mixed in; uses its engine and writer)."""

    engine: AsyncEngine
    writer: AsyncEngine

    async def candidate_versions(self, candidate_id: str) -> list[CandidateVersion]:
        v = t.candidate_versions.c
        query = select(t.candidate_versions).where(v.candidate_id == candidate_id)
        async with self.engine.connect() as conn:
            rows = await conn.execute(query.order_by(v.accepted_at, v.version))
            return [
                CandidateVersion(
                    row.id,
                    row.tenant_id,
                    row.version,
                    row.job_id,
                    row.is_latest,
                    row.accepted_at,
                )
                for row in rows
            ]

    async def latest_records(
        self, tenant_id: str | None, *, after: str | None, limit: int
    ) -> list[StoredRecord]:
        v = t.candidate_versions.c
        query = select(v.id).where(v.is_latest.is_(True), v.candidate_id > (after or ""))
        if tenant_id is not None:
            query = query.where(v.tenant_id == tenant_id)
        async with self.engine.connect() as conn:
            ids = [
                row.id for row in await conn.execute(query.order_by(v.candidate_id).limit(limit))
            ]
            records = [await read_record(conn, record_id) for record_id in ids]
        return [record for record in records if record is not None]

    async def erase_candidate(self, candidate_id: str, erasure_id: str) -> Erasure | None:
        v, j = t.candidate_versions.c, t.jobs.c
        async with self.writer.begin() as conn:
            await lock_names(conn, candidate_lock_name(candidate_id))
            owner = (
                await conn.execute(
                    select(t.candidates.c.tenant_id).where(t.candidates.c.id == candidate_id)
                )
            ).first()
            if owner is None:
                return None
            versions = (
                await conn.execute(select(v.id, v.job_id).where(v.candidate_id == candidate_id))
            ).all()
            record_ids = [row.id for row in versions]
            job_filter = or_(j.candidate_id == candidate_id, j.id.in_([r.job_id for r in versions]))
            jobs = (await conn.execute(select(j.id, j.blob_key).where(job_filter))).all()
            counts = await _delete_rows(conn, candidate_id, record_ids)
            await conn.execute(
                update(t.jobs).where(job_filter).values(file_name_enc=None, blob_key=None)
            )
            row = {
                "id": erasure_id,
                "tenant_id": owner.tenant_id,
                "candidate_id": candidate_id,
                "versions": len(record_ids),
                **counts,
                "jobs": len(jobs),
                "pending_blobs": json.dumps(sorted(r.blob_key for r in jobs if r.blob_key)),
                "blobs_deleted": 0,
                "requested_at": datetime.now(UTC),
                "completed_at": None,
            }
            await conn.execute(insert(t.erasures).values(**row))
        return _erasure(row)

    async def pending_erasures(self, candidate_id: str | None) -> list[Erasure]:
        e = t.erasures.c
        query = select(t.erasures).where(e.completed_at.is_(None))
        if candidate_id is not None:
            query = query.where(e.candidate_id == candidate_id)
        async with self.engine.connect() as conn:
            rows = await conn.execute(query.order_by(e.requested_at, e.id))
            return [_erasure(row._asdict()) for row in rows]

    async def complete_erasure(self, erasure_id: str, blobs_deleted: int) -> Erasure:
        e = t.erasures.c
        async with self.writer.begin() as conn:
            await conn.execute(
                update(t.erasures)
                .where(e.id == erasure_id)
                .values(
                    pending_blobs="[]",
                    blobs_deleted=e.blobs_deleted + blobs_deleted,
                    completed_at=datetime.now(UTC),
                )
            )
            row = (await conn.execute(select(t.erasures).where(e.id == erasure_id))).one()
        await truncate_wal(self.engine)  # erased rows' page images do not outlive them there
        return _erasure(row._asdict())


async def _delete_rows(
    conn: AsyncConnection, candidate_id: str, record_ids: list[str]
) -> dict[str, int]:
    """Delete the children of every version, then the versions and the candidate."""
    counts = {}
    for name, table in (
        ("chunks", t.chunks),
        ("blind_indexes", t.blind_indexes),
        ("pii_fields", t.candidate_pii),
    ):
        count_query = select(func.count()).where(table.c.record_id.in_(record_ids))
        counts[name] = int((await conn.execute(count_query)).scalar_one())
        await conn.execute(delete(table).where(table.c.record_id.in_(record_ids)))
    await conn.execute(
        delete(t.candidate_versions).where(t.candidate_versions.c.candidate_id == candidate_id)
    )
    await conn.execute(delete(t.candidates).where(t.candidates.c.id == candidate_id))
    return counts


def _erasure(row: dict[str, Any]) -> Erasure:
    return Erasure(
        id=row["id"],
        tenant_id=row["tenant_id"],
        candidate_id=row["candidate_id"],
        versions=row["versions"],
        pii_fields=row["pii_fields"],
        blind_indexes=row["blind_indexes"],
        chunks=row["chunks"],
        jobs=row["jobs"],
        pending_blobs=tuple(json.loads(row["pending_blobs"])),
        blobs_deleted=row["blobs_deleted"],
        requested_at=row["requested_at"],
        completed_at=row["completed_at"],
    )
