"""`make corpus-slice`: copy a few documents of every template family, with their gold files,
from a built corpus into tests/corpus_slice/, for the test suite (at most 5 MB; CI never renders).

    .venv/bin/python -m corpus.slice [--corpus corpus/out] [--per-family 2]

The choice is a fixed rule (per family and split, the smallest files first, one per template
at most), so a rebuilt corpus gives the same slice.
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
SLICE = ROOT.parent / "tests" / "corpus_slice"
MAX_BYTES = 5 * 1024 * 1024


def choose(corpus: Path, per_family: int) -> list[dict[str, Any]]:
    """Up to `per_family` documents of each family on each side, one per template, smallest
    first."""
    entries = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["documents"]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        groups[(entry["family"], entry["split"])].append(entry)
    chosen: list[dict[str, Any]] = []
    for key in sorted(groups):
        seen: set[str] = set()

        def size(entry: dict[str, Any]) -> tuple[int, str]:
            return (corpus / entry["path"]).stat().st_size, entry["path"]

        ordered = sorted(groups[key], key=size)
        for entry in ordered:
            if entry["template"] not in seen and len(seen) < per_family:
                seen.add(entry["template"])
                chosen.append(entry)
    return chosen


def write_slice(corpus: Path, chosen: list[dict[str, Any]], target: Path) -> int:
    """Copy the documents and gold files (keeping split/family folders) and a manifest."""
    if target.exists():
        shutil.rmtree(target)
    size = 0
    for entry in chosen:
        for suffix in ("", ".gold.json"):
            source = corpus / (entry["path"] + suffix)
            destination = target / (entry["path"] + suffix)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            size += source.stat().st_size
    manifest = {"documents": chosen}
    (target / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "out")
    parser.add_argument("--per-family", type=int, default=2)
    args = parser.parse_args(argv)
    chosen = choose(args.corpus, args.per_family)
    size = write_slice(args.corpus, chosen, SLICE)
    print(f"{len(chosen)} documents, {size / 1e6:.1f} MB in {SLICE}")
    if size > MAX_BYTES:
        print(f"the slice is over {MAX_BYTES / 1e6:.0f} MB: lower --per-family")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
