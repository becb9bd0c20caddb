"""The SearchIndex on PostgreSQL: pgvector HNSW for vectors and full text search for keywords."""
