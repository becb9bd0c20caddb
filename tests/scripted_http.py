"""A real loopback HTTP(S) server that answers from a script and records every request: the
webhook receiver of the webhook tests and a flaky S3 endpoint for the storage retry tests.

`server.script(respond(500), respond(429, headers={"Retry-After": "0"}), hang(2))` queues how the
next requests are answered; once the queue is empty `default` answers (204). Each request is
recorded with its method, path, headers and body, and the time it arrived.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Respond:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hang:
    """Hold the request for `seconds` without answering, then drop the connection."""

    seconds: float


Behaviour = Respond | Hang


def respond(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Respond:
    return Respond(status, body, dict(headers or {}))


def hang(seconds: float) -> Hang:
    return Hang(seconds)


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


class ScriptedServer:
    """Started on 127.0.0.1 and a free port by `with ScriptedServer() as server:`."""

    def __init__(self, default: Behaviour | None = None, tls: ssl.SSLContext | None = None) -> None:
        self.default: Behaviour = default or Respond(204)
        self.server_names: list[str | None] = []  # the TLS SNI each connection asked for
        self._queue: deque[Behaviour] = deque()
        self._requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._scheme = "http"
        if tls is not None:
            tls.sni_callback = lambda _sock, name, _ctx: self.server_names.append(name)
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self._scheme = "https"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/hook") -> str:
        return f"{self._scheme}://127.0.0.1:{self.port}{path}"

    def script(self, *behaviours: Behaviour) -> None:
        with self._lock:
            self._queue.extend(behaviours)

    @property
    def requests(self) -> list[Recorded]:
        with self._lock:
            return list(self._requests)

    def _take(self, request: Recorded) -> Behaviour:
        with self._lock:
            self._requests.append(request)
            return self._queue.popleft() if self._queue else self.default


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: ScriptedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) is expected: no traceback on stderr."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        recorded = Recorded(self.command, self.path, headers, body, time.monotonic())
        behaviour = self.server.owner._take(recorded)
        if isinstance(behaviour, Hang):
            time.sleep(behaviour.seconds)
            self.close_connection = True
            return
        self.send_response(behaviour.status)
        for name, value in behaviour.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(behaviour.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(behaviour.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle
