"""Korean sentence boundaries and morphemes from kiwipiepy, with one analyser per process loaded
on first use.

The model ships inside the `kiwipiepy-model` package, so nothing is downloaded. Loading takes about
a second and 150 MB, which is why it waits until the first Korean text instead of start-up, and
why the typo and multi-word dictionaries (slow to build, useless for finding sentence ends, and
search terms split finer without multi-word entries) stay unloaded.
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
    """The process's Kiwi, built once (under _LOCK, so two first callers do not both build)."""
    if not _ANALYSER:
        with _LOCK:
            if not _ANALYSER:
                _ANALYSER.append(_build())
    return _ANALYSER[0]


def _build() -> Any:
    from kiwipiepy import Kiwi  # type: ignore[import-untyped]  # noqa: PLC0415 - deferred

    with warnings.catch_warnings():
        # num_workers=0 (analyse on the calling thread) warns that its meaning changed in 0.21
        warnings.simplefilter("ignore", DeprecationWarning)
        return Kiwi(num_workers=0, load_typo_dict=False, load_multi_dict=False)


def morphemes(text: str) -> list[tuple[str, str]]:
    """(form, part-of-speech tag) of each morpheme of `text`, in order. Takes no lock: Kiwi's
    author states that one instance built on one thread may analyse on many at once
    (bab2min/Kiwi#145), and a search query must not queue behind a long document's split."""
    return [(token.form, token.tag) for token in _kiwi().tokenize(text)]


def sentence_ends(lines: Sequence[str]) -> list[list[int]]:
    """For each line, the offsets (into that line) where kiwipiepy ends a sentence before the
    line's own end. The lines go in as one text, one call, to keep per-call overhead out of long
    documents (batch calls would need worker threads)."""
    if not lines:
        return []
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    kiwi = _kiwi()
    with _LOCK:  # sentence splitting keeps its lock: cheap enough to queue
        found = kiwi.split_into_sents("\n".join(lines), return_sub_sents=False)
    ends: list[list[int]] = [[] for _ in lines]
    for sentence in found:
        index = bisect_right(starts, sentence.end) - 1
        offset = sentence.end - starts[index]
        if 0 < offset < len(lines[index]):
            ends[index].append(offset)
    return ends
