"""The SSRF guard: which addresses are refused and why, allow-listing, URL rules, a stub
resolver for names, and real requests: a loopback refusal and the pinned connection."""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from resume_worker.adapters.webhooks.sender import HttpSender, Verdict
from resume_worker.adapters.webhooks.signing import new_secret, parse_secrets
from resume_worker.adapters.webhooks.ssrf import (
    AddressRefusedError,
    AllowList,
    Resolver,
    Target,
    UnresolvedHostError,
    refusal,
    system_resolver,
    url_problem,
    vet,
)
from tests.scripted_http import ScriptedServer

ADDRESSES = [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("192.168.1.20", "private"),
    ("169.254.169.254", "cloud metadata"),
    ("fd00:ec2::254", "cloud metadata"),
    ("169.254.10.1", "link-local"),
    ("fe80::1", "link-local"),
    ("100.64.0.1", "CGNAT"),
    ("100.127.255.254", "CGNAT"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("fc00::1", "IPv6 unique-local"),
    ("fd12:3456::1", "IPv6 unique-local"),
    ("::ffff:127.0.0.1", "IPv4-mapped IPv6"),
    ("::ffff:8.8.8.8", "IPv4-mapped IPv6"),
    ("64:ff9b::a00:1", "NAT64"),
    ("2002:a00:1::1", "6to4"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("192.0.2.10", "private"),  # TEST-NET-1, documentation only
    ("240.0.0.1", "private"),  # reserved (class E)
    ("8.8.8.8", None),
    ("93.184.215.14", None),
    ("2606:4700:4700::1111", None),
]


@pytest.mark.parametrize(("address", "reason"), ADDRESSES)
def test_address_table(address: str, reason: str | None) -> None:
    """Each special range is refused under its name; public unicast addresses pass."""
    assert refusal(ipaddress.ip_address(address)) == reason


class StubResolver:
    """Answers from a table, as a DNS server would, and remembers each lookup."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.calls: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        if host not in self.table:
            raise OSError("name does not resolve")
        return self.table[host]


def check(
    url: str, table: dict[str, list[str]], allow: str = "", https_only: bool = False
) -> Target:
    resolve = StubResolver(table)
    return asyncio.run(
        vet(url, https_only=https_only, allow=AllowList.parse(allow), resolve=resolve)
    )


def test_names_are_resolved_and_every_address_checked() -> None:
    """A public name passes and pins its first address; one private record among public ones
    refuses the whole name (DNS cannot mix in an internal target)."""
    target = check("https://hooks.example.com/x", {"hooks.example.com": ["93.184.215.14"]})
    assert target.ip == "93.184.215.14" and target.host_header() == "hooks.example.com"
    assert str(target.pinned_url()) == "https://93.184.215.14/x"
    mixed = {"evil.example": ["93.184.215.14", "10.0.0.5"]}
    with pytest.raises(AddressRefusedError, match="private"):
        check("https://evil.example/", mixed)
    with pytest.raises(AddressRefusedError, match="cloud metadata"):
        check("http://metadata.example/", {"metadata.example": ["169.254.169.254"]})
    with pytest.raises(UnresolvedHostError):
        check("https://nowhere.example/", {})
    with pytest.raises(UnresolvedHostError):
        check("https://empty.example/", {"empty.example": []})


def test_literal_addresses_need_no_lookup() -> None:
    """IP literals (v4 and bracketed v6) are checked as they are, without the resolver."""
    with pytest.raises(AddressRefusedError, match="loopback"):
        check("http://127.0.0.1:8080/hook", {})
    with pytest.raises(AddressRefusedError, match="IPv4-mapped"):
        check("http://[::ffff:10.0.0.1]/hook", {})
    target = check("http://[2606:4700:4700::1111]:8443/h", {})
    assert str(target.pinned_url()) == "http://[2606:4700:4700::1111]:8443/h"


def test_allow_list_by_host_address_or_network() -> None:
    """Allow-listed: a hostname (whatever it resolves to), an address or a CIDR network."""
    table = {"receiver.internal": ["10.0.0.7"], "other.internal": ["10.0.0.8"]}
    assert check("http://receiver.internal/", table, allow="receiver.internal").ip == "10.0.0.7"
    assert check("http://other.internal/", table, allow="10.0.0.0/24").ip == "10.0.0.8"
    assert check("http://127.0.0.1:9/", {}, allow="127.0.0.1").ip == "127.0.0.1"
    with pytest.raises(AddressRefusedError):
        check("http://other.internal/", table, allow="receiver.internal, 10.0.1.0/24")


@pytest.mark.parametrize(
    ("url", "https_only", "problem"),
    [
        ("https://hooks.example.com/x?token=1", True, None),
        ("http://hooks.example.com/x", False, None),
        ("http://hooks.example.com/x", True, "scheme must be https"),
        ("ftp://hooks.example.com/x", False, "scheme must be https or http"),
        ("file:///etc/passwd", False, "scheme"),
        ("https://user:pw@hooks.example.com/", False, "credentials"),
        ("https:///nohost", False, "no host"),
        ("https://hooks.example.com/" + "a" * 2100, False, "at most 2000"),
        ("https://hooks.example.com:0/x", False, "port must be 1 to 65535"),
        ("https://hooks.example.com:99999/x", False, "port must be 1 to 65535"),
    ],
)
def test_url_rules(url: str, https_only: bool, problem: str | None) -> None:
    """https only in production; http, https only; no credentials; a host; a port in range;
    a sane length."""
    found = url_problem(url, https_only=https_only)
    assert (found is None) if problem is None else (problem in (found or ""))


@pytest.fixture
def receiver() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


def sender(allow: str = "", resolve: Resolver = system_resolver) -> HttpSender:
    return HttpSender(
        keys=parse_secrets(new_secret()),
        timeout_s=2,
        https_only=False,
        allow=AllowList.parse(allow),
        resolve=resolve,
    )


def test_a_loopback_receiver_is_refused_without_a_request(receiver: ScriptedServer) -> None:
    """A real receiver on 127.0.0.1: not allow-listed, the attempt fails before connecting."""
    result = asyncio.run(sender().attempt(receiver.url(), "msg_1", b"{}"))
    assert result.verdict is Verdict.FAILED and "loopback" in (result.error or "")
    assert receiver.requests == []
    via_localhost = asyncio.run(
        sender().attempt(f"http://localhost:{receiver.port}/hook", "msg_1", b"{}")
    )
    assert via_localhost.verdict is Verdict.FAILED and receiver.requests == []


def test_a_name_that_does_not_resolve_is_retried_later() -> None:
    """No address for the host: the attempt is a retry (DNS may come back), not a failure."""
    result = asyncio.run(sender(resolve=StubResolver({})).attempt("http://gone.test/", "m", b"{}"))
    assert result.verdict is Verdict.RETRY and "did not resolve" in (result.error or "")


def test_the_connection_goes_to_the_vetted_address(receiver: ScriptedServer) -> None:
    """A name that only the stub resolver knows is resolved once, vetted, and the request is
    sent to that address with the name as Host: httpx never resolves it again."""
    resolve = StubResolver({"hooks.example.test": ["127.0.0.1"]})
    url = f"http://hooks.example.test:{receiver.port}/hook"
    result = asyncio.run(sender("127.0.0.0/8", resolve).attempt(url, "msg_1", b"{}"))
    assert result.verdict is Verdict.DELIVERED and result.status_code == 204
    assert resolve.calls == ["hooks.example.test"]
    (request,) = receiver.requests
    assert request.headers["host"] == f"hooks.example.test:{receiver.port}"
    assert request.path == "/hook" and request.headers["webhook-id"] == "msg_1"


def certificates(tmp_path: Path, name: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A test CA and a server certificate for `name`: (server context, client trust)."""
    now = datetime.now(UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "webhook test CA")])

    def build(subject: x509.Name, public: Any) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(ca_name)
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1))
        )

    ca = build(ca_name, ca_key.public_key()).add_extension(
        x509.BasicConstraints(ca=True, path_length=None), critical=True
    )
    leaf = build(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]), key.public_key())
    leaf = leaf.add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
    pem = serialization.Encoding.PEM
    (tmp_path / "ca.pem").write_bytes(ca.sign(ca_key, hashes.SHA256()).public_bytes(pem))
    (tmp_path / "cert.pem").write_bytes(leaf.sign(ca_key, hashes.SHA256()).public_bytes(pem))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    return server, ssl.create_default_context(cafile=str(tmp_path / "ca.pem"))


def test_https_to_the_pinned_address_checks_the_name(tmp_path: Path) -> None:
    """Over TLS the pinned connection sends the URL's name as SNI and verifies the certificate
    for that name (not for the address); a certificate for another name is not accepted."""
    server_tls, trust = certificates(tmp_path, "hooks.example.test")
    resolve = StubResolver({"hooks.example.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    https = HttpSender(
        keys=parse_secrets(new_secret()),
        timeout_s=2,
        https_only=True,
        allow=AllowList.parse("127.0.0.1"),
        resolve=resolve,
        tls=trust,
    )
    with ScriptedServer(tls=server_tls) as receiver:
        url = f"https://hooks.example.test:{receiver.port}/hook"
        result = asyncio.run(https.attempt(url, "msg_1", b"{}"))
        assert result.verdict is Verdict.DELIVERED, result.error
        assert receiver.server_names == ["hooks.example.test"]
        assert receiver.requests[0].headers["host"] == f"hooks.example.test:{receiver.port}"
        wrong = asyncio.run(https.attempt(f"https://other.test:{receiver.port}/", "m", b"{}"))
        assert wrong.verdict is not Verdict.DELIVERED
        assert len(receiver.requests) == 1
