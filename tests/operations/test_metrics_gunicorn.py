"""Under gunicorn every scrape counts the requests of every worker, whichever answers it."""

from __future__ import annotations

import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.operations.processes import gunicorn_start, stop, wait_for

pytestmark = [pytest.mark.real_time, pytest.mark.django_db(transaction=True)]

PAGE = "/open311/v2/services.json"  # a named view: open311:services
REQUESTS = 40


def get(url: str) -> tuple[int, bytes]:
    try:
        # A new connection each time, so the workers take turns accepting them.
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read()
    except OSError:
        return 0, b""


def counted(base: str) -> float:
    status, body = get(base + "/metrics")
    assert status == 200, body
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if sample.name == "smartcity_http_requests_total" and sample.labels == {
                "view": "open311:services",
                "status": "200",
            }:
                return sample.value
    return 0.0


@pytest.fixture
def gunicorn(tmp_path):
    log = tmp_path / "gunicorn.log"
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    # The directory named here so the test can see which workers wrote counts (unset, the
    # configuration makes one of its own: the production day runs that way).
    server, base = gunicorn_start(tmp_path, workers=2, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    assert wait_for(lambda: get(base + "/healthz")[0] == 200, 60), log.read_text()
    yield base, metrics_dir
    stop(server, 30)


def test_a_scrape_counts_the_requests_served_by_every_worker(gunicorn):
    base, metrics_dir = gunicorn
    # Asked 8 at a time, a busy worker leaves the next connection to the other.
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: get(base + PAGE)[0], range(REQUESTS)))
    assert statuses == [200] * REQUESTS
    # Each worker writes its counts to a file of its own: both served requests.
    writers = {path.stem.rsplit("_", 1)[1] for path in metrics_dir.glob("counter_*.db")}
    assert len(writers) == 2, writers
    # Each scrape is answered by one worker or the other: every one sees all requests.
    assert [counted(base) for _ in range(6)] == [float(REQUESTS)] * 6
