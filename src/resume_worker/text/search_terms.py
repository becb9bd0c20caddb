"""Search terms: the Korean morphemes and English words of a text, the same for what is indexed
and for a query, so "백엔드개발자" and "백엔드 개발자" both become `백 엔드 개발자`."""

from __future__ import annotations

import re

from resume_worker.text.korean_text import morphemes

# Kiwi part-of-speech tags that carry meaning: nouns (not bound nouns such as 년, 개), foreign
# words, numbers, hanja, roots and verb/adjective stems. Particles, endings, suffixes and
# punctuation are left out.
CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "NP", "SL", "SN", "SH", "XR", "VV", "VA"})
# English function words: they match almost every English chunk and carry no meaning.
STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were",
    "will", "with", "who", "whose", "which",
})  # fmt: skip
_WORD = re.compile(r"\w+")


def terms(text: str) -> list[str]:
    """The text's content morphemes, lower-cased, in order (repeats kept: they weigh in bm25)."""
    found: list[str] = []
    for form, tag in morphemes(text):
        if tag in CONTENT_TAGS:
            found += [w for w in _WORD.findall(form.lower()) if w not in STOPWORDS]
    return found


def hangul_share(text: str) -> float:
    """Share of Hangul among the letters (0 when there are none): how Korean a text is."""
    letters = sum(ch.isalpha() for ch in text)
    hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in text)
    return hangul / letters if letters else 0.0


def index_text(text: str) -> str:
    """What the keyword index stores for a chunk: its terms joined by spaces."""
    return " ".join(terms(text))


def query_terms(text: str) -> list[str]:
    """A query's distinct terms, in order."""
    return list(dict.fromkeys(terms(text)))
