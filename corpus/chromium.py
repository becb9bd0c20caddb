"""HTML to PDF with Debian's headless Chromium, offline by construction.

Chromium is pointed at a proxy on loopback that answers every request with 403 and writes down
the host it was asked for; file:// and data: URLs never reach it. A page that asked for anything
(a CDN font, a stylesheet, an analytics script) fails the render with the hosts it wanted, so a
template whose assets are not vendored cannot slip into the corpus looking different.
"""

from __future__ import annotations

import re
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=10000",
    "--no-default-browser-check",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,"
    "CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,NetworkTimeServiceQuerying",
    "--metrics-recording-only",
    "--safebrowsing-disable-auto-update",
    "--disable-breakpad",
)
# What the browser asks for on its own (sign-in, component updates, the clock), never for a page:
# refused like everything else, but not a template's fault.
BROWSER_SERVICES = frozenset(
    {"accounts.google.com", "update.googleapis.com", "clients2.google.com",
     "clientservices.googleapis.com", "optimizationguide-pa.googleapis.com",
     "content-autofill.googleapis.com", "safebrowsingohttpgateway.googleapis.com"}
)  # fmt: skip
FIXED_DATE = b"D:20261120000000Z"
_DATES = re.compile(rb"/(CreationDate|ModDate) ?\(D:[^)]*\)")


class OfflineError(RuntimeError):
    """A page asked for something that is not on this machine."""


class _RefusingProxy:
    """An HTTP proxy that refuses everything and remembers what was asked."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.asked: list[str] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    request = conn.recv(4096).decode("latin-1")
                except OSError:
                    continue
                first = request.split("\r\n", 1)[0]
                if first and _host(first) not in BROWSER_SERVICES:
                    self.asked.append(first)
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    def close(self) -> None:
        self.server.close()


def _host(request_line: str) -> str:
    """The host of `CONNECT host:443 HTTP/1.1` or `GET http://host/path HTTP/1.1`."""
    target = request_line.split(" ")[1] if " " in request_line else ""
    target = target.split("://", 1)[-1]
    return target.split("/", 1)[0].split(":", 1)[0]


@contextmanager
def _proxy() -> Iterator[_RefusingProxy]:
    proxy = _RefusingProxy()
    try:
        yield proxy
    finally:
        proxy.close()


def print_pdf(html: Path, *, chromium: str = "/usr/bin/chromium", timeout_s: float = 120) -> bytes:
    """The PDF of the page at `html` (a local file), its dates fixed; raises OfflineError when the
    page asked for anything off this machine."""
    with tempfile.TemporaryDirectory(prefix="corpus-chromium-") as folder, _proxy() as proxy:
        out = Path(folder) / "page.pdf"
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={folder}/profile",
            f"--proxy-server=http://127.0.0.1:{proxy.port}",
            "--proxy-bypass-list=<-loopback>",
            f"--print-to-pdf={out}",
            html.resolve().as_uri(),
        ]
        subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
        if proxy.asked:
            raise OfflineError(f"{html.name} asked for {sorted(set(proxy.asked))}")
        if not out.is_file():
            raise RuntimeError(f"chromium printed nothing for {html.name}")
        return fixed_dates(out.read_bytes())


def fixed_dates(pdf: bytes) -> bytes:
    """The PDF with its creation and modification dates set to the corpus's day (same length
    where the original is, so the cross-reference offsets stay right)."""

    def fixed(match: re.Match[bytes]) -> bytes:
        original = match.group(0)
        replacement = b"/" + match.group(1) + b" (" + FIXED_DATE + b")"
        if len(replacement) > len(original):
            return original
        return replacement[:-1] + b" " * (len(original) - len(replacement)) + b")"

    return _DATES.sub(fixed, pdf)
