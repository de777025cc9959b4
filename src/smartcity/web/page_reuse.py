"""One rendered page for every anonymous visitor, while its data stay the same.

Residents' busiest pages (a stop's departure board) are the same for every visitor who
is not signed in, but each page carries the visitor's own CSRF token (in the language
switch), so Django's page cache cannot serve them. Here the page is kept with its tokens
replaced by a placeholder, and each answer gets the visitor's fresh token back in it.
Kept per process (the "responses" cache): rendering once per worker is cheap, and what
must be shared between workers is the data, which the caller's key names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

PLACEHOLDER = "\x00csrf-token\x00"  # no rendered page holds a NUL character
_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _shareable(request: HttpRequest) -> bool:
    """Anonymous, no query, and nothing flashed for this visitor to show."""
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and not request.GET
        and not (user is not None and user.is_authenticated)
        and not len(get_messages(request))
    )


def page_reused(
    request: HttpRequest, key: str, render: Callable[[], HttpResponse], *, seconds: float
) -> HttpResponse:
    """The page `render` makes, reused for `seconds` by the anonymous visitors whose pages
    `key` names (it must name everything the page shows but the visitor's token; the
    active language is added here). Other visitors get `render()` itself."""
    if not _shareable(request):
        return render()
    cache = caches["responses"]
    key = f"page:{key}:{get_language()}"
    kept = cache.get(key)
    if kept is None:
        response = render()
        if response.status_code != 200 or response.streaming:
            return response
        text = response.content.decode(response.charset)
        kept = (_TOKEN.sub(rf"\g<1>{PLACEHOLDER}\g<2>", text), response["Content-Type"])
        cache.set(key, kept, seconds)
        return response
    text, content_type = kept
    # The visitor's own token, which also sets their CSRF cookie as rendering would.
    return HttpResponse(text.replace(PLACEHOLDER, get_token(request)), content_type=content_type)
