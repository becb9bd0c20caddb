"""Analysis time per document: the offline `rules` analyst, and the `llm` analyst's own overhead.

Run: `.venv/bin/python benchmarks/analyze.py [--runs 5] [--dir PATH ...] [--no-llm]` (or
`resume-worker bench analyze`). Without --dir it reads the dev set (../shared/eval/dev); when
../shared is absent it says so and benchmarks samples/ only.

Every document intake accepts is extracted once; then per document the median of `--runs` timed
runs after one warm-up is taken, and the table gives the median and p95 of those per-document
medians. `rules` is the whole offline analysis (analyze_text, as the RulesAnalyst runs it in a
thread). `llm` is the LlmAnalyst against the loopback OpenAI server answering at once with a
small fixed profile: PII masking, prompt, the official SDK's request over loopback HTTP, reply
validation and restoring. It is the worker's cost per LLM call, not the model's latency.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the loopback OpenAI server lives in tests/

from resume_worker.adapters.openai.chat_client import ChatClient, Endpoint
from resume_worker.analysis.llm.analyst import LlmAnalyst
from resume_worker.analysis.rules import analyze_text
from resume_worker.core.errors import WorkerError
from resume_worker.core.models import ExtractedText
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.validate_file import FileLimits, validate_file

DEV = REPO.parent / "shared" / "eval" / "dev"
FORMATS = ("pdf", "docx", "hwpx", "hwp", "md", "txt")
TRUTH = (".gold.json", ".expected.json")
REPLY = {
    "name": "[NAME_1]",
    "emails": ["[EMAIL_1]"],
    "phones": ["[PHONE_1]"],
    "careers": [{"company": "Contoso", "position": "Engineer", "start": "2019-03"}],
    "skills": ["Python", "SQL"],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def documents(dirs: list[Path] | None) -> tuple[list[tuple[Path, ExtractedText]], str]:
    """Extracted text of every document with a gold or expected file that intake accepts."""
    folders = dirs or ([DEV] if DEV.is_dir() else [])
    note = "" if folders else f"{DEV} is absent: benchmarking samples/ only"
    folders = folders or [REPO / "samples"]
    found = []
    for path in sorted(p for folder in folders for p in folder.rglob("*")):
        if path.suffix.lstrip(".") not in FORMATS:
            continue
        if not any(path.with_name(path.name + end).is_file() for end in TRUTH):
            continue
        try:
            file = validate_file(path.read_bytes(), extension=path.suffix, limits=FileLimits())
            found.append((path, extract_text(file)))
        except WorkerError as error:
            print(f"  skipped {path.name}: {error.code.value}", file=sys.stderr)
    return found, note


def median_seconds(call: Callable[[], object], runs: int) -> float:
    """Median of `runs` timed calls after one warm-up call."""
    call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def median_async(call: Callable[[], Awaitable[object]], runs: int) -> float:
    await call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def llm_medians(texts: list[ExtractedText], runs: int) -> list[float]:
    """Per-document medians of the llm analyst against the zero-latency loopback server."""
    from tests.openai_server import OpenAIServer, answer

    with OpenAIServer() as server:
        server.chat_default = answer(REPLY)
        client = ChatClient(Endpoint(base_url=server.base_url, model="bench", retries=0))
        analyst = LlmAnalyst(client, send_names=True, max_prompt_chars=30000)
        try:
            return [await median_async(lambda t=t: analyst.analyze(t), runs) for t in texts]
        finally:
            await client.aclose()


def print_row(name: str, seconds: list[float]) -> None:
    median, p95 = statistics.median(seconds) * 1000, percentile(seconds, 0.95) * 1000
    print(f"{name:<8}{len(seconds):>6}{median:>12.2f}{p95:>10.2f}{max(seconds) * 1000:>10.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per document (median)")
    parser.add_argument("--dir", type=Path, action="append", help="folder of documents")
    parser.add_argument("--no-llm", action="store_true", help="skip the loopback LLM figures")
    args = parser.parse_args()
    from resume_worker.logs import configure_logging

    configure_logging("error", "json")
    found, note = documents(args.dir)
    if note:
        print(note)
    texts = [text for _, text in found]
    rules = [median_seconds(lambda t=t: analyze_text(t), args.runs) for t in texts]
    print(f"analysis time per document, {len(texts)} documents, median of {args.runs} runs each")
    print(f"{'analyst':<8}{'docs':>6}{'median ms':>12}{'p95 ms':>10}{'max ms':>10}")
    print_row("rules", rules)
    if not args.no_llm:
        print_row("llm", asyncio.run(llm_medians(texts, args.runs)))
        print("(llm: the worker's own overhead per call, loopback server at zero latency)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
