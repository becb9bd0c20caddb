"""Search quality and latency (issue 6; DESIGN §6: p95 < 50 ms at 100,000 chunks on SQLite,
< 20 ms on pgvector, query embedding included).

Quality: recall@5 (a relevant candidate in the top 5) and MRR@10 for vector-only, keyword-only
and hybrid search, on the committed query set (benchmarks/search_queries.json, written before
any search code or tuning) over ../shared/eval/dev processed with one tenant per file (see
search_corpus.py). Latency: p50/p95 of hybrid search from query string to results (embedding,
both retrievers, fusion and snippets) over the same queries, at 1k, 10k and 100k chunks (the dev
corpus plus filler), after one warm-up round that loads the index.

Latency is wall time on a shared machine, so the load average is printed beside it, with the
CPU time this process spent per query (all its threads), which other processes do not inflate
as much. The embedder runs on one OpenMP thread (OMP_NUM_THREADS=1 unless set).

Backends: SQLite (NumPy matrix + FTS5) is measured. pgvector (hook): once a PostgreSQL
SearchIndex exists, `services.build_search` returns it for a postgresql+psycopg:// database;
then `run()` needs a database URL option and search_corpus.py a filler inserter for PostgreSQL
(move_into_one_tenant and add_filler write SQLite directly). build_search refuses PostgreSQL
until then.

Run: `.venv/bin/python benchmarks/search.py [--sizes 1000,10000,100000] [--rounds 3]`.
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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from resume_worker.ports import SearchFilters
from resume_worker.search import MODES, search_candidates
from resume_worker.services import SearchServices, build_search, build_services, database_url
from resume_worker.settings import Settings

os.environ.setdefault("OMP_NUM_THREADS", "1")

from search_corpus import TENANT, add_filler, chunk_count, move_into_one_tenant, process_dev_set

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
    found: SearchServices, queries: list[dict[str, Any]], rounds: int, mode: str = "hybrid"
) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per search, after a warm-up round (which loads the index)."""
    samples: list[float] = []
    cpu: list[float] = []
    for round_number in range(rounds + 1):
        for query in queries:
            began, used = time.perf_counter(), time.process_time()
            await search_candidates(
                query["query"],
                SearchFilters(TENANT),
                index=found.index,
                embedder=found.embedder,
                top_k=10,
                mode=mode,  # type: ignore[arg-type]
            )
            if round_number:
                samples.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - used) * 1000)
    return samples, cpu


async def run(args: argparse.Namespace, scratch: Path) -> None:
    settings = Settings(data_dir=scratch, log_level="error", tenant=TENANT)
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    async with build_services(settings) as services:
        files = await process_dev_set(services, args.dev)
    database = Path(database_url(settings).removeprefix("sqlite:///"))
    move_into_one_tenant(database)
    print(f"dev corpus: {len(files)} candidates, {chunk_count(database)} chunks")
    async with build_search(settings) as found:
        _print_quality(await quality(found, queries, files))
        model, dim = found.embedder.model, found.embedder.dim
        print(f"\nlatency, {len(queries)} queries x {args.rounds} rounds, hybrid unless named")
        print(
            f"{'chunks':>8}{'load ms':>9}{'p50':>8}{'p95':>8}{'cpu p50':>9}{'cpu p95':>9}"
            f"{'vec p95':>9}{'kw p95':>8}{'load avg':>10}"
        )
        for size in args.sizes:
            missing = size - chunk_count(database)
            if missing > 0:
                add_filler(database, missing, model=model, dim=dim, seed=size)
            began = time.perf_counter()
            await found.index.vector_matches(
                SearchFilters(TENANT), [0.0] * dim, text="", model=model, limit=1
            )
            load = (time.perf_counter() - began) * 1000
            hybrid, cpu = await latency(found, queries, args.rounds)
            vector, _ = await latency(found, queries, 1, "vector")
            keyword, _ = await latency(found, queries, 1, "keyword")
            print(
                f"{chunk_count(database):>8}{load:>9.0f}{statistics.median(hybrid):>8.1f}"
                f"{percentile(hybrid, 0.95):>8.1f}{statistics.median(cpu):>9.1f}"
                f"{percentile(cpu, 0.95):>9.1f}{percentile(vector, 0.95):>9.1f}"
                f"{percentile(keyword, 0.95):>8.1f}{os.getloadavg()[0]:>10.1f}"
            )
    print("bar: p95 < 50 ms at 100,000 chunks on SQLite (pgvector: not measured here yet)")


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
    parser.add_argument("--dev", type=Path, default=DEV)
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    if not args.dev.is_dir():
        print(f"no dev set at {args.dev}", file=sys.stderr)
        return 2
    from resume_worker.logs import configure_logging

    configure_logging("error", "json")
    with tempfile.TemporaryDirectory() as scratch:
        asyncio.run(run(args, Path(scratch)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
