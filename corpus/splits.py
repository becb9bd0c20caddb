"""The split of each template, fixed before any tuning by a rule on its id: within each family,
templates are ranked by the SHA-256 of their id and the first 30 % (rounded up) are `test`, the
rest `train`. Every family therefore has templates on both sides; a family of one template is a
build error. Documents built from a template take its split, and so does the persona in them."""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable

TEST_SHARE = 0.3


def _rank(template_id: str) -> str:
    return hashlib.sha256(template_id.encode("utf-8")).hexdigest()


def assign_splits(templates: Iterable[tuple[str, str]]) -> dict[str, str]:
    """{template id: "train" | "test"} for (template id, family) pairs."""
    families: dict[str, list[str]] = defaultdict(list)
    for template_id, family in templates:
        families[family].append(template_id)
    splits: dict[str, str] = {}
    for family, ids in families.items():
        if len(ids) < 2:
            raise ValueError(f"family {family} needs two templates to sit on both sides")
        ranked = sorted(ids, key=_rank)
        tests = math.ceil(len(ids) * TEST_SHARE)
        splits |= {t: ("test" if i < tests else "train") for i, t in enumerate(ranked)}
    return splits
