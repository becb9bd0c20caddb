"""The stored text of candidate versions, re-redacted by `candidates redact`: read a batch of
versions below the current redaction scheme, replace a version's public profile and chunks, and
compact the database so the replaced text is gone from its files."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.adapters.sql.candidates import chunk_rows, read_record
from resume_worker.adapters.sql.engine import truncate_wal
from resume_worker.adapters.sql.search_pg.rows import add_version_rows
from resume_worker.core.models import Chunks, ProtectedProfile
from resume_worker.core.ports.candidates import StoredText

RAW_KINDS = ("raw_full", "raw_section")


class SqlStoredText:
    """The re-redaction part of SqlRepository (mixed in; uses its engine and writer)."""

    engine: AsyncEngine
    writer: AsyncEngine

    async def unredacted(
        self, *, scheme: int, tenant_id: str | None, limit: int
    ) -> list[StoredText]:
        v, c = t.candidate_versions.c, t.chunks.c
        query = select(v.id).where(v.redaction < scheme)
        if tenant_id is not None:
            query = query.where(v.tenant_id == tenant_id)
        found: list[StoredText] = []
        async with self.engine.connect() as conn:
            ids = [row.id for row in await conn.execute(query.order_by(v.id).limit(limit))]
            for record_id in ids:
                record = await read_record(conn, record_id)
                raw = await conn.execute(
                    select(c.kind, c.start, c.end, c.text)
                    .where(c.record_id == record_id, c.kind.in_(RAW_KINDS))
                    .order_by(c.ord)
                )
                if record is not None:
                    found.append(StoredText(record, tuple(tuple(row) for row in raw)))
        return found

    async def replace_text(self, protected: ProtectedProfile, chunks: Chunks, scheme: int) -> None:
        v, c = t.candidate_versions.c, t.chunks.c
        async with self.writer.begin() as conn:
            row = (
                await conn.execute(
                    select(v.tenant_id, v.candidate_id, v.is_latest).where(
                        v.id == protected.record_id
                    )
                )
            ).first()
            if row is None:
                return  # erased meanwhile
            await conn.execute(delete(t.chunks).where(c.record_id == protected.record_id))
            scoped = {"tenant_id": row.tenant_id, "candidate_id": row.candidate_id}
            rows = chunk_rows({**scoped, "record_id": protected.record_id}, chunks)
            if rows:
                await conn.execute(insert(t.chunks), rows)
            profile = protected.public.model_dump_json(exclude_defaults=True)
            await conn.execute(
                update(t.candidate_versions)
                .where(v.id == protected.record_id)
                .values(profile=profile, redaction=scheme)
            )
            if row.is_latest and conn.dialect.name == "postgresql":
                await add_version_rows(conn, protected.record_id)

    async def compact(self) -> None:
        if self.writer.dialect.name != "sqlite":
            async with self.writer.connect() as conn:
                outside = await conn.execution_options(isolation_level="AUTOCOMMIT")
                await outside.execute(text("VACUUM"))
            return
        async with self.writer.connect() as conn:

            def rewrite(sync: Any) -> None:
                cursor = sync.connection.dbapi_connection.cursor()
                cursor.execute("INSERT INTO chunk_terms (chunk_terms) VALUES ('optimize')")
                cursor.execute("VACUUM")
                cursor.close()

            await conn.run_sync(rewrite)
        await truncate_wal(self.writer)
