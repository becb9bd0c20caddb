"""`make corpus`: render every template's personas, write each document with its gold file, and a
manifest; then check every gold against the document's own text.

    .venv/bin/python -m corpus.build [--out corpus/out] [--only TEMPLATE_ID ...] [--seed 1]

The same seed gives the same documents and gold files, byte for byte (renderers fix every date,
id and timestamp they write). No request leaves the machine: JSON Resume themes and LaTeX classes
load vendored assets only, and a renderer that asks for anything else fails the build.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.gold import gold_file, missing_from, planted_pii
from corpus.personas import make_persona
from corpus.seeds import rng_for
from corpus.splits import assign_splits
from corpus.templates import Context, Rendered, Template, all_templates
from corpus.vocab import check_disjoint

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Built:
    path: Path
    entry: dict[str, Any]


def build(out: Path, seed: int, only: set[str]) -> list[Built]:
    check_disjoint()
    templates = all_templates()
    splits = assign_splits((t.id, t.family) for t in templates)
    built: list[Built] = []
    with tempfile.TemporaryDirectory(prefix="corpus-") as work:
        context = Context(Path(work), ROOT / "node_modules")
        for template in templates:
            if only and template.id not in only:
                continue
            for copy in range(template.copies):
                built += _render_one(template, copy, splits[template.id], seed, out, context)
    return built


def _render_one(
    template: Template, copy: int, split: str, seed: int, out: Path, context: Context
) -> list[Built]:
    persona_id = f"{seed}-{template.id}-{copy}"
    language = rng_for("language", persona_id).choice(template.languages)
    persona = make_persona(persona_id, split, language, field_of_work=template.field_of_work)
    rendered = template.render(persona, context)
    documents = []
    for extension, data in sorted(rendered.files.items()):
        name = f"{template.id}-{copy:02d}.{extension}"
        path = out / split / template.family / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        gold = rendered.gold or gold_file(persona, rendered.shown, language)
        path.with_name(name + ".gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        documents.append(
            Built(path, _entry(template, persona, rendered, split, extension, path, out))
        )
    return documents


def _entry(
    template: Template,
    persona: Any,
    rendered: Rendered,
    split: str,
    extension: str,
    path: Path,
    out: Path,
) -> dict[str, Any]:
    return {
        "path": str(path.relative_to(out)),
        "template": template.id,
        "family": template.family,
        "source": template.source,
        "kind": template.kind,
        "persona": persona.id,
        "language": persona.language,
        "format": extension,
        "split": split,
        "icon_font": rendered.icon_font,
        "photo": rendered.photo,
        "decoys": list(rendered.decoys),
        "planted": planted_pii(persona, rendered.shown),
        "notes": rendered.notes,
    }


def verify(built: list[Built]) -> list[str]:
    """Problems: a gold string the document's extracted text does not hold."""
    from resume_worker.adapters.local.libreoffice_converter import open_libreoffice
    from resume_worker.adapters.local.tesseract_ocr import open_tesseract
    from resume_worker.stages.extract_text import extract_text
    from resume_worker.stages.validate_file import FileLimits, validate_file

    problems, convert = [], open_libreoffice(timeout_s=120)
    ocr = open_tesseract(languages="kor+eng", dpi=300, timeout_s=120)
    for item in built:
        gold = json.loads(item.path.with_name(item.path.name + ".gold.json").read_text("utf-8"))
        if gold["expect"] != "profile":
            continue
        data, extension = item.path.read_bytes(), item.path.suffix.lstrip(".")
        file = validate_file(data, extension=extension, limits=FileLimits())
        text = extract_text(file, min_text_chars=0, convert_doc=convert, ocr=ocr).text
        missing = missing_from(text, gold)
        if missing:
            problems.append(f"{item.entry['path']}: not in the text: {missing}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args(argv)
    if args.out.exists() and not args.only:
        shutil.rmtree(args.out)
    built = build(args.out, args.seed, set(args.only))
    manifest = {"seed": args.seed, "documents": [b.entry for b in built]}
    (args.out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    )
    problems = verify(built)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(built)} documents in {args.out}; {len(problems)} gold problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
