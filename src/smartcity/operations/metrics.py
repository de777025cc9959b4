"""`/metrics`: the platform's figures in Prometheus' text format.

Two kinds of series. What each web process sees (requests by view and status, their
latency) is counted here, by `RequestMetricsMiddleware`. What the database knows (the
task queue, readings stored and refused, heartbeats) is read at scrape time by
`figures.DatabaseFigures`: it is the same whichever process answers, and it covers the
worker and the ingest workers, which serve no HTTP.

gunicorn runs several worker processes and a scrape reaches one of them, so counters
kept in that process alone would show one worker's share, a different one each scrape.
Under gunicorn, prometheus_client's multiprocess mode is on (deploy/gunicorn.conf.py sets
PROMETHEUS_MULTIPROC_DIR before any worker starts): every process writes its counters
to its own memory-mapped file in that directory, and a scrape sums all the files,
including those of workers that have exited (a counter must never go back). Without the
variable (the demo, tests, `smartcity runserver`) the counters live in the process,
which is then the only one.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector

from smartcity.operations.figures import DatabaseFigures

# The process's own series, apart from prometheus_client's default registry (which would
# add the client's process and GC series, absent in multiprocess mode).
HTTP = CollectorRegistry(auto_describe=True)

# A view's URL name (`namespace:name`, or the view's dotted path when it has none), never
# the path: a path carries ids and whatever a client invents, and every distinct label
# value is a series Prometheus keeps.
UNMATCHED = "unmatched"  # no URL pattern reached: a 404, or answered by a middleware

REQUESTS = Counter(
    "smartcity_http_requests",
    "HTTP requests answered, by view (URL name) and status code.",
    ["view", "status"],
    registry=HTTP,
)
LATENCY = Histogram(
    "smartcity_http_request_duration_seconds",
    "Time from the request reaching the platform to its response, by view.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=HTTP,
)


def view_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None and match.view_name else UNMATCHED


class RequestMetricsMiddleware:
    """Counts and times every request but the probes and `/metrics` (answered before)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = view_of(request)
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, str(response.status_code)).inc()
        return response


class Scrape:
    """What one scrape shows: the web processes' series, then the database's figures."""

    def collect(self) -> Iterator[Metric]:
        directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if directory:
            yield from MultiProcessCollector(None, path=directory).collect()
        else:
            yield from HTTP.collect()
        yield from DatabaseFigures().collect()


def _direct_from_this_machine(request: HttpRequest) -> bool:
    """The peer is this machine and no proxy relayed the request. `/metrics` is answered
    before TrustedProxyMiddleware, so REMOTE_ADDR is still the peer itself: nginx on the
    same host is loopback too, but it always adds X-Forwarded-For."""
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _bearer_matches(request: HttpRequest, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    # Compared in constant time: the answer's timing must not reveal the token's prefix.
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


def metrics(request: HttpRequest) -> HttpResponse | None:
    """With SMARTCITY_METRICS_TOKEN, only to `Authorization: Bearer <token>` (else 401);
    without, only to a scraper on this machine asking directly. None for anyone else:
    the request goes on to the site, whose answer is its 404 page, as for a page that
    does not exist (the figures are not public)."""
    token = settings.SMARTCITY_METRICS_TOKEN
    if token and not _bearer_matches(request, token):
        response = HttpResponse("unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if not token and not _direct_from_this_machine(request):
        return None
    # The classic text format, which every Prometheus reads (the names need no escaping).
    return HttpResponse(generate_latest(Scrape()), content_type=CONTENT_TYPE_PLAIN_0_0_4)
