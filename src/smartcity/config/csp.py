"""The Content-Security-Policy every page is served with (django-csp).

Scripts come only from the platform's own static files: no inline script, no handler
attribute, no eval, so an injected `<script>` in a resident's text would not run even if
escaping ever failed. Images may also come from the configured map tile server and, with
S3 media, from the bucket that signed links point to. Inline styles stay allowed: pages
set colours of transit lines and widths of progress bars in `style` attributes, and
Leaflet positions its tiles that way; styles cannot run code.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import NONE, SELF

from smartcity.config.env import MediaStorage


def _origin(url: str) -> str | None:
    """scheme://host[:port] of a URL template; a `{s}` subdomain becomes a wildcard."""
    parts = urlsplit(url.replace("{s}.", "*."))
    if not parts.scheme or not parts.netloc:
        return None  # a path on the platform itself: 'self' covers it
    return f"{parts.scheme}://{parts.netloc}"


def _media_origins(media: MediaStorage) -> list[str]:
    if media.backend != "s3":
        return []
    if media.s3_endpoint_url:
        return [o for o in [_origin(media.s3_endpoint_url)] if o]
    return [f"https://{media.s3_bucket}.s3.amazonaws.com", "https://*.amazonaws.com"]


def policy(*, map_tile_url: str, media: MediaStorage) -> dict:
    tiles = _origin(map_tile_url)
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF, "'unsafe-inline'"],
            "img-src": [SELF, "data:", *([tiles] if tiles else []), *_media_origins(media)],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }
