"""The SSRF guard of webhook delivery: a URL is sent to only after its host resolves to public
addresses (or is allow-listed), and the request then goes to the address that was vetted.

Refused unless allow-listed: loopback, private (RFC 1918), link-local and cloud metadata
(169.254.169.254, fd00:ec2::254), CGNAT (100.64.0.0/10), multicast, IPv6 unique-local, IPv4-mapped
and IPv4-embedding IPv6 (NAT64, 6to4, Teredo), and anything else not globally routable. Every
address the name resolves to must pass, so one public record cannot smuggle in a private one.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[str]]]
MAX_URL_CHARS = 2000

METADATA = frozenset(ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254"))
NAMED_RANGES: tuple[tuple[str, IPNetwork], ...] = tuple(
    (name, ipaddress.ip_network(net))
    for name, net in (
        ("CGNAT", "100.64.0.0/10"),
        ("IPv6 unique-local", "fc00::/7"),
        ("NAT64", "64:ff9b::/96"),
        ("NAT64", "64:ff9b:1::/48"),
        ("6to4", "2002::/16"),
        ("Teredo", "2001::/32"),
    )
)


class AddressRefusedError(ValueError):
    """The URL or an address its host resolves to may not be called; the text says why."""


class UnresolvedHostError(OSError):
    """The host did not resolve (now): worth another attempt later, DNS may come back."""


def refusal(ip: IPAddress) -> str | None:
    """Why `ip` may not be called (None: a public unicast address)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return "IPv4-mapped IPv6"
    if ip in METADATA:
        return "cloud metadata"
    checks = (
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_unspecified, "unspecified"),
    )
    for failed, name in checks:
        if failed:
            return name
    for name, network in NAMED_RANGES:
        if ip.version == network.version and ip in network:
            return name
    if ip.is_private:
        return "private"
    return None if ip.is_global else "not globally routable"


@dataclass(frozen=True)
class AllowList:
    """Hosts the guard lets through whatever they resolve to, and networks whose addresses it
    accepts (for a receiver on this machine or in a private network the operator trusts)."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, text: str) -> AllowList:
        """Comma-separated hostnames, IP addresses and CIDR networks."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                hosts.add(item.lower().rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, ip: IPAddress) -> bool:
        return any(ip.version == n.version and ip in n for n in self.networks)


@dataclass(frozen=True)
class Target:
    """A vetted URL and the address to connect to instead of resolving the name again."""

    url: httpx.URL
    ip: str

    def pinned_url(self) -> httpx.URL:
        return self.url.copy_with(host=self.ip)

    def host_header(self) -> str:
        """The Host the receiver expects: the URL's name (and port when not the default)."""
        return self.url.netloc.decode("ascii")


def url_problem(url: str, *, https_only: bool) -> str | None:
    """What is wrong with a webhook URL before any lookup (None: fine): the API's check of a
    submitted URL too. The text never repeats the URL (it may hold the receiver's token)."""
    if len(url) > MAX_URL_CHARS:
        return f"a webhook URL has at most {MAX_URL_CHARS} characters"
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return "not a valid URL"
    allowed = ("https",) if https_only else ("https", "http")
    if parsed.scheme not in allowed:
        return f"the webhook URL scheme must be {' or '.join(allowed)}"
    if not parsed.host:
        return "the webhook URL has no host"
    if parsed.port is not None and not 0 < parsed.port < 65536:
        return "the webhook URL's port must be 1 to 65535"
    if parsed.userinfo:
        return "the webhook URL may not hold credentials"
    return None


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host` (A and AAAA)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def vet(
    url: str, *, https_only: bool, allow: AllowList, resolve: Resolver = system_resolver
) -> Target:
    """Resolve the URL's host and check every address; raises AddressRefusedError, or
    UnresolvedHostError when the name does not resolve."""
    problem = url_problem(url, https_only=https_only)
    if problem:
        raise AddressRefusedError(problem)
    parsed = httpx.URL(url)
    host = parsed.host.lower().rstrip(".")
    addresses = await _addresses(
        host, parsed.port or (443 if parsed.scheme == "https" else 80), resolve
    )
    if not addresses:
        raise UnresolvedHostError("the webhook host resolves to no address")
    if host not in allow.hosts:
        _check_all(addresses, allow)
    return Target(parsed, str(addresses[0]))


async def _addresses(host: str, port: int, resolve: Resolver) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = await resolve(host, port)
    except OSError as exc:  # socket.gaierror: no such name, or the resolver failed
        raise UnresolvedHostError("the webhook host did not resolve") from exc
    return [ipaddress.ip_address(a.split("%", 1)[0]) for a in found]


def _check_all(addresses: Iterable[IPAddress], allow: AllowList) -> None:
    for ip in addresses:
        why = refusal(ip)
        if why is not None and not allow.allows(ip):
            raise AddressRefusedError(f"the webhook host resolves to a {why} address ({ip})")
