"""The SearchIndex on SQLite without loadable extensions: a NumPy vector index and FTS5 keyword
search.
"""
