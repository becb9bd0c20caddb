"""Key bookkeeping in SQL: encryption counters, ciphertext census and batched re-encryption."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.core.ports.keys import (
    BatchProgress,
    JobBlob,
    Reindex,
    Reseal,
    ResealBlob,
    SealedCell,
)
from resume_worker.privacy.crypto import key_id_of, key_id_or_unreadable
from resume_worker.privacy.webhook_urls import ENDPOINT_URL_FIELD, SUBMISSION_URL_FIELD

CENSUS_PAGE = 1000


def _usage_upsert(insert_into: Any) -> Any:
    """Add encryptions to a key's counter, creating it at the first; returns the new total."""
    u, added = t.key_usage.c, insert_into(t.key_usage)
    return added.on_conflict_do_update(
        index_elements=[u.key_id],
        set_={
            "encryptions": u.encryptions + added.excluded.encryptions,
            "updated_at": added.excluded.updated_at,
        },
    ).returning(u.key_id, u.encryptions)


# Built once per dialect (the syntax is the same, the constructs are not).
_UPSERTS = {"sqlite": _usage_upsert(sqlite_insert), "postgresql": _usage_upsert(pg_insert)}


class SqlKeyStore:
    """The key-related part of SqlRepository (mixed in; uses its engines)."""

    engine: AsyncEngine
    writer: AsyncEngine
    one_statement: AsyncEngine

    async def add_key_usage(self, counts: Mapping[str, int]) -> dict[str, int]:
        """One upsert per key id, returning its new total: with one key in use (the usual
        case, once per job) a single statement (see sql_engine.ONE_STATEMENT)."""
        wanted = {k: n for k, n in counts.items() if n > 0}
        if not wanted:
            return {}
        now = datetime.now(UTC)
        upsert = _UPSERTS[self.engine.dialect.name]
        writer = self.one_statement if len(wanted) == 1 else self.writer
        totals: dict[str, int] = {}
        async with writer.begin() as conn:
            for key_id, count in sorted(wanted.items()):  # one row order: no deadlock
                row = (
                    await conn.execute(
                        upsert, {"key_id": key_id, "encryptions": count, "updated_at": now}
                    )
                ).one()
                totals[row.key_id] = int(row.encryptions)
        return totals

    async def key_usage(self) -> dict[str, int]:
        u = t.key_usage.c
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(u.key_id, u.encryptions))
            return {row.key_id: int(row.encryptions) for row in rows}

    async def ciphertext_key_ids(self) -> dict[str, dict[str, int]]:
        p = t.candidate_pii.c
        async with self.engine.connect() as conn:
            pii = {
                row.key_id: int(row.n)
                for row in await conn.execute(
                    select(p.key_id, func.count().label("n")).group_by(p.key_id)
                )
            }
            names = await _key_ids(conn, t.jobs, "file_name_enc")
            urls = await _key_ids(conn, t.api_submissions, "webhook_url_enc")
            urls += await _key_ids(conn, t.webhook_endpoints, "url_enc")
        return {"pii": pii, "file_name": dict(names), "webhook_url": dict(urls)}

    async def blind_index_versions(self) -> dict[int, int]:
        b = t.blind_indexes.c
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(b.version, func.count().label("n")).group_by(b.version)
            )
            return {int(row.version): int(row.n) for row in rows}

    async def reseal_pii(
        self, reseal: Reseal, *, skip_key_id: str, after: str | None, limit: int
    ) -> BatchProgress:
        p, v = t.candidate_pii.c, t.candidate_versions.c
        async with self.writer.begin() as conn:
            records = await _record_page(
                conn, select(p.record_id).where(p.key_id != skip_key_id), p.record_id, after, limit
            )
            rows = await conn.execute(
                select(p.record_id, p.field, p.ciphertext, v.tenant_id)
                .join(t.candidate_versions, v.id == p.record_id)
                .where(p.record_id.in_(records), p.key_id != skip_key_id)
            )
            changed, cells = 0, rows.all()
            for row in cells:
                cell = SealedCell(row.tenant_id, row.record_id, row.field, row.ciphertext)
                sealed = reseal(cell)
                if sealed is None:
                    continue
                result = await conn.execute(
                    update(t.candidate_pii)
                    .where(
                        p.record_id == row.record_id,
                        p.field == row.field,
                        p.ciphertext == row.ciphertext,
                    )
                    .values(ciphertext=sealed, key_id=key_id_of(sealed))
                )
                changed += result.rowcount
        return BatchProgress.of_page(records, changed, limit, seen=len(cells))

    async def reseal_file_names(
        self, reseal: Reseal, *, after: str | None, limit: int
    ) -> BatchProgress:
        cells = _SealedColumn(t.jobs, "file_name_enc", "file_name")
        return await self._reseal_column(cells, reseal, after=after, limit=limit)

    async def reseal_submission_urls(
        self, reseal: Reseal, *, after: str | None, limit: int
    ) -> BatchProgress:
        cells = _SealedColumn(t.api_submissions, "webhook_url_enc", SUBMISSION_URL_FIELD)
        return await self._reseal_column(cells, reseal, after=after, limit=limit)

    async def reseal_endpoint_urls(
        self, reseal: Reseal, *, after: str | None, limit: int
    ) -> BatchProgress:
        cells = _SealedColumn(t.webhook_endpoints, "url_enc", ENDPOINT_URL_FIELD)
        return await self._reseal_column(cells, reseal, after=after, limit=limit)

    async def _reseal_column(
        self, cells: _SealedColumn, reseal: Reseal, *, after: str | None, limit: int
    ) -> BatchProgress:
        """One batch of a column of ciphertexts, by row id after `after`: re-read, and write
        what `reseal` returns over the bytes just read."""
        table, blob = cells.table, cells.table.c[cells.name]
        row_id = table.c.id
        query = select(row_id, table.c.tenant_id, blob.label("blob")).where(
            blob.is_not(None), row_id > (after or "")
        )
        async with self.writer.begin() as conn:
            rows = (await conn.execute(query.order_by(row_id).limit(limit))).all()
            changed = 0
            for row in rows:
                sealed = reseal(SealedCell(row.tenant_id, row.id, cells.field, row.blob))
                if sealed is None:
                    continue
                result = await conn.execute(
                    update(table)
                    .where(row_id == row.id, blob == row.blob)
                    .values({cells.name: sealed})
                )
                changed += result.rowcount
        return BatchProgress.of_page([row.id for row in rows], changed, limit)

    async def job_blobs(self, *, after: str | None, limit: int) -> list[JobBlob]:
        async with self.engine.connect() as conn:
            return await _job_blobs(conn, after, limit)

    async def reseal_blobs(
        self, reseal: ResealBlob, *, after: str | None, limit: int
    ) -> BatchProgress:
        async with self.writer.begin() as conn:
            found = await _job_blobs(conn, after, limit)
            changed = 0
            for blob in found:
                changed += int(await reseal(blob))
        return BatchProgress.of_page([b.job_id for b in found], changed, limit)

    async def rebuild_blind_indexes(
        self, reindex: Reindex, *, current_version: int, after: str | None, limit: int
    ) -> BatchProgress:
        b, p, v = t.blind_indexes.c, t.candidate_pii.c, t.candidate_versions.c
        async with self.writer.begin() as conn:
            stale = select(b.record_id).where(b.version != current_version)
            records = await _record_page(conn, stale, b.record_id, after, limit)
            cells = await conn.execute(
                select(p.record_id, p.field, p.ciphertext, v.tenant_id, v.candidate_id)
                .join(t.candidate_versions, v.id == p.record_id)
                .where(p.record_id.in_(records))
            )
            by_record: dict[str, dict[str, SealedCell]] = {r: {} for r in records}
            owners: dict[str, tuple[str, str]] = {}
            for row in cells.all():
                cell = SealedCell(row.tenant_id, row.record_id, row.field, row.ciphertext)
                by_record[row.record_id][row.field] = cell
                owners[row.record_id] = (row.tenant_id, row.candidate_id)
            changed = 0
            for record_id, fields in by_record.items():
                indexes = reindex(fields) if record_id in owners else None
                if indexes is None:
                    continue
                tenant_id, candidate_id = owners[record_id]
                await conn.execute(delete(t.blind_indexes).where(b.record_id == record_id))
                rows = [
                    {
                        "tenant_id": tenant_id,
                        "candidate_id": candidate_id,
                        "record_id": record_id,
                        "field": bi.field,
                        "digest": bi.digest,
                        "version": bi.version,
                    }
                    for bi in indexes
                ]
                if rows:
                    await conn.execute(insert(t.blind_indexes), rows)
                changed += 1
        return BatchProgress.of_page(records, changed, limit)


@dataclass(frozen=True)
class _SealedColumn:
    """A column of ciphertexts of one field, in a table with `id` and `tenant_id`: the AAD of
    each cell binds its tenant, its row id and the field."""

    table: Table
    name: str
    field: str


async def _key_ids(conn: AsyncConnection, table: Table, name: str) -> Counter[str]:
    """The key ids of a column's ciphertexts (by the bytes' own header), a page at a time."""
    row_id, column = table.c.id, table.c[name]
    found: Counter[str] = Counter()
    after = ""
    while True:
        query = select(row_id, column.label("blob")).where(column.is_not(None), row_id > after)
        page = (await conn.execute(query.order_by(row_id).limit(CENSUS_PAGE))).all()
        found.update(key_id_or_unreadable(row.blob) for row in page)
        if len(page) < CENSUS_PAGE:
            return found
        after = page[-1].id


async def _record_page(
    conn: AsyncConnection,
    query: Select[tuple[str]],
    column: ColumnElement[str],
    after: str | None,
    limit: int,
) -> list[str]:
    """Distinct record ids matching `query`, in order, after the cursor."""
    page = query.where(column > (after or "")).distinct().order_by(column).limit(limit)
    return list(await conn.scalars(page))


async def _job_blobs(conn: AsyncConnection, after: str | None, limit: int) -> list[JobBlob]:
    j = t.jobs.c
    query = (
        select(j.id, j.tenant_id, j.blob_key)
        .where(j.blob_key.is_not(None), j.blob_key != "", j.id > (after or ""))
        .order_by(j.id)
        .limit(limit)
    )
    return [JobBlob(row.id, row.tenant_id, row.blob_key) for row in await conn.execute(query)]
