"""The settings checked as a whole before anything is built: every problem at once, readably."""

from __future__ import annotations

from resume_worker.composition.analysts import llm_problems
from resume_worker.composition.database import database_url
from resume_worker.composition.embedding import embedding_problems
from resume_worker.composition.keyring import load_keyring
from resume_worker.composition.queue import queue_problems
from resume_worker.composition.rollout import rollout_problems
from resume_worker.composition.storage import storage_problems
from resume_worker.composition.webhooks import webhook_problems
from resume_worker.privacy.crypto import KeyringError
from resume_worker.settings import Settings


class ConfigurationError(ValueError):
    """Settings that cannot run; the message lists every problem found."""


def config_problems(settings: Settings) -> list[str]:
    """Everything wrong with the settings for this build, as readable lines (empty when fine)."""
    problems: list[str] = []
    crypto = settings.crypto
    if crypto.keys.get_secret_value() or crypto.secrets_dir or settings.env == "production":
        try:
            load_keyring(settings)
        except KeyringError as exc:
            problems.append(str(exc))
    problems += storage_problems(settings) + webhook_problems(settings)
    if not database_url(settings).startswith(("sqlite:///", "postgresql+psycopg://")):
        problems.append(
            "RESUME_WORKER_DATABASE__URL: use sqlite:///PATH or postgresql+psycopg://..."
        )
    problems += queue_problems(settings)
    problems += embedding_problems(settings)
    return problems + llm_problems(settings) + rollout_problems(settings)


def check_config(settings: Settings) -> None:
    """Raise ConfigurationError listing every problem, if there is any."""
    problems = config_problems(settings)
    if problems:
        raise ConfigurationError("; ".join(problems))
