"""Score the offline analyst on corpus folders in seconds, for tuning on the train split.

    .venv/bin/python -m corpus.quick_eval corpus/out/train [--show FIELD] [--family F]

It runs the stages that decide the profile (check_kind, check_identity's rules, the rules
analyst, validate) on each document's text, cached in corpus/out/.text-cache after the first
read, and scores them with `resume-worker eval`'s rules. It is a tuning aid: `make eval` (the
whole job through the worker) is what the closing notes report. `--show FIELD` prints each
document's misses and extras of that field.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import hashlib
import pickle
from datetime import date
from pathlib import Path
from typing import Any

from resume_worker.analysis.rules import RulesAnalyst
from resume_worker.cli.evaluate import gold_documents
from resume_worker.composition.pipeline import pipeline_config
from resume_worker.composition.shared import SharedServices, build_shared
from resume_worker.core.errors import PermanentError
from resume_worker.core.models import ExtractedText
from resume_worker.evaluation import EvaluatedDocument, evaluate, family_of, load_gold
from resume_worker.settings import Settings
from resume_worker.stages.analyze import analyze
from resume_worker.stages.check_identity import check_rules
from resume_worker.stages.check_kind import check_kind
from resume_worker.stages.extract_text import extract_text
from resume_worker.stages.validate import to_flat_dict, validate
from resume_worker.stages.validate_file import validate_file

CACHE = Path(__file__).parent / "out" / ".text-cache"
TODAY = date(2026, 12, 1)


def read_text(path: Path) -> ExtractedText | str:
    """The document's extracted text (cached by content hash), or the error code it ends with."""
    data = path.read_bytes()
    cached = CACHE / (hashlib.sha256(data).hexdigest() + ".pickle")
    if cached.exists():
        found: ExtractedText | str = pickle.loads(cached.read_bytes())  # our own cache
        return found
    settings = Settings()
    shared = _shared()
    try:
        config = pipeline_config(settings)
        file = validate_file(data, extension=path.suffix.lstrip("."), limits=config.limits)
        text: ExtractedText | str = extract_text(
            file,
            min_text_chars=config.min_text_chars,
            max_uncompressed_mb=config.limits.max_uncompressed_mb,
            ocr=shared.ocr,
            ocr_limits=config.ocr_limits,
            convert_doc=shared.convert_doc,
        )
    except PermanentError as exc:
        text = exc.code.value
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(text))
    return text


@functools.cache
def _shared() -> SharedServices:
    return build_shared(Settings(), load_model=False)


def outcome(text: ExtractedText | str) -> tuple[str, str | None, dict[str, Any] | None]:
    """(status, error code, flat profile) as the worker would end the job."""
    if isinstance(text, str):
        return "rejected", text, None
    try:
        check_kind(text)
        check_rules(text)
        analysis = asyncio.run(analyze(text, analyst=RulesAnalyst()))
        profile = validate(analysis, text, today=TODAY)
    except PermanentError as exc:
        return "rejected", exc.code.value, None
    return "completed", None, to_flat_dict(profile.profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--show", help="print each document's errors of this field")
    parser.add_argument("--family", help="only documents of this template family")
    args = parser.parse_args()
    for folder in args.folders:
        documents = []
        for path, gold in gold_documents(folder):
            family = family_of(path, folder)
            if args.family and family != args.family:
                continue
            status, code, profile = outcome(read_text(path))
            documents.append(
                EvaluatedDocument(
                    str(path.relative_to(folder)), load_gold(gold), status, code, profile,
                    folder.name, family,
                )
            )  # fmt: skip
        report = evaluate(documents)
        print(f"== {folder} ({report.documents} documents)")
        for row in report.table_rows():
            print("  {:<14} P {:>6} R {:>6} score {:>6} n {:>4} bar {:>6} {}".format(*row))
        if args.show:
            for error in report.errors:
                if error.get("field") == args.show:
                    print("   ", {k: v for k, v in error.items() if k != "field"})


if __name__ == "__main__":
    main()
