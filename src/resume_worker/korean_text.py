"""Korean sentence boundaries from kiwipiepy, with one analyser per process loaded on first use.

The model ships inside the `kiwipiepy-model` package, so nothing is downloaded. Loading takes about
a second and 150 MB, which is why it waits until the first Korean text instead of start-up, and
why the typo and multi-word dictionaries (slow to build, useless for finding sentence ends) stay
unloaded.
"""

from __future__ import annotations

import threading
import warnings
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

_LOCK = threading.Lock()
_ANALYSER: list[Any] = []


def _kiwi() -> Any:
    """The process's Kiwi, built once. Callers hold _LOCK: whether one Kiwi may analyse on
    several threads at once is not documented, and sentence splitting is cheap enough to queue."""
    if not _ANALYSER:
        from kiwipiepy import Kiwi  # type: ignore[import-untyped]  # noqa: PLC0415 - deferred

        with warnings.catch_warnings():
            # num_workers=0 (analyse on the calling thread) warns that its meaning changed in 0.21
            warnings.simplefilter("ignore", DeprecationWarning)
            _ANALYSER.append(Kiwi(num_workers=0, load_typo_dict=False, load_multi_dict=False))
    return _ANALYSER[0]


def sentence_ends(lines: Sequence[str]) -> list[list[int]]:
    """For each line, the offsets (into that line) where kiwipiepy ends a sentence before the
    line's own end. The lines go in as one text, one call, to keep per-call overhead out of long
    documents (batch calls would need worker threads)."""
    if not lines:
        return []
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    with _LOCK:
        found = _kiwi().split_into_sents("\n".join(lines), return_sub_sents=False)
    ends: list[list[int]] = [[] for _ in lines]
    for sentence in found:
        index = bisect_right(starts, sentence.end) - 1
        offset = sentence.end - starts[index]
        if 0 < offset < len(lines[index]):
            ends[index].append(offset)
    return ends
