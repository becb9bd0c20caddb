"""Logging: structlog to stderr, JSON off a terminal, the job id on every line, PII scrubbed."""

from __future__ import annotations

import io
import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any, Literal, TextIO, cast

import structlog

from resume_worker.core import pii

LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}


_UUID = re.compile(r"(\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)", re.I)


def scrub_pii(
    _logger: Any, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Last line of defence: mask anything shaped like an email, phone or resident number.

    Code never logs PII on purpose (only ids, extensions, codes, counts); this catches mistakes.
    """
    for key, value in event.items():
        if isinstance(value, str):
            event[key] = _scrub(value)
    return event


def _scrub(value: str) -> str:
    """Mask PII-shaped runs outside UUIDs (job and record ids have phone-like digit groups)."""
    parts = _UUID.split(value)
    parts[::2] = [_scrub_text(part) for part in parts[::2]]
    return "".join(parts)


def _scrub_text(value: str) -> str:
    value = pii.EMAIL.sub("[EMAIL]", value)
    value = pii.RESIDENT_NUMBER.sub("[RRN]", value)
    return pii.PHONE_RUN.sub(
        lambda m: "[PHONE]" if sum(c.isdigit() for c in m.group(0)) >= 9 else m.group(0), value
    )


class _CurrentStderr(io.TextIOBase):
    """sys.stderr looked up at every write."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()

    def isatty(self) -> bool:
        return sys.stderr.isatty()


def configure_logging(
    level: str = "info",
    log_format: Literal["auto", "json", "console"] = "auto",
    stream: TextIO | None = None,
) -> None:
    """Configure structlog once per process; safe to call again (tests do). Without a `stream`,
    lines go to whatever sys.stderr is when they are written, never to a stream bound now that
    may be swapped and closed later (pytest's capture does that between tests)."""
    out = stream or cast(TextIO, _CurrentStderr())
    as_json = log_format == "json" or (log_format == "auto" and not out.isatty())
    renderer: Any = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if as_json
        else structlog.dev.ConsoleRenderer(colors=out.isatty())
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            scrub_pii,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(LEVELS[level]),
        logger_factory=structlog.PrintLoggerFactory(out),
        cache_logger_on_first_use=False,
    )
