"""The whitelist maps real vendor exceptions to our retryable or permanent errors, by call role."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
import sys
from typing import Any

import botocore.exceptions
import dramatiq.errors
import httpx
import httpx2
import openai
import psycopg
import psycopg.errors
import pytest
import redis.exceptions
import sqlalchemy.exc
from structlog.testing import capture_logs

from resume_worker.adapters.error_map import (
    ROLES,
    RULES,
    Failure,
    Role,
    Rule,
    classify,
    to_worker_error,
)
from resume_worker.core.errors import ErrorCode, PermanentError, RetryableError

PII = "Kim Minsu kim@example.com 010-1234-5678 resume.pdf"
E = ErrorCode
RETRY_CODES: dict[str, dict[Failure, ErrorCode]] = {
    "llm": {
        Failure.TIMEOUT: E.LLM_TIMEOUT,
        Failure.RATE_LIMIT: E.LLM_RATE_LIMIT,
        Failure.UNAVAILABLE: E.LLM_UNAVAILABLE,
        Failure.CONFLICT: E.LLM_UNAVAILABLE,
    },
    **{
        role: dict.fromkeys(
            (Failure.TIMEOUT, Failure.RATE_LIMIT, Failure.UNAVAILABLE, Failure.CONFLICT), code
        )
        for role, code in {
            "embedding": E.EMBEDDING_TIMEOUT,
            "database": E.DB_CONNECTION,
            "storage": E.STORAGE_ERROR,
            "queue": E.NETWORK_ERROR,
            "webhook": E.WEBHOOK_ERROR,
            "network": E.NETWORK_ERROR,
        }.items()
    },
}
PERMANENT_CODES = {
    "llm": E.ANALYSIS_FAILED,
    "embedding": E.INTERNAL_ERROR,
    "database": E.INTERNAL_ERROR,
    "storage": E.STORAGE_ERROR,
    "queue": E.INTERNAL_ERROR,
    "webhook": E.WEBHOOK_ERROR,
    "network": E.INTERNAL_ERROR,
}

Example = tuple[BaseException, Failure | None]
T, R, U, C = Failure.TIMEOUT, Failure.RATE_LIMIT, Failure.UNAVAILABLE, Failure.CONFLICT
REJECTED, STORAGE = Failure.REJECTED, Failure.STORAGE


def _http(module: Any) -> dict[tuple[str, str], list[Example]]:
    request = module.Request("POST", "http://127.0.0.1:9/v1/x")

    def status_error(code: int) -> BaseException:
        response = module.Response(code, request=request)
        return module.HTTPStatusError(PII, request=request, response=response)  # type: ignore[no-any-return]

    def kinds(*names: str) -> list[BaseException]:
        return [getattr(module, name)(PII, request=request) for name in names]

    statuses = [(408, T), (429, R), (500, U), (503, U), (400, REJECTED), (404, REJECTED)]
    timeouts = kinds("ConnectTimeout", "ReadTimeout", "WriteTimeout", "PoolTimeout")
    transport = kinds("ConnectError", "ReadError", "RemoteProtocolError", "ProxyError")
    name = module.__name__
    return {
        (name, "HTTPStatusError"): [(status_error(code), f) for code, f in statuses],
        (name, "TimeoutException"): [(exc, T) for exc in timeouts],
        (name, "UnsupportedProtocol"): [(kinds("UnsupportedProtocol")[0], REJECTED)],
        (name, "LocalProtocolError"): [(kinds("LocalProtocolError")[0], REJECTED)],
        (name, "TransportError"): [(exc, U) for exc in transport],
    }


def _openai_status(cls: type[openai.APIStatusError], code: int, **headers: str) -> BaseException:
    request = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    response = httpx2.Response(code, request=request, headers=headers)
    return cls(PII, response=response, body={"error": {"message": PII}})


def _sa(cls: type[sqlalchemy.exc.DBAPIError], orig: BaseException, **kw: bool) -> BaseException:
    return cls("SELECT name FROM candidates", {"email": PII}, orig, **kw)


def _aws(code: str, status: int) -> BaseException:
    """A botocore ClientError as S3 answers it: an error code, a message, the HTTP status."""
    response: Any = {
        "Error": {"Code": code, "Message": PII},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }
    return botocore.exceptions.ClientError(response, "GetObject")


OPENAI_REQUEST = httpx2.Request("POST", "http://127.0.0.1:9/v1/embeddings")
S3_URL = "http://127.0.0.1:9/bucket/tenant/job"
SA_OPERATIONAL, SA_INTERFACE = sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError
SQLITE_LOCKED = sqlite3.OperationalError("database is locked")
SQLITE_NO_TABLE = sqlite3.OperationalError("no such table: candidates")
EXAMPLES: dict[tuple[str, str], list[Example]] = {
    **_http(httpx),
    **_http(httpx2),
    ("openai", "APITimeoutError"): [(openai.APITimeoutError(OPENAI_REQUEST), T)],
    ("openai", "APIConnectionError"): [
        (openai.APIConnectionError(message=PII, request=OPENAI_REQUEST), U)
    ],
    ("openai", "RateLimitError"): [(_openai_status(openai.RateLimitError, 429), R)],
    ("openai", "InternalServerError"): [
        (_openai_status(openai.InternalServerError, code), U) for code in (500, 503)
    ],
    ("openai", "APIStatusError"): [
        (_openai_status(openai.APIStatusError, 408), T),
        (_openai_status(openai.APIStatusError, 429), R),
        (_openai_status(openai.APIStatusError, 502), U),
        (_openai_status(openai.BadRequestError, 400), REJECTED),
        (_openai_status(openai.AuthenticationError, 401), REJECTED),
    ],
    ("botocore.exceptions", "ClientError"): [
        (_aws("SlowDown", 503), R),
        (_aws("RequestTimeout", 400), T),
        (_aws("InternalError", 500), U),
        (_aws("ServiceUnavailable", 503), U),
        (_aws("NoSuchKey", 404), REJECTED),
        (_aws("AccessDenied", 403), REJECTED),
    ],
    ("botocore.exceptions", "ConnectTimeoutError"): [
        (botocore.exceptions.ConnectTimeoutError(endpoint_url=S3_URL), T)
    ],
    ("botocore.exceptions", "ReadTimeoutError"): [
        (botocore.exceptions.ReadTimeoutError(endpoint_url=S3_URL), T)
    ],
    ("botocore.exceptions", "ConnectionError"): [
        (botocore.exceptions.EndpointConnectionError(endpoint_url=S3_URL), U)
    ],
    ("botocore.exceptions", "HTTPClientError"): [
        (botocore.exceptions.ConnectionClosedError(endpoint_url=S3_URL), U)
    ],
    ("botocore.exceptions", "IncompleteReadError"): [
        (botocore.exceptions.IncompleteReadError(actual_bytes=1, expected_bytes=2), U)
    ],
    ("botocore.exceptions", "NoCredentialsError"): [
        (botocore.exceptions.NoCredentialsError(), REJECTED)
    ],
    ("dramatiq.errors", "BrokerConnectionError"): [
        (dramatiq.errors.ConnectionFailed(PII), U),
        (dramatiq.errors.ConnectionClosed(PII), U),
        (dramatiq.errors.QueueNotFound(PII), None),
    ],
    ("redis.exceptions", "TimeoutError"): [(redis.exceptions.TimeoutError(PII), T)],
    ("redis.exceptions", "BusyLoadingError"): [(redis.exceptions.BusyLoadingError(PII), U)],
    ("redis.exceptions", "ConnectionError"): [
        (redis.exceptions.ConnectionError(PII), U),
        (redis.exceptions.ResponseError(PII), None),
    ],
    ("sqlalchemy.exc", "TimeoutError"): [(sqlalchemy.exc.TimeoutError(PII), T)],
    ("sqlalchemy.exc", "DisconnectionError"): [(sqlalchemy.exc.DisconnectionError(PII), U)],
    ("sqlalchemy.exc", "OperationalError"): [
        (_sa(SA_OPERATIONAL, psycopg.OperationalError(PII)), U),
        (_sa(SA_OPERATIONAL, psycopg.errors.SerializationFailure(PII)), C),
        (_sa(SA_OPERATIONAL, SQLITE_LOCKED), C),
        (_sa(SA_OPERATIONAL, SQLITE_NO_TABLE), None),
    ],
    ("sqlalchemy.exc", "InterfaceError"): [
        (_sa(SA_INTERFACE, psycopg.InterfaceError(PII), connection_invalidated=True), U),
        (_sa(SA_INTERFACE, psycopg.InterfaceError(PII)), None),
    ],
    ("psycopg.errors", "SerializationFailure"): [(psycopg.errors.SerializationFailure(PII), C)],
    ("psycopg.errors", "DeadlockDetected"): [(psycopg.errors.DeadlockDetected(PII), C)],
    ("psycopg", "OperationalError"): [
        (psycopg.OperationalError(PII), U),
        (psycopg.errors.UniqueViolation(PII), None),
    ],
    ("sqlite3", "OperationalError"): [(SQLITE_LOCKED, C), (SQLITE_NO_TABLE, None)],
    ("builtins", "TimeoutError"): [(TimeoutError(PII), T)],
    ("builtins", "ConnectionError"): [
        (cls(PII), U) for cls in (ConnectionRefusedError, ConnectionResetError, BrokenPipeError)
    ],
    ("builtins", "FileNotFoundError"): [(FileNotFoundError(errno.ENOENT, "gone", PII), STORAGE)],
    ("builtins", "PermissionError"): [(PermissionError(errno.EACCES, "denied", PII), STORAGE)],
    ("builtins", "OSError"): [
        (OSError(errno.ENOSPC, "No space left on device", PII), STORAGE),
        (OSError(errno.EROFS, "Read-only file system", PII), STORAGE),
        (OSError(errno.EIO, "I/O error", PII), None),
    ],
}


def _first_matching_rule(exc: BaseException) -> Rule | None:
    for rule in RULES:
        cls = rule.vendor_class()
        if cls is not None and isinstance(exc, cls) and classify(exc) is not None:
            return rule
    return None


def test_every_row_has_examples_and_every_vendor_class_is_loaded() -> None:
    """Each whitelist row is exercised below and names a class that exists in the installed SDK."""
    assert {(rule.module, rule.name) for rule in RULES} == set(EXAMPLES)
    assert [rule for rule in RULES if rule.vendor_class() is None] == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.module}.{r.name}")
def test_row_examples_classify_and_map_for_every_role(rule: Rule) -> None:
    """Every example of a row maps, for every role, to the expected class and code, chained."""
    for exc, expected in EXAMPLES[(rule.module, rule.name)]:
        assert classify(exc) is expected, repr(exc)
        if expected is not None:
            assert isinstance(exc, rule.vendor_class() or type(None))
            assert _first_matching_rule(exc) is rule, "row shadowed by an earlier row"
        for role in ROLES:
            error = to_worker_error(exc, role)  # type: ignore[arg-type]
            if expected in RETRY_CODES["llm"]:
                assert isinstance(error, RetryableError) and error.retryable
                assert error.code is RETRY_CODES[role][expected]
            else:
                assert isinstance(error, PermanentError) and not error.retryable
                storage = expected is Failure.STORAGE
                assert error.code is (E.STORAGE_ERROR if storage else PERMANENT_CODES[role])
            assert error.__cause__ is exc
            assert "@" not in str(error) and "010" not in str(error) and "Kim" not in str(error)
            assert PII not in repr(error.details)
            assert error.details["role"] == role


def test_unlisted_exceptions_are_permanent_and_logged_once_by_type() -> None:
    """An unknown exception becomes PermanentError; its type is logged once, never its text."""

    class OddVendorError(Exception):
        pass

    with capture_logs() as logs:
        first = to_worker_error(OddVendorError(PII), "embedding")
        second = to_worker_error(OddVendorError(PII), "llm")
    assert isinstance(first, PermanentError) and first.code is E.INTERNAL_ERROR
    assert second.code is E.ANALYSIS_FAILED
    assert len(logs) == 1
    assert logs[0]["log_level"] == "warning"
    assert logs[0]["error_type"].endswith("OddVendorError")
    assert PII not in repr(logs) and "unclassified" in logs[0]["event"]


def test_our_own_errors_pass_through_unchanged() -> None:
    """A WorkerError given to the map is returned as is."""
    error = RetryableError("already ours", E.DB_CONNECTION)
    assert to_worker_error(error, "llm") is error


def test_the_module_imports_no_vendor_sdk() -> None:
    """Importing and using the map loads none of httpx, openai, redis, sqlalchemy, psycopg."""
    code = (
        "import sys\n"
        "from resume_worker.adapters.error_map import to_worker_error\n"
        "assert to_worker_error(TimeoutError(), 'llm').code.value == 'LLM_TIMEOUT'\n"
        "assert to_worker_error(ValueError(), 'llm').code.value == 'ANALYSIS_FAILED'\n"
        "sdks = ('httpx', 'httpx2', 'openai', 'redis', 'sqlalchemy', 'psycopg')\n"
        "print(sorted(m for m in sdks if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_role_table_covers_every_role() -> None:
    """Every role named in the API has retryable and permanent codes."""
    assert set(ROLES) == set(RETRY_CODES) == set(PERMANENT_CODES)
    role: Role = "webhook"
    assert to_worker_error(ConnectionResetError(), role).code is E.WEBHOOK_ERROR
