"""A real loopback HTTP server speaking the OpenAI chat and embeddings wire format, scripted.

Usage: `server.script("chat", status(429, retry_after=1), reply(content='{"name": "x"}'))` queues
behaviours for the next requests on a route; when a route's queue is empty its default is served
(chat: `chat_default` when set, else `chat_content`; embeddings: `fake_embedding`, deterministic
hash-seeded unit vectors of `embedding_dim`). `answer(value)` replies with a JSON value the way
the request's structured-output mode asks (tool call, bare JSON, or fenced JSON in prose), or
always as fenced prose with `honour_format=False`, like endpoints that ignore response_format.
Every request is recorded (path, headers, parsed JSON body); `leaked(...)` checks them for values.
"""

from __future__ import annotations

import json
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.openai_wire import answer_reply, chat_body, embeddings_body, fake_embedding, leaks

__all__ = [
    "Answer",
    "OpenAIServer",
    "RecordedRequest",
    "answer",
    "fake_embedding",
    "hang",
    "latency",
    "malformed",
    "reply",
    "status",
]
ROUTES = {"/v1/chat/completions": "chat", "/v1/embeddings": "embeddings"}


@dataclass(frozen=True)
class Reply:
    """A 200 answer; `content` may be a callable of the parsed request body.

    Tool calls are {"name": ..., "arguments": dict | str}; `embeddings` replaces default vectors.
    """

    content: str | Callable[[Any], str] | None = None
    tool_calls: Sequence[dict[str, Any]] = ()
    finish_reason: str | None = None
    embeddings: Sequence[Sequence[float]] | None = None


@dataclass(frozen=True)
class Status:
    """An error status with an OpenAI-style error body and an optional Retry-After header."""

    code: int
    retry_after: float | str | None = None
    message: str = "scripted error"


@dataclass(frozen=True)
class Hang:
    """Hold the request for `seconds`, then drop the connection without any response."""

    seconds: float


@dataclass(frozen=True)
class Malformed:
    """A 200 with a JSON content type and a body that is not JSON."""

    body: bytes = b'{"id": "chatcmpl-broken", "choices": [{'


@dataclass(frozen=True)
class Latency:
    """Wait `seconds`, then behave as `then` (the default reply when omitted)."""

    seconds: float
    then: Behaviour = Reply()


@dataclass(frozen=True)
class Answer:
    """A 200 carrying `value` (JSON, or a callable of the parsed request body giving it) as the
    request asks: a tool call when it offers tools, bare JSON under a response_format, else a
    ```json fence inside prose. With `honour_format=False`, always the fenced prose."""

    value: Any
    honour_format: bool = True


Behaviour = Reply | Status | Hang | Malformed | Latency | Answer
# The scripting verbs read as in `server.script("chat", status(429, retry_after=1), reply("{}"))`.
reply, status, hang, malformed, latency, answer = Reply, Status, Hang, Malformed, Latency, Answer


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str
    route: str | None
    headers: dict[str, str]
    body: Any


@dataclass
class OpenAIServer:
    """The scripted server; start() binds 127.0.0.1 on a free port in a background thread."""

    embedding_dim: int = 8
    chat_content: str | Callable[[Any], str] = "{}"
    chat_default: Behaviour | None = None
    latency: float = 0.0
    _scripts: dict[str, deque[Behaviour]] = field(
        default_factory=lambda: {route: deque() for route in ROUTES.values()}
    )
    _requests: list[RecordedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _httpd: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _counter: int = 0

    def start(self) -> OpenAIServer:
        """Bind and serve in a daemon thread."""
        httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        httpd.app = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, args=(0.02,), daemon=True, name="openai-fake"
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake hanging requests and close the socket."""
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> OpenAIServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The URL an OpenAI client takes as base_url (ends with /v1)."""
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def script(self, route: str, *behaviours: Behaviour) -> None:
        """Queue behaviours for the next requests on `route` ("chat" or "embeddings")."""
        if route not in self._scripts:
            raise ValueError(f"unknown route {route!r}; use one of {sorted(self._scripts)}")
        with self._lock:
            self._scripts[route].extend(behaviours)

    def pending(self, route: str) -> int:
        """Count scripted behaviours not consumed yet on `route`."""
        with self._lock:
            return len(self._scripts[route])

    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    def requests_for(self, route: str) -> list[RecordedRequest]:
        """The recorded requests on one route."""
        return [r for r in self.requests if r.route == route]

    def leaked(self, *values: str) -> list[str]:
        """The values found in any recorded request body, ignoring whitespace and case (and, for
        values with 8+ digits, whatever separates the digits)."""
        return leaks([r.body for r in self.requests], values)

    def _take(self, request: RecordedRequest) -> tuple[Behaviour, int]:
        with self._lock:
            self._requests.append(request)
            self._counter += 1
            queue = self._scripts.get(request.route or "")
            if queue:
                return queue.popleft(), self._counter
            default = self.chat_default if request.route == "chat" else None
            return default or Reply(), self._counter


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    # A worker's threads open their connections in bursts (64 at once in the throughput
    # benchmark); with socketserver's backlog of 5 the kernel drops the SYNs beyond it and those
    # clients try again a second later, a stall that is the server's, not the client's.
    request_queue_size = 128
    app: OpenAIServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 60
    server: _QuietServer

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""

    def do_GET(self) -> None:
        self._send_json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self) -> None:
        app = self.server.app
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        route = ROUTES.get(self.path.split("?", 1)[0])
        headers = {k.lower(): v for k, v in self.headers.items()}
        behaviour, number = app._take(RecordedRequest("POST", self.path, route, headers, body))
        if route is None:
            self.do_GET()
            return
        if app.latency and app._stop.wait(app.latency):
            return
        self._behave(behaviour, route, body, number)

    def _behave(self, behaviour: Behaviour, route: str, body: Any, number: int) -> None:
        app = self.server.app
        if isinstance(behaviour, Latency):
            if not app._stop.wait(behaviour.seconds):
                self._behave(behaviour.then, route, body, number)
        elif isinstance(behaviour, Hang):
            app._stop.wait(behaviour.seconds)
            self.close_connection = True
        elif isinstance(behaviour, Malformed):
            self._send(200, behaviour.body, {})
        elif isinstance(behaviour, Status):
            self._send_status(behaviour)
        elif isinstance(behaviour, Answer):
            self._behave(
                answer_reply(behaviour.value, body, behaviour.honour_format), route, body, number
            )
        elif route == "chat":
            self._send_json(200, chat_body(behaviour, body, number, app.chat_content))
        else:
            self._send_json(200, embeddings_body(behaviour, body, app.embedding_dim))

    def _send_status(self, behaviour: Status) -> None:
        kind = "rate_limit_error" if behaviour.code == 429 else "server_error"
        payload = {"error": {"message": behaviour.message, "type": kind, "code": None}}
        extra = {} if behaviour.retry_after is None else {"Retry-After": str(behaviour.retry_after)}
        self._send_json(behaviour.code, payload, extra)

    def _send_json(self, code: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self._send(code, json.dumps(payload).encode(), headers or {})

    def _send(self, code: int, data: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
