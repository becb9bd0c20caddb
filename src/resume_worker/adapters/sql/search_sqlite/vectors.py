"""The exact vector index of one tenant and model: a NumPy matrix of its latest chunks' vectors,
language-centred, searched by one matrix-vector product.

Language centring: a multilingual model such as multilingual-e5 places Korean and English texts
in two offset clouds, so a Korean query scores every Korean chunk above the English chunk that
says what it asks (and the other way round). Subtracting each language's mean vector removes
most of that offset (Libovický et al., "On the Language Neutrality of Pre-trained Multilingual
Representations", 2020). The means are the tenant's own: the mean of its Korean chunks (Hangul
share >= 0.5) and of the others; a chunk or query of mixed language subtracts the blend of the
two by its Hangul share. With too few chunks of one language to estimate its mean, the tenant's
overall mean stands in (then the corpus is one language, and the offset cannot bias it).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from resume_worker.adapters.sql.search_sqlite.snapshot import Catalogue, IntArray
from resume_worker.core.ports.search import ChunkMatch

FloatArray = npt.NDArray[np.float32]
KOREAN_SHARE = 0.5
MIN_LANGUAGE_CHUNKS = 20
# The Hangul share of a chunk that the keyword index has not reached yet: treated as mixed.
UNKNOWN_SHARE = 0.5
# Rows centred at a time when a block is loaded (3 MB of float32 at 384 dimensions).
CENTRE_ROWS = 2048
_VECTORS = (
    "SELECT c.id, c.record_id, c.kind, c.embedding, t.hangul FROM chunks c"
    " JOIN candidate_versions v ON v.id = c.record_id"
    " LEFT JOIN chunk_terms t ON t.rowid = c.id"
    " WHERE c.tenant_id = ? AND v.is_latest AND c.model = ? AND c.dim = ?"
    " AND c.embedding IS NOT NULL AND c.id > ?"
)
# A block grows by the chunks added after its load (new resumes) up to this share of the rows
# it was loaded with, keeping the language means of that load; past it, or after any other
# change, it is read whole again and the means are measured anew.
GROWTH = 0.1


@dataclass(frozen=True)
class VectorBlock:
    """Centred unit vectors, rows grouped by candidate: group g is rows starts[g]:starts[g+1]
    and belongs to catalogue position owners[g] (of the catalogue load `load`). `loaded_rows`
    were read whole; rows after them were added since, up to `last_chunk_id`. `matrix` is the
    head of `storage`, which has room for GROWTH more rows: an extension writes past the head
    (which no search of this block reads) and makes a longer head, copying nothing."""

    generation: int
    rewrites: int
    load: int
    last_chunk_id: int
    loaded_rows: int
    storage: FloatArray
    matrix: FloatArray
    chunk_ids: IntArray
    kinds: tuple[str, ...]
    starts: IntArray
    owners: IntArray
    korean_mean: FloatArray
    other_mean: FloatArray

    def centred(self, vector: FloatArray, hangul: float) -> FloatArray:
        return centred(vector, hangul, self.korean_mean, self.other_mean)

    def best(
        self, query: FloatArray, allowed: npt.NDArray[np.bool_], limit: int, per_candidate: int
    ) -> list[tuple[int, float, tuple[ChunkMatch, ...]]]:
        """Exact search: (catalogue position, best cosine, best chunks) of the `limit` allowed
        candidates whose best chunk is closest to the (centred) `query`, best first."""
        if not len(self.chunk_ids):
            return []
        scores = self.matrix @ query
        best = np.maximum.reduceat(scores, self.starts)
        best[~allowed[self.owners]] = -np.inf
        count = min(limit, int(np.isfinite(best).sum()))
        if count <= 0:
            return []
        top = np.argpartition(-best, count - 1)[:count]
        ends = np.append(self.starts[1:], len(scores))
        found = []
        for group in top[np.argsort(-best[top], kind="stable")]:
            rows = np.arange(self.starts[group], ends[group])
            rows = rows[np.argsort(-scores[rows], kind="stable")][:per_candidate]
            chunks = tuple(
                ChunkMatch(int(self.chunk_ids[r]), self.kinds[r], float(scores[r])) for r in rows
            )
            found.append((int(self.owners[group]), float(best[group]), chunks))
        return found


@dataclass(frozen=True)
class _Rows:
    """Vectors read for a block, grouped by candidate (by chunk id within), not yet centred:
    `matrix` is the head of `storage`."""

    storage: FloatArray
    matrix: FloatArray
    shares: FloatArray
    chunk_ids: IntArray
    kinds: tuple[str, ...]
    owner_of_row: IntArray


def load_vectors(
    conn: sqlite3.Connection,
    catalogue: Catalogue,
    key: tuple[str, str, int],
    base: VectorBlock | None = None,
) -> VectorBlock:
    """Every vector that `model` made with `dim` dimensions (`key`: tenant, model, dim) for the
    catalogue's versions: `base` with the chunks added since, when it was built on the same
    catalogue load and rewrites and grows by at most GROWTH, else all of them, read anew."""
    if base is not None and base.load == catalogue.load and base.rewrites == catalogue.rewrites:
        added = _read(conn, catalogue, key, after=base.last_chunk_id)
        total = len(base.chunk_ids) + len(added.chunk_ids)
        later = (
            not len(base.owners)
            or not len(added.owner_of_row)
            or (int(added.owner_of_row[0]) > int(base.owners[-1]))
        )
        if later and total <= (1 + GROWTH) * base.loaded_rows:
            return _extended(base, added, catalogue)
    rows = _read(conn, catalogue, key, after=0)
    korean, other = _language_means(rows.matrix, rows.shares, key[2])
    _centre(rows.matrix, rows.shares, korean, other)
    starts = np.flatnonzero(np.diff(rows.owner_of_row, prepend=-1)).astype(np.int64)
    return VectorBlock(
        generation=catalogue.generation,
        rewrites=catalogue.rewrites,
        load=catalogue.load,
        last_chunk_id=int(rows.chunk_ids.max(initial=0)),
        loaded_rows=len(rows.chunk_ids),
        storage=rows.storage,
        matrix=rows.matrix,
        chunk_ids=rows.chunk_ids,
        kinds=rows.kinds,
        starts=starts,
        owners=rows.owner_of_row[starts],
        korean_mean=korean,
        other_mean=other,
    )


def _extended(base: VectorBlock, added: _Rows, catalogue: Catalogue) -> VectorBlock:
    """`base` and the rows of candidates added after it, centred with its language means."""
    _centre(added.matrix, added.shares, base.korean_mean, base.other_mean)
    starts = np.flatnonzero(np.diff(added.owner_of_row, prepend=-1)).astype(np.int64)
    rows, storage = len(base.chunk_ids), base.storage
    if rows + len(added.chunk_ids) > len(storage):
        storage = np.concatenate([base.matrix, np.empty_like(base.matrix)])
    storage[rows : rows + len(added.chunk_ids)] = added.matrix
    return VectorBlock(
        generation=catalogue.generation,
        rewrites=base.rewrites,
        load=base.load,
        last_chunk_id=max(base.last_chunk_id, int(added.chunk_ids.max(initial=0))),
        loaded_rows=base.loaded_rows,
        storage=storage,
        matrix=storage[: rows + len(added.chunk_ids)],
        chunk_ids=np.concatenate([base.chunk_ids, added.chunk_ids]),
        kinds=base.kinds + added.kinds,
        starts=np.concatenate([base.starts, starts + len(base.chunk_ids)]),
        owners=np.concatenate([base.owners, added.owner_of_row[starts]]),
        korean_mean=base.korean_mean,
        other_mean=base.other_mean,
    )


def _read(
    conn: sqlite3.Connection, catalogue: Catalogue, key: tuple[str, str, int], *, after: int
) -> _Rows:
    tenant_id, model, dim = key
    rows = [
        row
        for row in conn.execute(_VECTORS, (tenant_id, model, dim, after))
        if row[1] in catalogue.position and len(row[3]) == 4 * dim
    ]
    chunk_ids, records, kinds, blobs, hangul = zip(*rows, strict=True) if rows else ((),) * 5
    owner_of_row = np.array([catalogue.position[r] for r in records], dtype=np.int64)
    ids = np.array(chunk_ids, dtype=np.int64)
    order = np.lexsort((ids, owner_of_row))  # grouped by candidate, by chunk id within
    shares = [UNKNOWN_SHARE if h is None else float(h) for h in hangul]
    storage = np.empty((len(rows) + int(GROWTH * len(rows)) + 1, dim), dtype=np.float32)
    raw = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(rows), dim)
    np.take(raw, order, axis=0, out=storage[: len(rows)])
    return _Rows(
        storage=storage,
        matrix=storage[: len(rows)],
        shares=np.array(shares, dtype=np.float32).reshape(len(rows))[order],
        chunk_ids=ids[order],
        kinds=tuple(kinds[i] for i in order),
        owner_of_row=owner_of_row[order],
    )


def _centre(matrix: FloatArray, shares: FloatArray, korean: FloatArray, other: FloatArray) -> None:
    """Each row minus its language blend (other + share * (korean - other)), unit length; in
    place, CENTRE_ROWS at a time, so a 100k-row load makes no 150 MB temporaries."""
    delta = korean - other
    for start in range(0, len(matrix), CENTRE_ROWS):
        block = matrix[start : start + CENTRE_ROWS]
        block -= other
        block -= shares[start : start + CENTRE_ROWS, None] * delta
        block /= np.maximum(np.linalg.norm(block, axis=1, keepdims=True), 1e-12)


def centred(
    vector: FloatArray, hangul: float, korean_mean: FloatArray, other_mean: FloatArray
) -> FloatArray:
    """A query vector with its language's mean removed (a blend by its Hangul share), unit
    length."""
    return _unit(vector - (hangul * korean_mean + (1 - hangul) * other_mean))


def language_means(
    korean: tuple[int, FloatArray], other: tuple[int, FloatArray], dim: int
) -> tuple[FloatArray, FloatArray]:
    """The Korean and the other mean from (count, mean) of each; a language with too few
    chunks takes the overall mean."""
    total = korean[0] + other[0]
    if not total:
        zero = np.zeros(dim, dtype=np.float32)
        return zero, zero
    overall = (korean[0] * korean[1] + other[0] * other[1]) / total
    means = [
        (mean if count >= MIN_LANGUAGE_CHUNKS else overall).astype(np.float32)
        for count, mean in (korean, other)
    ]
    return means[0], means[1]


def _language_means(raw: FloatArray, shares: FloatArray, dim: int) -> tuple[FloatArray, FloatArray]:
    """Mean of the Korean rows and of the others (a matrix-vector product each, no copies)."""
    if not len(raw):
        zero = np.zeros(dim, dtype=np.float32)
        return zero, zero
    overall = raw.mean(axis=0, dtype=np.float64)
    korean = (shares >= KOREAN_SHARE).astype(np.float32)
    means = []
    for weights in (korean, 1 - korean):
        count = float(weights.sum())
        means.append((weights @ raw) / count if count >= MIN_LANGUAGE_CHUNKS else overall)
    return means[0].astype(np.float32), means[1].astype(np.float32)


def _unit(vectors: FloatArray) -> FloatArray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    unit: FloatArray = (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)
    return unit
