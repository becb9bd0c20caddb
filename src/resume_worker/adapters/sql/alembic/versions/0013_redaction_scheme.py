"""candidate versions: the redaction scheme their stored text was redacted by

Revision ID: 0013
Revises: 0012

`candidate_versions.redaction` is the version of the PII vocabulary and redaction rules
(core.pii.REDACTION_SCHEME) that a version's chunks and public profile were redacted by. Rows
written before this migration get 0: their text was redacted only of what the analyst found,
so it may hold names, birth dates and addresses the analyst missed. A migration has no keys and
no embedder, so it only marks them; `resume-worker candidates redact` re-redacts, re-chunks and
re-indexes every version below the current scheme, then compacts the database.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE on both backends: SQLite's batch mode would rebuild the table and drop
    # the search triggers on it (0004, 0011).
    op.add_column(
        "candidate_versions",
        sa.Column("redaction", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_column("candidate_versions", "redaction")
