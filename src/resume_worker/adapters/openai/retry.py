"""What the OpenAI-SDK adapters (chat and embeddings) hand the one retry loop, core/retry.py.

The SDK's failures, and a body that is not JSON (the SDK's ValueError), are mapped through the one
whitelist, adapters/error_map.py. The callers differ only in `role`: it picks the error codes the
whitelist reports (LLM_* or EMBEDDING_TIMEOUT), the logger and the words of the retry warning.
"""

from __future__ import annotations

from typing import Literal

import openai

from resume_worker.adapters.error_map import to_worker_error
from resume_worker.core.errors import WorkerError
from resume_worker.core.retry import CallRetry, RetryBudget

OpenAIRole = Literal["llm", "embedding"]
# ValueError: the SDK's answer to a body that is not JSON.
OPENAI_FAILURES: tuple[type[Exception], ...] = (openai.APIError, ValueError)


def openai_retry(role: OpenAIRole, retries: int, base_s: float, cap_s: float) -> CallRetry:
    """The retry loop of one OpenAI-compatible endpoint's calls playing `role`."""

    def to_error(exc: Exception) -> WorkerError:
        return to_worker_error(exc, role)

    return CallRetry(role, RetryBudget(retries, base_s, cap_s), OPENAI_FAILURES, to_error)
