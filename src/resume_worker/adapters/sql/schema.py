"""The relational schema (SQLAlchemy Core), shared by the repository and the Alembic migrations."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from resume_worker.adapters.sql.utc import UtcDateTime

metadata = MetaData()

jobs = Table(
    "jobs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("file_ext", String(16), nullable=False),
    Column("blob_key", String(200)),
    Column("file_name_enc", LargeBinary),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error_code", String(40)),
    Column("error_message", Text),
    Column("candidate_id", String(36)),
    Column("record_id", String(36)),
    Column("result", Text),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("finished_at", UtcDateTime()),
)

candidates = Table(
    "candidates",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), nullable=False, index=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

candidate_versions = Table(
    "candidate_versions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("candidate_id", String(36), ForeignKey("candidates.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("parent_id", String(36)),
    Column("job_id", String(36), nullable=False, unique=True),
    Column("is_latest", Boolean, nullable=False),
    Column("accepted_at", UtcDateTime(), nullable=False),
    Column("profile", Text, nullable=False),
    Column("field_confidence", Text, nullable=False),
    Column("field_sources", Text, nullable=False),
    Column("warnings", Text, nullable=False),
    # The redaction scheme of the version's stored text (core.pii.REDACTION_SCHEME).
    Column("redaction", Integer, nullable=False, server_default="0"),
    UniqueConstraint("candidate_id", "version"),
)

candidate_pii = Table(
    "candidate_pii",
    metadata,
    Column("record_id", String(36), ForeignKey("candidate_versions.id"), primary_key=True),
    Column("field", String(32), primary_key=True),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("key_id", String(32), nullable=False),
)

blind_indexes = Table(
    "blind_indexes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant_id", String(64), nullable=False),
    Column("candidate_id", String(36), nullable=False),
    Column("record_id", String(36), ForeignKey("candidate_versions.id"), nullable=False),
    Column("field", String(16), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_blind_indexes_lookup", "tenant_id", "field", "digest"),
)

chunks = Table(
    "chunks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(36), ForeignKey("candidate_versions.id"), nullable=False),
    Column("tenant_id", String(64), nullable=False, index=True),
    Column("candidate_id", String(36), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("ord", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("embedding", LargeBinary),
    Column("model", String(100), nullable=False),
    Column("dim", Integer, nullable=False),
    UniqueConstraint("record_id", "ord"),
)

ledger = Table(
    "ledger",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant_id", String(64), nullable=False, index=True),
    Column("job_id", String(36), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("job_id", "kind"),
)

# Encryptions made per key id, summed over every process (AES-GCM random nonces: <= 2^32 per key).
key_usage = Table(
    "key_usage",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("encryptions", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

# One row per erased candidate: ids and counts only, never PII. `pending_blobs` lists the blob
# keys still to delete (a JSON array) until `completed_at` is set.
erasures = Table(
    "erasures",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("candidate_id", String(36), nullable=False, index=True),
    Column("versions", Integer, nullable=False),
    Column("pii_fields", Integer, nullable=False),
    Column("blind_indexes", Integer, nullable=False),
    Column("chunks", Integer, nullable=False),
    Column("jobs", Integer, nullable=False),
    Column("pending_blobs", Text, nullable=False),
    Column("blobs_deleted", Integer, nullable=False),
    Column("requested_at", UtcDateTime(), nullable=False),
    Column("completed_at", UtcDateTime()),
)

# HTTP API keys: the SHA-256 of each token, never the token; `id` is the token's public prefix,
# used to find the row before the constant-time comparison. `scopes` is space-separated.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("tenant_id", String(64), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("secret_sha256", String(64), nullable=False),
    Column("scopes", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime()),
)

# One row per upload accepted through the API: its Idempotency-Key (unique per tenant) and a
# fingerprint of the request, the job it made (NULL while the first request is in flight) and
# the webhook URL to notify, sealed (privacy/webhook_urls.py). `webhook_url` is the plaintext
# column of rows written before URLs were encrypted, NULL once encrypt_stored_webhook_urls ran.
api_submissions = Table(
    "api_submissions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("idempotency_key", String(255)),
    Column("fingerprint", String(64), nullable=False),
    Column("job_id", String(36), unique=True),
    Column("webhook_url", Text),
    Column("webhook_url_enc", LargeBinary),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "idempotency_key"),
)

# Webhooks (DESIGN §1, stage 11): an endpoint per tenant and URL (disabled after a 410), one
# delivery per endpoint and event holding the exact body every attempt sends (ids, status and
# error code only), and each attempt's outcome (status code or error type, never a body).
# An endpoint's URL is sealed (`url_enc`) and found by its keyed digest, unique per tenant;
# `url` is the plaintext of older rows, as in api_submissions.
webhook_endpoints = Table(
    "webhook_endpoints",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("url", Text),
    Column("url_enc", LargeBinary),
    Column("url_digest", String(64)),
    Column("disabled_at", UtcDateTime()),
    Column("disabled_reason", String(64)),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("tenant_id", "url_digest"),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("event_id", String(64), nullable=False),
    Column("event_type", String(32), nullable=False),
    Column("endpoint_id", String(36), ForeignKey("webhook_endpoints.id"), nullable=False),
    Column("tenant_id", String(64), nullable=False, index=True),
    Column("job_id", String(36), nullable=False, index=True),
    Column("body", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("error_code", String(40)),
    Column("attempts", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("delivered_at", UtcDateTime()),
    # While pending: when the next attempt is due (or until when a running attempt holds it).
    Column("next_attempt_at", UtcDateTime()),
    # The number of the attempt the current retry schedule began with (an operator's
    # redelivery starts a new schedule).
    Column("schedule_from", Integer, nullable=False, server_default="1"),
    UniqueConstraint("endpoint_id", "event_id"),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "delivery_id",
        String(36),
        ForeignKey("webhook_deliveries.id"),
        nullable=False,
        index=True,
    ),
    Column("number", Integer, nullable=False),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("status_code", Integer),
    Column("error", String(200)),
)

# Rollout (DESIGN §2): flags, each job's decision per flag (a retry takes the same path) and the
# shadow observations (field names, timings and costs; never a value from a document).
rollout_flags = Table(
    "rollout_flags",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("salt", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    Column("percent", Integer, nullable=False),
    Column("sticky", String(16), nullable=False),
    Column("control", String(64), nullable=False),
    Column("candidate", String(64), nullable=False),
    Column("sample", Float, nullable=False),
    Column("cost_budget", Float),
    Column("killed_at", UtcDateTime()),
    Column("updated_at", UtcDateTime(), nullable=False),
)

rollout_decisions = Table(
    "rollout_decisions",
    metadata,
    Column("job_id", String(36), primary_key=True),
    Column("flag", String(64), primary_key=True),
    Column("arm", String(16), nullable=False),
    Column("variant", String(64), nullable=False),
    Column("bucket", Integer, nullable=False),
    Column("shadow", Boolean, nullable=False),
    Column("noise", Boolean, nullable=False),
    Column("shadow_variant", String(64), nullable=False),
    Column("decided_at", UtcDateTime(), nullable=False),
)

rollout_observations = Table(
    "rollout_observations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("flag", String(64), nullable=False),
    Column("job_id", String(36), nullable=False),
    Column("noise", Boolean, nullable=False),
    Column("control", String(64), nullable=False),
    Column("candidate", String(64), nullable=False),
    Column("control_ms", Float),
    Column("candidate_ms", Float),
    Column("control_cost", Float),
    Column("candidate_cost", Float),
    Column("candidate_error", String(64)),
    Column("fields", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("flag", "job_id"),
)
