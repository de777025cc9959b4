"""The platform's own address: every absolute link it gives out starts at
`SMARTCITY_SITE_URL`, never at whatever host or port a request happened to come in by
(e-mails and feeds are read far from the request that made them, and a proxy's
internal address must not leak into them)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str = "") -> str:
    """`path` (from `reverse`, with its query if any) on the site's address."""
    return f"{settings.SMARTCITY_SITE_URL}{path}"


def site_host() -> str:
    """The site's host name, without port (e.g. for iCalendar UIDs)."""
    return urlsplit(settings.SMARTCITY_SITE_URL).hostname or "localhost"
