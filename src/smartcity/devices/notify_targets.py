"""Where NGSI-LD notifications may go: public addresses, and the city's own networks.

A subscription names a URL that the worker then calls from inside the city's network,
so without a check anyone with a gateway token could make it reach the loopback
interface, the cloud's metadata service (169.254.169.254) or private services. The host
is checked when the subscription is made and again, after resolving it, before every
notification; the connection then goes to the very address that was checked (a DNS
answer that changes in between, "rebinding", cannot redirect it), and redirects are
never followed.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class EndpointRefusedError(Exception):
    """The endpoint is not one the platform will call; the message says why."""


class UnresolvedError(EndpointRefusedError):
    """The endpoint's host name does not resolve (now): nothing can be sent to it."""


def _resolve(host: str, port: int) -> list[str]:
    """Every address the host name stands for now (the system resolver)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _allowed(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is the loopback
    for network in settings.SMARTCITY_NOTIFY_ALLOWED_NETWORKS:
        if address.version == network.version and address in network:
            return True
    return address.is_global and not address.is_multicast


def _split(uri: str) -> tuple[str, str, int]:
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointRefusedError("the endpoint must be an http(s) URL with a host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise EndpointRefusedError("the endpoint's port is not a number from 0 to 65535") from None
    return parts.scheme, parts.hostname, port


def endpoint_addresses(uri: str) -> list[str]:
    """The addresses the endpoint resolves to, all of them allowed; EndpointRefusedError if
    any is loopback, link-local, private or otherwise not public and not in
    SMARTCITY_NOTIFY_ALLOWED_NETWORKS, or if the host does not resolve."""
    _scheme, host, port = _split(uri)
    try:
        found = _resolve(host, port)
    except (OSError, UnicodeError):
        raise UnresolvedError(f"the endpoint's host {host} does not resolve") from None
    for text in found:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if not _allowed(address):
            raise EndpointRefusedError(
                f"the endpoint's host {host} is {address}, which is not a public address; "
                "the platform does not notify loopback, link-local or private addresses "
                "unless the city allows them (SMARTCITY_NOTIFY_ALLOWED_NETWORKS)"
            )
    if not found:
        raise UnresolvedError(f"the endpoint's host {host} does not resolve")
    return found


def _connection(uri: str, timeout: float) -> http.client.HTTPConnection:
    scheme, host, port = _split(uri)
    pinned = endpoint_addresses(uri)[0]
    if scheme == "https":
        # The certificate is still checked against the host name (SNI), not the address.
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)

    def connect_to_checked_address(_address, timeout=timeout, source_address=None):
        return socket.create_connection((pinned, port), timeout, source_address)

    connection._create_connection = connect_to_checked_address  # type: ignore[attr-defined]
    return connection


def endpoint_post(uri: str, body: bytes, headers: dict[str, str], *, timeout: float) -> int:
    """POST to the endpoint once, at an address checked just now; the HTTP status.

    A redirect is an answer like any other (not followed): it could lead anywhere.
    """
    parts = urlsplit(uri)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = _connection(uri, timeout)
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()
