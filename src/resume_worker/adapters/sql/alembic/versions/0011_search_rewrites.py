"""search generations: a second counter, of the changes that are not new chunks (SQLite)

Revision ID: 0011
Revises: 0010

`search_generations.generation` moves on every change a cached search snapshot must see. Most
changes only add: a new resume adds a version and its chunks. `rewrites` moves on the others (a
chunk deleted, changed or re-embedded, a version no longer the latest or deleted), so a search
that finds only the generation moved adds the new rows to its snapshot instead of reloading
every vector of the tenant (sql_search_snapshot.py). On PostgreSQL nothing changes.
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

REWRITE_NEW = (
    "INSERT INTO search_generations (tenant_id, generation, rewrites) VALUES (NEW.tenant_id, 1, 1)"
    " ON CONFLICT (tenant_id) DO UPDATE SET generation = generation + 1, rewrites = rewrites + 1;"
)
REWRITE_OLD = REWRITE_NEW.replace("NEW.tenant_id", "OLD.tenant_id")
BUMP_NEW = (
    "INSERT INTO search_generations (tenant_id, generation) VALUES (NEW.tenant_id, 1)"
    " ON CONFLICT (tenant_id) DO UPDATE SET generation = generation + 1;"
)
BUMP_OLD = BUMP_NEW.replace("NEW.tenant_id", "OLD.tenant_id")
DROP_TERMS = "DELETE FROM chunk_terms WHERE rowid = OLD.id;"
# The triggers of 0004 that see more than an addition, each with the counter it bumps.
TRIGGERS = {
    "search_chunk_embedded": ("AFTER UPDATE OF embedding, model, dim ON chunks BEGIN {new} END"),
    "search_chunk_changed": (
        "AFTER UPDATE OF text, tenant_id, record_id ON chunks BEGIN "
        + DROP_TERMS
        + "{old}{new} END"
    ),
    "search_chunk_deleted": "AFTER DELETE ON chunks BEGIN " + DROP_TERMS + "{old} END",
    "search_version_latest": (
        "AFTER UPDATE OF is_latest ON candidate_versions WHEN NEW.is_latest IS NOT OLD.is_latest"
        " BEGIN DELETE FROM chunk_terms WHERE NOT NEW.is_latest"
        " AND rowid IN (SELECT id FROM chunks WHERE record_id = NEW.id); {new} END"
    ),
    "search_version_deleted": "AFTER DELETE ON candidate_versions BEGIN {old} END",
}


def _triggers(new: str, old: str) -> None:
    for name, body in TRIGGERS.items():
        op.execute(f"DROP TRIGGER {name}")
        op.execute(f"CREATE TRIGGER {name} " + body.format(new=new, old=old))


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("ALTER TABLE search_generations ADD COLUMN rewrites INTEGER NOT NULL DEFAULT 0")
    _triggers(REWRITE_NEW, REWRITE_OLD)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _triggers(BUMP_NEW, BUMP_OLD)
    op.execute("ALTER TABLE search_generations DROP COLUMN rewrites")
