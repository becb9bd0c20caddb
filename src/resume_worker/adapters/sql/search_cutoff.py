"""Common terms in keyword search, on both databases: a term held by a large share of a tenant's
chunks is left out of matching, after Elasticsearch's `cutoff_frequency` (Lucene's
CommonTermsQuery).

Scoring every chunk that holds "개발자" or "engineer" is most of a keyword search's cost in a
large tenant (300-900 ms at 100,000 chunks on SQLite), and such a term says little about which
chunk is relevant. So in a tenant with more than COMMON_MIN_CHUNKS chunks, a term held by more
than max(COMMON_MIN_CHUNKS, COMMON_SHARE of the chunks) is common, and chunks are matched (half
of the terms, as always) and ranked on the other terms. When every term of a query is common,
the keyword side finds nothing and the vector side ranks alone: Elasticsearch would require all
of them, but terms that are common together ("백엔드 개발자") still match tens of thousands of
chunks that bm25 cannot tell apart. A smaller tenant is searched on every term, as before, so
the committed quality benchmark (about 300 chunks) is not affected.

The counts come from the keyword index itself, capped just past the limit (a common term is
not counted to the end), and are kept per process: on SQLite for one generation of the tenant,
on PostgreSQL for COUNTS_TTL_S.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable

COMMON_MIN_CHUNKS = 2000
COMMON_SHARE = 0.02
COUNTS_KEPT = 4096
COUNTS_TTL_S = 60.0


def common_limit(total: int) -> int | None:
    """How many of a tenant's `total` chunks a term may be held by and still be matched on;
    None when the tenant is too small for any term to be common."""
    limit = max(COMMON_MIN_CHUNKS, int(COMMON_SHARE * total))
    return limit if total > limit else None


def without_common(terms: Iterable[str], common: set[str]) -> list[str]:
    """The terms chunks are matched on: those that are not common (none when all are)."""
    return [term for term in dict.fromkeys(terms) if term not in common]


class Counts:
    """A bounded per-process memory of counts, each with the time it was taken (least recently
    used out first; SQLite's searches use it from several threads)."""

    def __init__(self, size: int = COUNTS_KEPT) -> None:
        self._size = size
        self._kept: OrderedDict[Hashable, tuple[float, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, *, taken_after: float = float("-inf")) -> int | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None or found[0] <= taken_after:
                return None
            self._kept.move_to_end(key)
            return found[1]

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def put(self, key: Hashable, count: int, *, taken_at: float = 0.0) -> int:
        with self._lock:
            self._kept[key] = (taken_at, count)
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return count
