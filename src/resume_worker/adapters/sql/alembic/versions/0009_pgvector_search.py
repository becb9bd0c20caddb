"""pgvector search on PostgreSQL: the vector extension and two side tables of chunks

Revision ID: 0009
Revises: 0008

On PostgreSQL the search index lives beside `chunks`, one row per chunk of a latest version:
`search_terms` holds the chunk's keyword tsvector (kiwipiepy morphemes, see
adapters/pg_search_rows.py) with a GIN index, and `search_vectors` its current vector. The
vector column has no fixed dimension, so vectors of different models and dimensions coexist;
the PostgreSQL search adapter builds one HNSW index (cosine) per dimension when it first meets
it, on the expression `embedding::vector(dim)` and partial on `dim = N` (pgvector's way of
indexing mixed dimensions), since a dimension is known only once an embedder writes one. Both
tables carry the tenant and the candidate's filter facts (experience months, skill keys) so a
filtered search reads one table. Rows leave with their chunk (ON DELETE CASCADE) and when their
version stops being the latest (trigger); the writers add them (store, reembed, refresh).

On SQLite nothing is created here (migration 0004 built its FTS5 index).
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

FACTS = (
    "chunk_id INTEGER PRIMARY KEY REFERENCES chunks (id) ON DELETE CASCADE,"
    " tenant_id VARCHAR(64) NOT NULL, record_id VARCHAR(36) NOT NULL,"
    " kind VARCHAR(16) NOT NULL, months INTEGER, skills TEXT[] NOT NULL, hangul REAL NOT NULL"
)
POSTGRESQL_UP = (
    "CREATE EXTENSION IF NOT EXISTS vector",
    f"CREATE TABLE search_terms ({FACTS}, terms TSVECTOR NOT NULL)",
    "CREATE INDEX search_terms_terms ON search_terms USING gin (terms)",
    "CREATE INDEX search_terms_record ON search_terms (record_id)",
    "CREATE INDEX search_terms_tenant ON search_terms (tenant_id)",
    f"CREATE TABLE search_vectors ({FACTS}, model VARCHAR(100) NOT NULL, dim INTEGER NOT NULL,"
    " embedding VECTOR NOT NULL)",
    "CREATE INDEX search_vectors_tenant ON search_vectors (tenant_id, dim, model)",
    "CREATE INDEX search_vectors_record ON search_vectors (record_id)",
    "CREATE FUNCTION search_drop_superseded() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " DELETE FROM search_terms WHERE record_id = NEW.id;"
    " DELETE FROM search_vectors WHERE record_id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER search_version_superseded AFTER UPDATE OF is_latest ON candidate_versions"
    " FOR EACH ROW WHEN (OLD.is_latest AND NOT NEW.is_latest)"
    " EXECUTE FUNCTION search_drop_superseded()",
    "CREATE FUNCTION search_drop_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " DELETE FROM search_terms WHERE chunk_id = OLD.id;"
    " DELETE FROM search_vectors WHERE chunk_id = OLD.id; RETURN NULL; END $$",
    "CREATE TRIGGER search_chunk_changed AFTER UPDATE OF text, tenant_id, record_id ON chunks"
    " FOR EACH ROW EXECUTE FUNCTION search_drop_changed()",
)
# The extension stays: other schemas of the database may use it.
POSTGRESQL_DOWN = (
    "DROP TRIGGER search_chunk_changed ON chunks",
    "DROP FUNCTION search_drop_changed()",
    "DROP TRIGGER search_version_superseded ON candidate_versions",
    "DROP FUNCTION search_drop_superseded()",
    "DROP TABLE search_vectors",
    "DROP TABLE search_terms",
)


def _run(statements: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(POSTGRESQL_UP)


def downgrade() -> None:
    _run(POSTGRESQL_DOWN)
