"""Snippets: the part of a matched chunk's (redacted) text around the query's words."""

from __future__ import annotations

import re

SNIPPET_CHARS = 240
_WORD = re.compile(r"\w+")
_HANGUL = re.compile(r"[가-힣]")


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """About `width` characters of `text` around the first place a query word appears (for a
    Korean word also its leading part, as compounds split: 백엔드개발자 -> 백엔드 개발자), or
    its opening when none does; whitespace collapsed."""
    flat = " ".join(text.split())
    at = _first_hit(flat.casefold(), query.casefold())
    start = max(0, at - width // 3)
    piece = flat[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(flat) else ""
    return f"{prefix}{piece}{suffix}"


def _first_hit(text: str, query: str) -> int:
    positions = []
    for word in _WORD.findall(query):
        shortest = 2 if _HANGUL.search(word) else len(word)
        for size in range(len(word), shortest - 1, -1):
            found = text.find(word[:size])
            if found >= 0:
                positions.append(found)
                break
    return min(positions, default=0)
