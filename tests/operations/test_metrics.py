"""`/metrics`: Prometheus' text format, the requests by view, the database's figures and
who may read them (one process; the gunicorn workers are in test_metrics_gunicorn)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from smartcity.devices import services as device_services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.operations.models import ProcessHeartbeat
from smartcity.operations.services import heartbeat_beat
from tests.conftest import iso

TOKEN = "metrics-token-of-the-test-0123456789"


def scrape(client, **headers) -> dict[tuple[str, tuple], float]:
    """Every sample of `/metrics`, by name and sorted labels, parsed as Prometheus does."""
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def requests_of(samples, view: str, status: str) -> float:
    key = ("smartcity_http_requests_total", (("status", status), ("view", view)))
    return samples.get(key, 0.0)


def test_metrics_parse_as_prometheus_text_with_the_database_figures(client, db):
    samples = scrape(client)
    names = {name for name, _labels in samples}
    assert {
        "smartcity_database_up",
        "smartcity_tasks",
        "smartcity_task_queue_age_seconds",
        "smartcity_readings_refused_total",
        "smartcity_reading_values_last_5m",
        "smartcity_reading_newest_age_seconds",
        "smartcity_heartbeat_age_seconds",
    } <= names
    assert samples[("smartcity_database_up", ())] == 1
    # No worker ever reported: its heartbeat is infinitely old, which any alert catches.
    assert samples[("smartcity_heartbeat_age_seconds", (("kind", "worker"),))] == float("inf")


def test_a_request_to_a_named_view_is_counted_under_its_name_and_status(client, balti):
    before = scrape(client)
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    after = scrape(client)
    assert requests_of(after, "web:home", "200") == requests_of(before, "web:home", "200") + 2
    bucket = ("smartcity_http_request_duration_seconds_count", (("view", "web:home"),))
    assert after[bucket] == before.get(bucket, 0) + 2


def test_unknown_paths_are_counted_under_one_label_not_their_path(client, db):
    before = scrape(client)
    for path in ("/no-such-page/1", "/no-such-page/2", "/wp-login.php"):
        assert client.get(path).status_code == 404
    after = scrape(client)
    assert requests_of(after, "unmatched", "404") == requests_of(before, "unmatched", "404") + 3
    assert not [labels for _name, labels in after if "no-such-page" in str(labels)]


def requests_counted(samples) -> float:
    return sum(v for (name, _), v in samples.items() if name == "smartcity_http_requests_total")


def test_probes_and_scrapes_are_not_counted_as_requests(client, db):
    before = scrape(client)
    client.get("/healthz")
    client.get("/metrics")
    assert requests_counted(scrape(client)) == requests_counted(before)


@pytest.fixture
def tasks_in_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_tasks_queued_and_failed_follow_the_database(client, db, tasks_in_database):
    from django_tasks_db.models import DBTaskResult

    from tests.operations.jobs import nap

    before = scrape(client)
    queued = nap.enqueue(0.0, "/nonexistent/mark")
    nap.enqueue(0.0, "/nonexistent/mark")
    DBTaskResult.objects.filter(pk=queued.id).update(status="FAILED")
    DBTaskResult.objects.exclude(pk=queued.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=90)
    )
    after = scrape(client)
    ready, failed = (
        ("smartcity_tasks", (("status", "ready"),)),
        (
            "smartcity_tasks",
            (("status", "failed"),),
        ),
    )
    assert after[ready] == before[ready] + 1
    assert after[failed] == before[failed] + 1
    assert 89 <= after[("smartcity_task_queue_age_seconds", ())] < 120


def test_readings_stored_and_refused_follow_the_database(client, balti, device_caches_fresh):
    lamp = device_services.device_register(
        ref="SL-METRICS-1", device_type="StreetLight", latitude=47.7612, longitude=27.9281
    )
    before = scrape(client)
    now = iso(timezone.now())
    readings_ingest(
        [
            {"device": lamp.ref, "observedAt": now, "values": {"powerState": "on"}},
            {"device": "SL-NOBODY", "observedAt": now, "values": {"powerState": "on"}},
            {"device": lamp.ref, "observedAt": now, "values": {"activePower": -5}},
        ],
        credential=TRUSTED,
    )
    after = scrape(client)
    refused = "smartcity_readings_refused_total"
    for reason in ("unknown_device", "impossible_value"):
        key = (refused, (("reason", reason),))
        assert after[key] == before[key] + 1
    stored = ("smartcity_reading_values_last_5m", ())
    assert after[stored] == before[stored] + 1
    assert after[("smartcity_reading_newest_age_seconds", ())] < 5


def test_heartbeats_give_the_worker_age_and_the_ingest_lag(client, db):
    now = timezone.now()
    heartbeat_beat(kind=ProcessHeartbeat.Kind.WORKER, name="w-1", started_at=now)
    ProcessHeartbeat.objects.update(seen_at=now - datetime.timedelta(seconds=30))
    details = {"lag_seconds": 12.5, "backlog": 300}
    heartbeat_beat(kind="ingest", name="i-1", started_at=now, details=details)
    samples = scrape(client)
    assert 30 <= samples[("smartcity_heartbeat_age_seconds", (("kind", "worker"),))] < 40
    assert samples[("smartcity_ingest_lag_seconds", (("kind", "ingest"),))] == 12.5
    assert samples[("smartcity_ingest_backlog", (("kind", "ingest"),))] == 300


def test_with_a_token_set_metrics_ask_for_it(client, db, settings):
    settings.SMARTCITY_METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer " + TOKEN[:-1] + "x")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Bearer")
    assert scrape(client, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def test_without_a_token_metrics_answer_only_this_machine_asking_directly(client, db):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.8").status_code == 404
    # Through the proxy on the same machine: the peer is loopback, the client is not.
    proxied = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert proxied.status_code == 404
    # The site's own page, as for any page that does not exist: no figure in it.
    assert b"smartcity_" not in proxied.content
    assert "text/html" in proxied["Content-Type"]
