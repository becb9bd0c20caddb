"""The one whitelist that turns vendor exceptions into our RetryableError or PermanentError.

Adapters call it at their boundary: `raise to_worker_error(exc, "llm") from exc`. Only failures
listed in `RULES` are retryable; anything else becomes a PermanentError and its type (never its
message, which may hold PII) is logged once as "unclassified" so the table grows on evidence.
Vendor classes are looked up in `sys.modules` only: an exception of a class implies its module is
loaded, so no SDK is imported here and a missing SDK simply never matches.
"""

from __future__ import annotations

import errno
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal, get_args

import structlog

from resume_worker.adapters.retry_after import retry_after_seconds
from resume_worker.core.errors import ErrorCode, PermanentError, RetryableError, WorkerError

Role = Literal["llm", "embedding", "database", "storage", "queue", "webhook", "network"]
ROLES: tuple[Role, ...] = get_args(Role)


class Failure(Enum):
    """What kind of failure a vendor exception signals, before the call's role picks a code."""

    TIMEOUT = "timed out"
    RATE_LIMIT = "was rate limited"
    UNAVAILABLE = "could not reach the service"
    CONFLICT = "hit a transient conflict (serialization failure, deadlock or lock)"
    REJECTED = "was rejected by the service"
    STORAGE = "failed on local storage (missing file, no permission or no space)"


RETRYABLE_FAILURES = frozenset(
    {Failure.TIMEOUT, Failure.RATE_LIMIT, Failure.UNAVAILABLE, Failure.CONFLICT}
)


@dataclass(frozen=True)
class Rule:
    """One whitelist row: instances of `module.name` fail as `failure` (or as it decides)."""

    module: str
    name: str
    failure: Failure | Callable[[BaseException], Failure | None]

    def vendor_class(self) -> type[BaseException] | None:
        """The class this row names, if its module is loaded in this process."""
        loaded = sys.modules.get(self.module)
        found = getattr(loaded, self.name, None)
        return found if isinstance(found, type) and issubclass(found, BaseException) else None


@dataclass(frozen=True)
class RoleCodes:
    """The error codes one role of call reports for each failure kind."""

    timeout: ErrorCode
    rate_limit: ErrorCode
    unavailable: ErrorCode
    permanent: ErrorCode

    def code_for(self, failure: Failure | None) -> ErrorCode:
        """Pick the code for a failure kind (None = unclassified)."""
        if failure is Failure.STORAGE:
            return ErrorCode.STORAGE_ERROR
        codes: dict[Failure | None, ErrorCode] = {
            Failure.TIMEOUT: self.timeout,
            Failure.RATE_LIMIT: self.rate_limit,
            Failure.UNAVAILABLE: self.unavailable,
            Failure.CONFLICT: self.unavailable,
        }
        return codes.get(failure, self.permanent)


def _uniform(retryable: ErrorCode, permanent: ErrorCode) -> RoleCodes:
    return RoleCodes(retryable, retryable, retryable, permanent)


ROLE_CODES: Mapping[Role, RoleCodes] = {
    "llm": RoleCodes(
        ErrorCode.LLM_TIMEOUT,
        ErrorCode.LLM_RATE_LIMIT,
        ErrorCode.LLM_UNAVAILABLE,
        ErrorCode.ANALYSIS_FAILED,
    ),
    "embedding": _uniform(ErrorCode.EMBEDDING_TIMEOUT, ErrorCode.INTERNAL_ERROR),
    "database": _uniform(ErrorCode.DB_CONNECTION, ErrorCode.INTERNAL_ERROR),
    "storage": _uniform(ErrorCode.STORAGE_ERROR, ErrorCode.STORAGE_ERROR),
    "queue": _uniform(ErrorCode.NETWORK_ERROR, ErrorCode.INTERNAL_ERROR),
    "webhook": _uniform(ErrorCode.WEBHOOK_ERROR, ErrorCode.WEBHOOK_ERROR),
    "network": _uniform(ErrorCode.NETWORK_ERROR, ErrorCode.INTERNAL_ERROR),
}


def status_of(exc: BaseException) -> int | None:
    """The HTTP status an exception carries (openai `status_code`, httpx `response`, botocore
    `response` dict)."""
    code = getattr(exc, "status_code", None)
    response = getattr(exc, "response", None)
    if not isinstance(code, int) and isinstance(response, dict):  # botocore's ClientError
        code = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    elif not isinstance(code, int):
        code = getattr(response, "status_code", None)
    return code if isinstance(code, int) else None


def _by_status(exc: BaseException) -> Failure | None:
    code = status_of(exc)
    if code is None:
        return None
    if code == 408:
        return Failure.TIMEOUT
    if code == 429:
        return Failure.RATE_LIMIT
    return Failure.UNAVAILABLE if code >= 500 else Failure.REJECTED


# S3 error codes that mean "later" whatever their HTTP status (RequestTimeout comes as a 400).
AWS_TRANSIENT_CODES = {
    "RequestTimeout": Failure.TIMEOUT,
    "SlowDown": Failure.RATE_LIMIT,
    "Throttling": Failure.RATE_LIMIT,
    "ThrottlingException": Failure.RATE_LIMIT,
    "RequestLimitExceeded": Failure.RATE_LIMIT,
}


def _by_aws_code(exc: BaseException) -> Failure | None:
    """botocore's ClientError: its error code first, then its HTTP status (404: rejected)."""
    response = getattr(exc, "response", None)
    error = response.get("Error", {}) if isinstance(response, dict) else {}
    return AWS_TRANSIENT_CODES.get(str(error.get("Code", ""))) or _by_status(exc)


def _by_dbapi_cause(exc: BaseException) -> Failure | None:
    """SQLAlchemy wraps the driver's error: a lost connection or a retryable driver error."""
    if getattr(exc, "connection_invalidated", False):
        return Failure.UNAVAILABLE
    orig = getattr(exc, "orig", None)
    return classify(orig) if isinstance(orig, BaseException) and orig is not exc else None


SQLITE_BUSY, SQLITE_LOCKED = 5, 6
SQLITE_LOCK_MESSAGES = ("database is locked", "database table is locked", "database is busy")


def _by_sqlite_lock(exc: BaseException) -> Failure | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED):
        return Failure.CONFLICT
    text = str(exc).lower()
    return Failure.CONFLICT if any(m in text for m in SQLITE_LOCK_MESSAGES) else None


STORAGE_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT}
)


def _by_errno(exc: BaseException) -> Failure | None:
    return Failure.STORAGE if getattr(exc, "errno", None) in STORAGE_ERRNOS else None


def _http_rules(module: str) -> tuple[Rule, ...]:
    return (
        Rule(module, "HTTPStatusError", _by_status),
        Rule(module, "TimeoutException", Failure.TIMEOUT),
        Rule(module, "UnsupportedProtocol", Failure.REJECTED),
        Rule(module, "LocalProtocolError", Failure.REJECTED),
        Rule(module, "TransportError", Failure.UNAVAILABLE),
    )


# First match wins: specific classes come before their bases, builtins come last.
RULES: tuple[Rule, ...] = (
    *_http_rules("httpx"),
    *_http_rules("httpx2"),  # the transport under the openai SDK
    Rule("openai", "APITimeoutError", Failure.TIMEOUT),
    Rule("openai", "APIConnectionError", Failure.UNAVAILABLE),
    Rule("openai", "RateLimitError", Failure.RATE_LIMIT),
    Rule("openai", "InternalServerError", Failure.UNAVAILABLE),
    Rule("openai", "APIStatusError", _by_status),
    Rule("botocore.exceptions", "ClientError", _by_aws_code),
    Rule("botocore.exceptions", "ConnectTimeoutError", Failure.TIMEOUT),
    Rule("botocore.exceptions", "ReadTimeoutError", Failure.TIMEOUT),
    Rule("botocore.exceptions", "ConnectionError", Failure.UNAVAILABLE),
    Rule("botocore.exceptions", "HTTPClientError", Failure.UNAVAILABLE),
    Rule("botocore.exceptions", "IncompleteReadError", Failure.UNAVAILABLE),
    Rule("botocore.exceptions", "NoCredentialsError", Failure.REJECTED),
    Rule("dramatiq.errors", "BrokerConnectionError", Failure.UNAVAILABLE),  # RabbitMQ down
    Rule("redis.exceptions", "TimeoutError", Failure.TIMEOUT),
    Rule("redis.exceptions", "BusyLoadingError", Failure.UNAVAILABLE),
    Rule("redis.exceptions", "ConnectionError", Failure.UNAVAILABLE),
    Rule("sqlalchemy.exc", "TimeoutError", Failure.TIMEOUT),  # connection pool exhausted
    Rule("sqlalchemy.exc", "DisconnectionError", Failure.UNAVAILABLE),
    Rule("sqlalchemy.exc", "OperationalError", _by_dbapi_cause),
    Rule("sqlalchemy.exc", "InterfaceError", _by_dbapi_cause),
    Rule("psycopg.errors", "SerializationFailure", Failure.CONFLICT),
    Rule("psycopg.errors", "DeadlockDetected", Failure.CONFLICT),
    Rule("psycopg", "OperationalError", Failure.UNAVAILABLE),
    Rule("sqlite3", "OperationalError", _by_sqlite_lock),
    Rule("builtins", "TimeoutError", Failure.TIMEOUT),
    Rule("builtins", "ConnectionError", Failure.UNAVAILABLE),
    Rule("builtins", "FileNotFoundError", Failure.STORAGE),
    Rule("builtins", "PermissionError", Failure.STORAGE),
    Rule("builtins", "OSError", _by_errno),
)


def classify(exc: BaseException) -> Failure | None:
    """The failure kind of the first matching row, or None when no row claims `exc`."""
    for rule in RULES:
        cls = rule.vendor_class()
        if cls is None or not isinstance(exc, cls):
            continue
        failure = rule.failure if isinstance(rule.failure, Failure) else rule.failure(exc)
        if failure is not None:
            return failure
    return None


def to_worker_error(exc: Exception, role: Role) -> WorkerError:
    """Map a vendor exception raised by a call playing `role` to our error, chained to `exc`.

    A WorkerError passes through unchanged. The message and details never include the vendor's
    message text: only the role, the failure kind, the exception type and the HTTP status.
    """
    if isinstance(exc, WorkerError):
        return exc
    failure = classify(exc)
    details = _details(exc, role)
    if failure is None:
        _log_unclassified(details["error_type"], role)
    kind = failure.value if failure is not None else "failed with an unclassified error"
    status = f", HTTP {details['status']}" if "status" in details else ""
    message = f"{role} call {kind} ({details['error_type']}{status})"
    error_class = RetryableError if failure in RETRYABLE_FAILURES else PermanentError
    error = error_class(message, ROLE_CODES[role].code_for(failure), details=details)
    error.__cause__ = exc
    error.__suppress_context__ = True
    return error


def _details(exc: Exception, role: Role) -> dict[str, Any]:
    details: dict[str, Any] = {"role": role, "error_type": qualified_name(type(exc))}
    status = status_of(exc)
    if status is not None:
        details["status"] = status
    wait = retry_after_seconds(exc)
    if wait is not None:
        details["retry_after_s"] = wait
    return details


def qualified_name(cls: type[BaseException]) -> str:
    """`module.Class` for vendor classes, the bare name for builtins."""
    module = cls.__module__
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


_LOGGED_TYPES: set[str] = set()
_LOGGED_LOCK = threading.Lock()


def _log_unclassified(error_type: str, role: Role) -> None:
    """Log each unclassified exception type once per process: the type only, never the text."""
    with _LOGGED_LOCK:
        if error_type in _LOGGED_TYPES:
            return
        _LOGGED_TYPES.add(error_type)
    structlog.get_logger(__name__).warning(
        "unclassified vendor error", error_type=error_type, role=role
    )
