"""The side-effect guard is structural: what a shadow candidate can reach holds no repository,
ledger, blob store, flag store, keyring or services object, and the experiment runner takes
nothing but the pure stage, the two variants and the stage's inputs."""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from resume_worker.adapters.sql.repository import SqlRepository
from resume_worker.adapters.sql.rollout import SqlFlagStore
from resume_worker.adapters.storage.file_store import FileBlobStore
from resume_worker.pipeline import Services, _analyze_stage, _text_stage
from resume_worker.privacy.crypto import Keyring
from resume_worker.rollout import Rollout
from resume_worker.rollout.experiment import Stage, run_experiment
from tests.e2e import run_with

FORBIDDEN = (SqlRepository, SqlFlagStore, FileBlobStore, Keyring, Services, Rollout)


def reachable(obj: Any, depth: int = 4) -> Iterator[Any]:
    """Everything a callable can touch: closure cells, defaults, bound selves, container items,
    dataclass fields and instance attributes, a few levels deep."""
    yield obj
    if depth == 0:
        return
    if inspect.isfunction(obj):
        children = [c.cell_contents for c in obj.__closure__ or ()] + list(obj.__defaults__ or ())
    elif inspect.ismethod(obj):
        children = [obj.__self__, obj.__func__]
    elif isinstance(obj, Mapping):
        children = list(obj.values())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        children = list(obj)
    elif is_dataclass(obj) and not isinstance(obj, type):
        children = [getattr(obj, f.name) for f in fields(obj)]
    else:
        children = list(getattr(obj, "__dict__", {}).values())
    for child in children:
        yield from reachable(child, depth - 1)


def test_shadow_stages_reach_no_side_effect(tmp_path: Path) -> None:
    """Both flagged stages, as the pipeline builds them from real services, reach no store."""

    async def body(services: Services) -> list[Stage[Any, Any, Any]]:
        assert services.rollout is not None and services.jobs is not None
        return [_text_stage(services), _analyze_stage(services)]

    stages = run_with(tmp_path, body)
    for stage in stages:
        found = [type(o).__name__ for o in reachable(stage) if isinstance(o, FORBIDDEN)]
        assert found == [], f"a shadow candidate could reach {found}"


def test_the_walk_finds_a_store_a_careless_stage_would_capture(tmp_path: Path) -> None:
    """The check above can fail: a stage closing over the services is caught."""

    async def body(services: Services) -> Stage[Any, Any, Any]:
        async def careless(variant: str, text: str) -> str:
            await services.jobs.get_job(text)
            return variant

        return Stage(careless, {}, "x", lambda a, b: {})

    found = {
        type(o).__name__ for o in reachable(run_with(tmp_path, body)) if isinstance(o, FORBIDDEN)
    }
    assert {"Services", "SqlRepository"} <= found


def test_the_experiment_runner_takes_only_the_stage_variants_and_inputs() -> None:
    assert list(inspect.signature(run_experiment).parameters) == [
        "stage",
        "control",
        "candidate",
        "inputs",
        "timeout_s",
    ]
