"""search index: per-tenant generations and the FTS5 keyword table (SQLite)

Revision ID: 0004
Revises: 0002

On SQLite: `search_generations` counts, per tenant, every change that makes a cached search
snapshot stale (a chunk added, deleted or changed, a version no longer the latest), bumped by
triggers so every writer (pipeline, erasure, reembed, another process) is covered; `chunk_terms`
is an FTS5 table of each latest chunk's morphemes and its share of Hangul letters (filled by the
search adapter, emptied of a chunk's row by triggers). On PostgreSQL nothing is created here:
pgvector's HNSW index and a tsvector index belong to the PostgreSQL search adapter.
"""

from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


# Per tenant: INSERT ... ON CONFLICT DO UPDATE bumps the counter (first change: 1).
BUMP_NEW = (
    "INSERT INTO search_generations (tenant_id, generation) VALUES (NEW.tenant_id, 1)"
    " ON CONFLICT (tenant_id) DO UPDATE SET generation = generation + 1;"
)
BUMP_OLD = BUMP_NEW.replace("NEW.tenant_id", "OLD.tenant_id")
DROP_TERMS = "DELETE FROM chunk_terms WHERE rowid = OLD.id;"
SQLITE_UP = (
    "CREATE TABLE search_generations (tenant_id VARCHAR(64) NOT NULL PRIMARY KEY,"
    " generation INTEGER NOT NULL)",
    "CREATE VIRTUAL TABLE chunk_terms USING fts5(tenant, terms, hangul UNINDEXED,"
    " tokenize = 'porter unicode61 remove_diacritics 2')",
    "INSERT INTO chunk_terms (chunk_terms, rank) VALUES ('rank', 'bm25(0.0, 1.0)')",
    "CREATE TRIGGER search_chunk_added AFTER INSERT ON chunks BEGIN " + BUMP_NEW + " END",
    "CREATE TRIGGER search_chunk_embedded AFTER UPDATE OF embedding, model, dim ON chunks"
    " BEGIN " + BUMP_NEW + " END",
    "CREATE TRIGGER search_chunk_changed AFTER UPDATE OF text, tenant_id, record_id ON chunks"
    " BEGIN " + DROP_TERMS + BUMP_OLD + BUMP_NEW + " END",
    "CREATE TRIGGER search_chunk_deleted AFTER DELETE ON chunks"
    " BEGIN " + DROP_TERMS + BUMP_OLD + " END",
    "CREATE TRIGGER search_version_latest AFTER UPDATE OF is_latest ON candidate_versions"  # noqa: S608 - constant SQL
    " WHEN NEW.is_latest IS NOT OLD.is_latest BEGIN"
    " DELETE FROM chunk_terms WHERE NOT NEW.is_latest"
    " AND rowid IN (SELECT id FROM chunks WHERE record_id = NEW.id); " + BUMP_NEW + " END",
    "CREATE TRIGGER search_version_deleted AFTER DELETE ON candidate_versions"
    " BEGIN " + BUMP_OLD + " END",
)
SQLITE_DOWN = (
    "DROP TRIGGER search_version_deleted",
    "DROP TRIGGER search_version_latest",
    "DROP TRIGGER search_chunk_deleted",
    "DROP TRIGGER search_chunk_changed",
    "DROP TRIGGER search_chunk_embedded",
    "DROP TRIGGER search_chunk_added",
    "DROP TABLE chunk_terms",
    "DROP TABLE search_generations",
)


def _run(statements: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(SQLITE_UP)


def downgrade() -> None:
    _run(SQLITE_DOWN)
