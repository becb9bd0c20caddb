"""SQL adapters (SQLAlchemy 2, SQLite or PostgreSQL): the engine, schema, migrations, stores and
search indexes.
"""
