"""A gunicorn worker whose database connection was killed answers its next request."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from tests.operations.processes import (
    backends_terminate,
    database_down,
    gunicorn_start,
    stop,
    wait_for,
)

pytestmark = [
    pytest.mark.real_time,
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
]

# A read of the database on every request (the Open311 service list).
PAGE = "/open311/v2/services.json"


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # not listening (yet)


@pytest.fixture
def gunicorn(tmp_path):
    # One worker: the requests after the kill meet the connection it kept.
    server, base = gunicorn_start(tmp_path, workers=1, SMARTCITY_DATABASE_CONN_MAX_AGE="600")
    assert wait_for(lambda: status_of(base + PAGE) == 200, 60), (
        tmp_path / "gunicorn.log"
    ).read_text()
    yield base
    stop(server, 30)


def test_the_request_after_the_connections_are_killed_is_answered(gunicorn):
    assert status_of(gunicorn + PAGE) == 200  # the worker now holds a connection
    assert backends_terminate() >= 1
    assert [status_of(gunicorn + PAGE) for _ in range(3)] == [200, 200, 200]


def test_no_request_fails_once_a_restarted_database_is_back(gunicorn):
    assert status_of(gunicorn + PAGE) == 200
    with database_down():
        time.sleep(1)
    assert [status_of(gunicorn + PAGE) for _ in range(3)] == [200, 200, 200]
