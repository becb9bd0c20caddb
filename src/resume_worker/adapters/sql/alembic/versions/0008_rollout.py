"""rollout: flags, per-job decisions and shadow observations

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _create_rollout_flags()
    _create_rollout_decisions()
    _create_rollout_observations()


def _create_rollout_flags() -> None:
    op.create_table(
        "rollout_flags",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("sticky", sa.String(length=16), nullable=False),
        sa.Column("control", sa.String(length=64), nullable=False),
        sa.Column("candidate", sa.String(length=64), nullable=False),
        sa.Column("sample", sa.Float(), nullable=False),
        sa.Column("cost_budget", sa.Float(), nullable=True),
        sa.Column("killed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def _create_rollout_decisions() -> None:
    op.create_table(
        "rollout_decisions",
        sa.Column("job_id", sa.String(length=36), nullable=False),
        sa.Column("flag", sa.String(length=64), nullable=False),
        sa.Column("arm", sa.String(length=16), nullable=False),
        sa.Column("variant", sa.String(length=64), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("shadow", sa.Boolean(), nullable=False),
        sa.Column("noise", sa.Boolean(), nullable=False),
        sa.Column("shadow_variant", sa.String(length=64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("job_id", "flag"),
    )


def _create_rollout_observations() -> None:
    op.create_table(
        "rollout_observations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("flag", sa.String(length=64), nullable=False),
        sa.Column("job_id", sa.String(length=36), nullable=False),
        sa.Column("noise", sa.Boolean(), nullable=False),
        sa.Column("control", sa.String(length=64), nullable=False),
        sa.Column("candidate", sa.String(length=64), nullable=False),
        sa.Column("control_ms", sa.Float(), nullable=True),
        sa.Column("candidate_ms", sa.Float(), nullable=True),
        sa.Column("control_cost", sa.Float(), nullable=True),
        sa.Column("candidate_cost", sa.Float(), nullable=True),
        sa.Column("candidate_error", sa.String(length=64), nullable=True),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("flag", "job_id"),
    )


def downgrade() -> None:
    op.drop_table("rollout_observations")
    op.drop_table("rollout_decisions")
    op.drop_table("rollout_flags")
