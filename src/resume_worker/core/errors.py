"""The error vocabulary of the worker: one ErrorCode enum and three exception classes."""

from __future__ import annotations

from enum import Enum
from typing import Any


class ErrorCode(str, Enum):
    """Stable, machine-readable reasons a job or a call went wrong."""

    LLM_TIMEOUT = "LLM_TIMEOUT"
    LLM_RATE_LIMIT = "LLM_RATE_LIMIT"
    LLM_UNAVAILABLE = "LLM_UNAVAILABLE"
    EMBEDDING_TIMEOUT = "EMBEDDING_TIMEOUT"
    DB_CONNECTION = "DB_CONNECTION"
    STORAGE_ERROR = "STORAGE_ERROR"
    NETWORK_ERROR = "NETWORK_ERROR"
    INVALID_FILE = "INVALID_FILE"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    TOO_MANY_PAGES = "TOO_MANY_PAGES"
    ENCRYPTED_FILE = "ENCRYPTED_FILE"
    PARSE_ERROR = "PARSE_ERROR"
    TEXT_TOO_SHORT = "TEXT_TOO_SHORT"
    OCR_UNAVAILABLE = "OCR_UNAVAILABLE"
    MULTI_IDENTITY = "MULTI_IDENTITY"
    NOT_A_RESUME = "NOT_A_RESUME"
    ENCRYPTION_ERROR = "ENCRYPTION_ERROR"
    VALIDATION_ERROR = "VALIDATION_ERROR"
    INSUFFICIENT_CREDITS = "INSUFFICIENT_CREDITS"
    ANALYSIS_FAILED = "ANALYSIS_FAILED"
    EMBEDDING_PARTIAL = "EMBEDDING_PARTIAL"
    WEBHOOK_ERROR = "WEBHOOK_ERROR"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    JOB_TIMEOUT = "JOB_TIMEOUT"
    # HTTP API requests (never a job's outcome)
    UNAUTHORIZED = "UNAUTHORIZED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT"
    IDEMPOTENCY_MISMATCH = "IDEMPOTENCY_MISMATCH"


# A job that fails with one of these is a permanent input problem: it ends `rejected`, uncharged.
REJECTION_CODES = frozenset(
    {
        ErrorCode.INVALID_FILE,
        ErrorCode.UNSUPPORTED_FORMAT,
        ErrorCode.FILE_TOO_LARGE,
        ErrorCode.TOO_MANY_PAGES,
        ErrorCode.ENCRYPTED_FILE,
        ErrorCode.TEXT_TOO_SHORT,
        ErrorCode.OCR_UNAVAILABLE,
        ErrorCode.MULTI_IDENTITY,
        ErrorCode.NOT_A_RESUME,
        ErrorCode.INSUFFICIENT_CREDITS,
    }
)


class WorkerError(Exception):
    """Base of every error the worker raises on purpose.

    The message must never contain PII: it is logged, stored on the job and shown to API users.
    """

    def __init__(
        self,
        message: str,
        code: ErrorCode,
        *,
        retryable: bool = False,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.retryable = retryable
        self.details = dict(details or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code.value}: {self.message})"


class RetryableError(WorkerError):
    """A transient failure: the same job may succeed later (timeouts, 429, 5xx, lost links)."""

    def __init__(
        self, message: str, code: ErrorCode, *, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message, code, retryable=True, details=details)


class PermanentError(WorkerError):
    """A failure that retrying cannot fix (bad input, rejected request, a bug)."""

    def __init__(
        self, message: str, code: ErrorCode, *, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message, code, retryable=False, details=details)
