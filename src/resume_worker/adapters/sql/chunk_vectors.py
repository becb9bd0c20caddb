"""ChunkVectors in SQL: which chunks need a vector of the current model, and writing new ones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sqlalchemy import ColumnElement, and_, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.core.errors import ErrorCode, PermanentError
from resume_worker.core.ports.search import StaleChunk


class SqlChunkVectors:
    """Walks the chunks table by id, so a pass that stops is resumed by running it again."""

    def __init__(self, engine: AsyncEngine, writer: AsyncEngine) -> None:
        self._engine = engine
        self._writer = writer

    async def stale_chunks(
        self, *, model: str, dim: int, every: bool, tenant_id: str | None, after: int, limit: int
    ) -> list[StaleChunk]:
        c = t.chunks.c
        stale: ColumnElement[bool] = (
            true() if every else or_(c.embedding.is_(None), c.model != model, c.dim != dim)
        )
        scope: ColumnElement[bool] = true() if tenant_id is None else c.tenant_id == tenant_id
        query = (
            select(c.id, c.text).where(and_(c.id > after, stale, scope)).order_by(c.id).limit(limit)
        )
        async with self._engine.connect() as conn:
            return [StaleChunk(int(row.id), str(row.text)) for row in await conn.execute(query)]

    async def store_vectors(
        self, vectors: Mapping[int, Sequence[float]], *, model: str, dim: int
    ) -> int:
        if any(len(vector) != dim for vector in vectors.values()):
            raise PermanentError(
                f"the embedder returned a vector that is not {dim}-dimensional",
                ErrorCode.VALIDATION_ERROR,
            )
        c = t.chunks.c
        stored = 0
        async with self._writer.begin() as conn:
            for chunk_id, vector in vectors.items():
                blob = np.asarray(vector, dtype="<f4").tobytes()
                result = await conn.execute(
                    update(t.chunks)
                    .where(c.id == chunk_id)
                    .values(embedding=blob, model=model, dim=dim)
                )
                stored += result.rowcount
            await self._store_more(conn, vectors, model, dim)
        return stored

    async def _store_more(
        self, conn: AsyncConnection, vectors: Mapping[int, Sequence[float]], model: str, dim: int
    ) -> None:
        """What a subclass writes beside the vectors in the same transaction (PostgreSQL: the
        search rows)."""
