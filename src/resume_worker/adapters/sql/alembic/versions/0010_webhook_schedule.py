"""webhook deliveries: the next attempt's time and where the current retry schedule began

Revision ID: 0010
Revises: 0009

Retries of a delivery are no longer slept through in a worker: a pending delivery records when
its next attempt is due and a scheduler (the broker's deliver_webhook actor, or the embedded
runtime's tasks) makes it then. Deliveries left pending by the older code are due at once.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True)))
        batch_op.add_column(
            sa.Column("schedule_from", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.create_index("ix_webhook_deliveries_due", ["status", "next_attempt_at"])
    op.execute(
        "UPDATE webhook_deliveries SET next_attempt_at = updated_at WHERE status = 'pending'"
    )


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_deliveries_due")
        batch_op.drop_column("schedule_from")
        batch_op.drop_column("next_attempt_at")
