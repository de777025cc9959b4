"""The resident's own address behind the city's reverse proxies.

Behind nginx every request comes from the proxy, so per-client limits (anonymous reports,
sign-in attempts) would count the whole city as one client. X-Forwarded-For names the
client, but anybody can send that header: it is believed only from a peer listed in
SMARTCITY_TRUSTED_PROXIES, and then only up to the first hop that is not itself a trusted
proxy (everything left of that hop was written by the client and may be invented).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Headers only a trusted proxy may set; from anybody else they are dropped, so that
# `request.is_secure()` (SECURE_PROXY_SSL_HEADER) cannot be talked into https.
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")


def _address(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:4711
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:4711
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: Address, proxies: Sequence[Network]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_address(peer: str, forwarded_for: str, proxies: Sequence[Network]) -> str:
    """The client's address: `peer` itself unless `peer` is a trusted proxy, else the
    right-most address of `forwarded_for` that is not a trusted proxy."""
    found = _address(peer)
    if found is None or not _trusted(found, proxies):
        return peer
    for hop in reversed([h for h in forwarded_for.split(",") if h.strip()]):
        address = _address(hop)
        if address is None:
            # A trusted proxy never writes a malformed hop: the chain is broken here,
            # so the last proxy that is known is the best one can say.
            break
        found = address
        if not _trusted(address, proxies):
            break
    return str(found)


def request_client_address(request: HttpRequest) -> str:
    """The client's address once the middleware ran (django-axes counts by it)."""
    return request.META.get("REMOTE_ADDR", "")


class TrustedProxyMiddleware:
    """Sets REMOTE_ADDR to the client's address; must come first in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        proxies = settings.SMARTCITY_TRUSTED_PROXIES
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        peer_address = _address(peer)
        if proxies and peer_address is not None and _trusted(peer_address, proxies):
            meta["REMOTE_ADDR"] = client_address(
                peer, meta.get("HTTP_X_FORWARDED_FOR", ""), proxies
            )
        else:
            for header in PROXY_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)
