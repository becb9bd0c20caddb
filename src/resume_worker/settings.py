"""All configuration: one pydantic-settings class, read once at start-up and passed down as values.

Precedence (highest first): init arguments > environment (`RESUME_WORKER_` prefix, `__` between a
group and its field) > `.env` > the TOML file (`RESUME_WORKER_CONFIG`, default `resume-worker.toml`)
> defaults. Every setting is read somewhere; `tests/test_settings.py` lists any that are not.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

CONFIG_FILE_ENV = "RESUME_WORKER_CONFIG"


class RetrySettings(BaseModel):
    """Job-level retries (the embedded scheduler or the broker delays them, never a worker slot)."""

    max_attempts: int = Field(3, ge=1, le=20)
    backoff_base_s: float = Field(1.0, gt=0)
    backoff_max_s: float = Field(60.0, gt=0)


class ChunkSettings(BaseModel):
    max_structured_chars: int = Field(2000, ge=100)
    max_raw_full_chars: int = Field(8000, ge=100)
    section_size: int = Field(1500, ge=100)
    section_overlap: int = Field(300, ge=0)
    korean_threshold: float = Field(0.5, ge=0, le=1)
    korean_size: int = Field(2000, ge=100)
    korean_overlap: int = Field(500, ge=0)

    @model_validator(mode="after")
    def _overlap_below_size(self) -> ChunkSettings:
        if self.section_overlap >= self.section_size or self.korean_overlap >= self.korean_size:
            raise ValueError("chunk overlaps must be smaller than their chunk sizes")
        return self


class LimitsSettings(BaseModel):
    max_file_mb: float = Field(50, gt=0)
    max_pages: int = Field(50, ge=1)
    max_uncompressed_mb: float = Field(200, gt=0)
    max_zip_entries: int = Field(2000, ge=1)
    max_compression_ratio: float = Field(200, gt=1)
    min_text_chars: int = Field(100, ge=0)
    doc_convert_timeout_s: float = Field(60, gt=0)


StructuredOutput = Literal["json_schema", "json_object", "tools", "prompt"]


class ModelPrice(BaseModel):
    """What one model costs per million tokens, in the currency the job's `usage.cost` uses."""

    input: float = Field(ge=0)
    output: float = Field(ge=0)


class LlmSettings(BaseModel):
    """The analyst, its OpenAI-compatible endpoint(s), retries, prompt budget and prices.

    `crosscheck_*` describe the second endpoint of the crosscheck analyst; an empty base URL,
    key or structured-output mode there means the first endpoint's.
    """

    analyst: Literal["rules", "llm", "crosscheck"] = "rules"
    base_url: str = ""
    api_key: SecretStr = SecretStr("")
    model: str = ""
    structured_output: StructuredOutput = "json_schema"
    timeout: float = Field(120, gt=0)
    connect_timeout: float = Field(10, gt=0)
    retries: int = Field(2, ge=0)
    backoff_base_s: float = Field(1.0, gt=0)
    backoff_max_s: float = Field(30.0, gt=0)
    send_names: bool = True
    identity_vote: bool = True
    max_prompt_chars: int = Field(30000, ge=1000)
    max_output_tokens: int = Field(4096, ge=256)
    # Model name -> price per 1M tokens, e.g. {"gpt-4o-mini": {"input": 0.15, "output": 0.6}}.
    prices: dict[str, ModelPrice] = {}
    crosscheck_base_url: str = ""
    crosscheck_api_key: SecretStr = SecretStr("")
    crosscheck_model: str = ""
    crosscheck_structured_output: StructuredOutput | None = None


class EmbeddingSettings(BaseModel):
    """`local`: multilingual-e5-small in-process, offline (the default). `openai`: any
    OpenAI-compatible /v1/embeddings at base_url; model and dim (its vectors' length) are then
    required, and send_dimensions asks the server to shorten its vectors to dim (text-embedding-3
    can; most others refuse the parameter). Its texts are counted by UTF-8 bytes, an upper bound
    for any tokenizer, against max_input_tokens."""

    provider: Literal["local", "openai"] = "local"
    base_url: str = ""
    api_key: SecretStr = SecretStr("")
    model: str = ""
    dim: int | None = Field(None, ge=1, le=16384)
    send_dimensions: bool = False
    max_input_tokens: int = Field(8191, ge=64)
    batch_size: int = Field(16, ge=1, le=2048)
    retries: int = Field(3, ge=0)
    timeout: float = Field(60, gt=0)
    backoff_min_s: float = Field(1, gt=0)
    backoff_max_s: float = Field(10, gt=0)


class StorageSettings(BaseModel):
    url: str = ""
    endpoint_url: str = ""
    retain_originals: bool = True
    retries: int = Field(3, ge=0)
    timeout: float = Field(30, gt=0)


class DatabaseSettings(BaseModel):
    url: str = ""
    busy_timeout_s: float = Field(30, gt=0)


class QueueSettings(BaseModel):
    """The distributed runtime: broker, queue, workers and the per-job time limit.

    A run is cut off after `job_time_limit_s`, which must end before the broker would hand the
    message of a running job to another worker: Redis takes a worker whose heartbeat is older
    than `heartbeat_timeout_s` for dead and requeues its unacked messages (a dead worker's
    jobs come back after that long); RabbitMQ closes a channel that holds a delivery past the
    server's consumer_timeout, restated here as `consumer_timeout_s`.
    """

    # Empty: the embedded runtime; redis://HOST:PORT/DB (rediss://) or amqp://USER:PASS@HOST/VHOST.
    broker_url: str = ""
    name: str = Field("resumes", pattern=r"^[A-Za-z_][A-Za-z0-9._-]{0,63}$")
    worker_processes: int = Field(1, ge=1, le=64)
    worker_threads: int = Field(8, ge=1, le=256)
    job_time_limit_s: float = Field(600, gt=0)
    heartbeat_timeout_s: float = Field(660, gt=0)
    consumer_timeout_s: float = Field(1800, gt=0)
    # Share of Redis broker calls that also requeue the messages of dead workers.
    maintenance_chance: float = Field(0.01, gt=0, le=1)


class WebhookSettings(BaseModel):
    """Signed job notifications (Standard Webhooks). `retries` more attempts after the first,
    `delay` the backoff base in seconds, `timeout` per attempt."""

    retries: int = Field(3, ge=0)
    timeout: float = Field(10, gt=0)
    delay: float = Field(1, ge=0)
    # The endpoint of every job submitted without a webhook URL of its own ("" = none).
    url: str = ""
    # Signing secrets (whsec_<base64>), comma-separated; each one signs every message, so a
    # receiver can switch to a new secret while the old one still verifies. Empty = no webhooks.
    secrets: SecretStr = SecretStr("")
    # Hostnames, addresses or CIDR networks the SSRF guard lets through (e.g. 127.0.0.1 for a
    # receiver on this machine); every other private or special address is refused.
    allow_hosts: str = ""


class CryptoSettings(BaseModel):
    keys: SecretStr = SecretStr("")
    primary_key_id: str = ""
    blind_index_key: SecretStr = SecretStr("")
    # Comma-separated key ids whose ciphertexts are refused (still listed, so `keys check` names
    # them).
    disabled_key_ids: str = ""
    # A folder of one-value files (keys, primary_key_id, blind_index_key, disabled_key_ids), as
    # Docker and Kubernetes mount secrets; used for any of those settings left empty.
    secrets_dir: str = ""
    warn_encryptions: int = Field(2**31, ge=1)


class CreditsSettings(BaseModel):
    # None: on when env=production, off in development.
    enforce: bool | None = None
    cost_per_job: int = Field(1, ge=0)
    refund_enabled: bool = True
    refund_below_confidence: float = Field(0.3, ge=0, le=1)
    refund_min_missing: int = Field(2, ge=1, le=3)


class AnalystVariant(BaseModel):
    """A named LLM analyst for the analyst_model flag: the llm endpoint with these changes
    (empty values: llm.*'s). Its price comes from llm.prices by model."""

    model: str = Field(min_length=1)
    base_url: str = ""
    api_key: SecretStr = SecretStr("")
    structured_output: StructuredOutput | None = None


class RolloutSettings(BaseModel):
    """Flags live in the database (`resume-worker rollout`); these are how a worker uses them.

    A worker re-reads flags when its copy is older than refresh_s less up to refresh_jitter of
    it. A shadow candidate gets candidate_timeout_s; noise_rate of the shadow runs compare the
    control with itself. raise_on_mismatch is a test mode: a differing candidate fails the job.
    """

    refresh_s: float = Field(5, gt=0)
    refresh_jitter: float = Field(0.2, ge=0, lt=1)
    candidate_timeout_s: float = Field(120, gt=0)
    noise_rate: float = Field(0.1, ge=0, le=1)
    raise_on_mismatch: bool = False
    analysts: dict[str, AnalystVariant] = {}


class ApiSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)


class OcrSettings(BaseModel):
    enabled: bool = True
    languages: str = "kor+eng"
    dpi: int = Field(300, ge=72, le=600)
    max_pages: int = Field(10, ge=0)
    timeout_s: float = Field(120, gt=0)


class SearchSettings(BaseModel):
    top_k: int = Field(10, ge=1, le=200)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="RESUME_WORKER_",
        env_nested_delimiter="__",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
    )

    env: Literal["development", "production"] = "development"
    data_dir: Path = Path(".resume-worker")
    tenant: str = Field("default", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    concurrency: int = Field(4, ge=1, le=256)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["auto", "json", "console"] = "auto"

    retry: RetrySettings = RetrySettings()
    chunk: ChunkSettings = ChunkSettings()
    limits: LimitsSettings = LimitsSettings()
    llm: LlmSettings = LlmSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    storage: StorageSettings = StorageSettings()
    database: DatabaseSettings = DatabaseSettings()
    queue: QueueSettings = QueueSettings()
    webhook: WebhookSettings = WebhookSettings()
    crypto: CryptoSettings = CryptoSettings()
    credits: CreditsSettings = CreditsSettings()
    rollout: RolloutSettings = RolloutSettings()
    api: ApiSettings = ApiSettings()
    ocr: OcrSettings = OcrSettings()
    search: SearchSettings = SearchSettings()

    @model_validator(mode="after")
    def _enforce_credits_in_production(self) -> Settings:
        if self.credits.enforce is None:
            enforce = self.env == "production"
            self.credits = self.credits.model_copy(update={"enforce": enforce})
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = Path(os.environ.get(CONFIG_FILE_ENV, "resume-worker.toml"))
        toml = TomlConfigSettingsSource(settings_cls, toml_file=toml_path)
        return init_settings, env_settings, dotenv_settings, toml, file_secret_settings
