"""Alembic migrations of the relational schema (`resume-worker db upgrade`)."""
