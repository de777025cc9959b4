"""A city's day in production, through nginx, on a fresh PostgreSQL database.

The steps run in order on one installation (issue 12, item 8): what a resident, an
integrator and the city's IT team meet, and the faults of a first week.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import ssl
import time
from pathlib import Path

import psycopg
import pytest
import requests
from PIL import Image
from prometheus_client.parser import text_string_to_metric_families
from requests.adapters import HTTPAdapter

from tests.processes import wait_until
from tests.production.site import METRICS_TOKEN, REPORTS_PER_HOUR, ProductionSite, site_start

pytestmark = [pytest.mark.real_time, pytest.mark.production]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> ProductionSite:
    # SMARTCITY_PRODUCTION_TEST_DIR keeps the installation (logs included) for a look after.
    kept = os.environ.get("SMARTCITY_PRODUCTION_TEST_DIR")
    if kept:
        shutil.rmtree(kept, ignore_errors=True)
    site = site_start(Path(kept) if kept else tmp_path_factory.mktemp("production"))
    yield site
    site.stop()


class _FromAddress(HTTPAdapter):
    """Connections leave from one loopback address (one resident's device) and trust the
    site's certificate."""

    def __init__(self, address: str, certificate: str) -> None:
        self.address, self.certificate = address, certificate
        super().__init__()

    def init_poolmanager(self, *args, **options) -> None:  # noqa: ANN002
        options["source_address"] = (self.address, 0)
        options["ssl_context"] = ssl.create_default_context(cafile=self.certificate)
        super().init_poolmanager(*args, **options)


def resident(site: ProductionSite, address: str = "127.0.0.1") -> requests.Session:
    session = requests.Session()
    session.verify = str(site.certificate)
    session.mount("https://", _FromAddress(address, str(site.certificate)))
    session.headers["Accept-Language"] = "ro"
    return session


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def _report(
    site: ProductionSite, session: requests.Session, files: list | None = None, **extra: str
) -> requests.Response:
    """A resident fills in the report form as the page gives it, and sends it."""
    form = session.get(site.base_url + "/requests/new/", timeout=30)
    assert form.status_code == 200, form.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    submission = re.search(r'name="submission" value="([^"]+)"', form.text).group(1)
    category = re.search(r'<option value="(\d+)"[^>]*>[^<]*[Ff]elinar', form.text).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "submission": submission,
        "category": category,
        "latitude": "47.7617",
        "longitude": "27.9289",
        "address": "str. Ștefan cel Mare 12",
        "description": "Nu arde felinarul de lângă blocul 12 de trei nopți.",
        **extra,
    }
    return session.post(
        site.base_url + "/requests/new/",
        data=data,
        files=files,
        headers={"Referer": site.base_url + "/requests/new/"},
        allow_redirects=False,
        timeout=30,
    )


def test_a_resident_reports_with_a_photo_and_sees_the_photo(site):
    session = resident(site, "127.0.0.10")
    answer = _report(
        site,
        session,
        email="ion.rusu@example.md",
        files=[("photos", ("felinar.jpg", _photo(), "image/jpeg"))],
    )
    assert answer.status_code == 302, site.processes["web"].log()[-3000:]
    confirmation = session.get(site.base_url + answer.headers["Location"], timeout=30)
    tracking = re.search(r"/requests/([A-Z0-9-]+)/confirmation/", answer.headers["Location"])
    page = session.get(f"{site.base_url}/requests/{tracking.group(1)}/", timeout=30)
    assert confirmation.status_code == page.status_code == 200
    (photo_url,) = set(re.findall(r'src="(/media/[^"]+)"', page.text))
    photo = session.get(site.base_url + photo_url, timeout=30)
    assert photo.status_code == 200
    assert photo.headers["Content-Type"] == "image/jpeg"
    # Sent by nginx from the media folder (X-Accel-Redirect), as stored: a real JPEG.
    assert Image.open(io.BytesIO(photo.content)).size[0] <= 1600


def test_the_confirmation_email_reaches_the_authenticated_relay(site):
    wait_until(
        lambda: any("ion.rusu@example.md" in m["To"] for m in site.relay.received),
        seconds=60,
        what=f"the confirmation e-mail ({site.processes['worker'].log()[-2000:]})",
    )
    assert site.relay.logins


def test_two_residents_behind_the_proxy_have_their_own_quota(site):
    first, second = resident(site, "127.0.0.21"), resident(site, "127.0.0.22")
    firsts = [_report(site, first).status_code for _ in range(REPORTS_PER_HOUR + 1)]
    seconds = [_report(site, second).status_code for _ in range(2)]
    assert firsts == [302] * REPORTS_PER_HOUR + [429]
    assert seconds == [302, 302]


def test_an_integrator_reports_over_open311(site):
    key = site.smartcity("open311_client", "Aplicația mobilă").strip().splitlines()[-1]
    services = requests.get(
        site.base_url + "/open311/v2/services.json", verify=str(site.certificate), timeout=30
    ).json()
    code = next(s["service_code"] for s in services if s["service_code"] == "street-light-out")
    answer = requests.post(
        site.base_url + "/open311/v2/requests.json",
        data={
            "api_key": key,
            "service_code": code,
            "lat": "47.7620",
            "long": "27.9300",
            "description": "Felinar stins pe strada Independenței.",
        },
        verify=str(site.certificate),
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()[0]["service_request_id"]


def test_static_files_have_hashed_names_cached_for_a_year(site):
    page = resident(site).get(site.base_url + "/", timeout=30).text
    hashed = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)
    answer = requests.get(site.base_url + hashed, verify=str(site.certificate), timeout=30)
    assert answer.status_code == 200
    assert "max-age=31536000" in answer.headers["Cache-Control"]


def _get(site: ProductionSite, path: str, **options) -> requests.Response:
    return requests.get(site.base_url + path, verify=str(site.certificate), timeout=30, **options)


def test_health_and_readiness_answer_through_nginx(site):
    assert _get(site, "/healthz").status_code == 200
    ready = _get(site, "/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"]["worker"]["ok"]


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_answer_prometheus_through_nginx_and_count_the_day(site):
    assert _get(site, "/metrics").status_code == 401
    answer = _get(site, "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert answer.status_code == 200, answer.text[:500]
    samples = _samples(answer.text)

    def requests_of(view: str, status: int) -> float:
        labels = (("status", str(status)), ("view", view))
        return samples.get(("smartcity_http_requests_total", labels), 0.0)

    # The day so far, whichever of the two gunicorn workers served each request: one
    # report with a photo, the first resident's quota and one refusal, two of the second.
    assert requests_of("service_requests:report", 302) == 1 + REPORTS_PER_HOUR + 2
    assert requests_of("service_requests:report", 429) == 1
    assert requests_of("service_requests:report", 200) == 1 + REPORTS_PER_HOUR + 1 + 2
    assert requests_of("open311:requests", 201) == 1
    assert samples[("smartcity_database_up", ())] == 1
    assert samples[("smartcity_heartbeat_age_seconds", (("kind", "worker"),))] < 120
    assert samples[("smartcity_tasks", (("status", "successful"),))] >= 1


def _platform_connections_killed(site: ProductionSite) -> int:
    with psycopg.connect(site.database_url, autocommit=True) as connection:
        (killed,) = connection.execute(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()) AS k"
        ).fetchone()
    return killed


def test_every_process_recovers_when_the_database_connections_are_killed(site):
    # Warm every gunicorn worker and the worker's connection first, then cut them all,
    # as a PostgreSQL restart does.
    for _ in range(6):
        _get(site, "/requests/")
    assert _platform_connections_killed(site) >= 2
    started = time.monotonic()
    wait_until(lambda: _get(site, "/readyz").status_code == 200, seconds=15, what="/readyz again")
    assert time.monotonic() - started < 15
    statuses = [_get(site, path).status_code for path in ["/", "/requests/", "/readyz"] * 8]
    assert all(status < 500 for status in statuses), statuses
    assert site.processes["worker"].running(), site.processes["worker"].log()[-2000:]
    # The worker still does its work: a report's confirmation e-mail after the cut.
    _report(site, resident(site, "127.0.0.31"), email="maria.ceban@example.md")
    wait_until(
        lambda: any("maria.ceban@example.md" in m["To"] for m in site.relay.received),
        seconds=60,
        what=f"an e-mail sent after the cut ({site.processes['worker'].log()[-2000:]})",
    )


def test_the_processes_stop_cleanly_on_sigterm(site):
    # Last of the day: systemd's stop, process by process; nothing needs SIGKILL.
    started = time.monotonic()
    codes = {name: process.stop() for name, process in reversed(site.processes.items())}
    assert all(code == 0 for code in codes.values()), codes
    assert time.monotonic() - started < 60
