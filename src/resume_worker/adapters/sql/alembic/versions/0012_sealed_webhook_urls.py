"""webhook URLs sealed: ciphertext columns, and endpoints unique by a keyed digest of the URL

Revision ID: 0012
Revises: 0011

A webhook URL may carry the receiver's token, so it is stored encrypted (privacy/webhook_urls.py):
`api_submissions.webhook_url_enc`, `webhook_endpoints.url_enc`, and `webhook_endpoints.url_digest`
(an HMAC blind index) replaces the URL in the endpoint's unique constraint. A migration has no
keys: the plaintext columns stay, nullable, and rows written before keep working from them until
`encrypt_stored_webhook_urls` (adapters/sql/webhook_urls.py) seals them and NULLs the plaintext.
A downgrade is refused once any URL is sealed, as it could not decrypt them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Names for the constraints SQLite reflects without one, so batch mode can drop them.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s_%(column_1_name)s"}
URL_UNIQUE = {"sqlite": "uq_webhook_endpoints_tenant_id_url"}
PG_URL_UNIQUE = "webhook_endpoints_tenant_id_url_key"
DIGEST_UNIQUE = "uq_webhook_endpoints_tenant_id_url_digest"


def upgrade() -> None:
    with op.batch_alter_table("api_submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("webhook_url_enc", sa.LargeBinary(), nullable=True))
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("webhook_endpoints", naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column("url_enc", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("url_digest", sa.String(length=64), nullable=True))
        batch_op.alter_column("url", existing_type=sa.Text(), nullable=True)
        batch_op.drop_constraint(URL_UNIQUE.get(dialect, PG_URL_UNIQUE), type_="unique")
        batch_op.create_unique_constraint(DIGEST_UNIQUE, ["tenant_id", "url_digest"])


def downgrade() -> None:
    sealed = op.get_bind().execute(
        sa.text(
            "SELECT (SELECT count(*) FROM api_submissions WHERE webhook_url_enc IS NOT NULL)"
            " + (SELECT count(*) FROM webhook_endpoints WHERE url_enc IS NOT NULL)"
        )
    )
    if sealed.scalar_one():
        raise RuntimeError("webhook URLs are encrypted: a downgrade below 0012 would lose them")
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("webhook_endpoints", naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint(DIGEST_UNIQUE, type_="unique")
        batch_op.create_unique_constraint(
            URL_UNIQUE.get(dialect, PG_URL_UNIQUE), ["tenant_id", "url"]
        )
        batch_op.alter_column("url", existing_type=sa.Text(), nullable=False)
        batch_op.drop_column("url_digest")
        batch_op.drop_column("url_enc")
    with op.batch_alter_table("api_submissions", schema=None) as batch_op:
        batch_op.drop_column("webhook_url_enc")
