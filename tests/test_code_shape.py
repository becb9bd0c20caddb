"""The shape STYLE.md asks of src/: small modules and functions, a package root of a few modules
beside the folders, and the composition root only in composition/."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "resume_worker"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40
MAX_ROOT_MODULES = 8


def modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_every_module_has_at_most_300_lines() -> None:
    """No module of the package is longer than 300 lines."""
    long = {
        str(p.relative_to(SRC)): n
        for p in modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_every_function_has_at_most_40_lines() -> None:
    """No function (decorators and docstring included) is longer than 40 lines."""
    long = {}
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([d.lineno for d in node.decorator_list] + [node.lineno])
                assert node.end_lineno is not None
                if (lines := node.end_lineno - start + 1) > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(SRC)}::{node.name}"] = lines
    assert long == {}


def test_the_package_root_holds_few_modules_and_composition_is_one_folder() -> None:
    """At most 8 modules beside the folders, and no `*_services.py` outside composition/."""
    root = sorted(p.name for p in SRC.glob("*.py"))
    assert len(root) <= MAX_ROOT_MODULES, root
    services = [
        str(p.relative_to(SRC))
        for p in modules()
        if p.stem.endswith("_services") and p.parent.name != "composition"
    ]
    assert services == []
