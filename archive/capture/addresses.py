"""No SSRF: the archive fetches public addresses only, unless ARCHIVE_CAPTURE_ALLOW_PRIVATE.

A URL is checked after DNS resolution (every address the name resolves to must be public),
before each request and again on every redirect; and the connection itself is made by
`GuardedBackend` to an address it has just checked, so a name that resolves to a public
address for the check and to a private one for the connection (DNS rebinding) is refused too.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import httpcore
from django.utils.translation import gettext as _

SCHEMES = ("http", "https")


Policy = bool | tuple  # True: any address; a tuple of ip_network: those private ones only


def parse_policy(value: str | bool) -> Policy:
    """ARCHIVE_CAPTURE_ALLOW_PRIVATE: 0 (default), 1, or networks such as
    "10.0.0.0/8,127.0.0.1/32" (an intranet archive, or tests on loopback only)."""
    if isinstance(value, bool):
        return value
    text = (value or "").strip().lower()
    if text in ("", "0", "false", "no", "off"):
        return False
    if text in ("1", "true", "yes", "on"):
        return True
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False)
                     for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise ValueError(f"ARCHIVE_CAPTURE_ALLOW_PRIVATE: {exc}") from exc


def _allowed(ip, policy: Policy) -> bool:
    if policy is True:
        return True
    if not policy:
        return False
    return any(ip.version == net.version and ip in net for net in policy)


class RefusedAddress(ValueError):
    """The URL names (or resolves to) an address the archive does not fetch."""


def _why_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for test, name in ((ip.is_loopback, _("a loopback address")),
                       (ip.is_link_local, _("a link-local address")),
                       (ip.is_multicast, _("a multicast address")),
                       (ip.is_private, _("a private address")),
                       (ip.is_reserved, _("a reserved address")),
                       (ip.is_unspecified, _("an unspecified address")),
                       (not ip.is_global, _("not a public address"))):
        if test:
            return name
    return None


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise RefusedAddress(_("cannot resolve %(host)s (%(error)s)")
                             % {"host": host, "error": exc}) from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_addresses(host: str, port: int, *, allow_private: Policy) -> list[str]:
    """The addresses of host, all public (or allowed by the policy). Raises RefusedAddress."""
    addresses = resolve(host, port)
    if allow_private is not True:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            why = _why_private(ip)
            if why and not _allowed(ip, allow_private):
                raise RefusedAddress(
                    _("refused: %(host)s is %(why)s (%(address)s); the archive only fetches "
                      "public addresses (ARCHIVE_CAPTURE_ALLOW_PRIVATE=1 lifts this)")
                    % {"host": host, "why": why, "address": address})
    return addresses


def check_url(url: str, *, allow_private: Policy) -> None:
    """Raises RefusedAddress for a URL the archive must not fetch, with the reason."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise RefusedAddress(_("refused: only http and https URLs are captured (%(url)s)")
                             % {"url": url[:200]})
    if not parts.hostname:
        raise RefusedAddress(_("refused: %(url)s names no host") % {"url": url[:200]})
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise RefusedAddress(_("refused: bad port in %(url)s") % {"url": url[:200]}) from exc
    check_addresses(parts.hostname, port, allow_private=allow_private)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to addresses checked at connect time."""

    def __init__(self, *, allow_private: Policy) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = check_addresses(host, port, allow_private=self.allow_private)
        error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout=timeout,
                                           local_address=local_address,
                                           socket_options=socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        raise error or httpcore.ConnectError(f"cannot connect to {host}")
