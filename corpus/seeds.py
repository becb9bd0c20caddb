"""Seeded randomness: the same parts give the same stream on every machine and Python version."""

from __future__ import annotations

import hashlib
import random


def rng_for(*parts: object) -> random.Random:
    """A generator seeded by the SHA-256 of the parts (unlike hash(), stable across runs)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))
