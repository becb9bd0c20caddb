"""Text helpers below every layer: Korean sentences and morphemes, sentence-aware windows, search
terms, hardened XML.
"""
