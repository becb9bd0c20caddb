"""Candidate search: a query in, one tenant's best candidates out (hybrid retrieval, fusion,
snippets).
"""
