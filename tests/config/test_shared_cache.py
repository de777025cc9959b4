"""The cache every process shares (rate limits, submission tokens): a table of the
platform's database by default, Redis when SMARTCITY_CACHE_URL names one."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
import redis

from smartcity.service_requests.models import ServiceRequest
from tests.service_requests.web.test_reporting import _form

REDIS_URL = os.environ.get("SMARTCITY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_cache(settings):
    """The default cache on the real Redis, under a prefix of this test's own."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    server = redis.Redis.from_url(REDIS_URL)
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_a_redis_url_puts_the_shared_cache_in_redis(tmp_path):
    probe = f"probe-{uuid.uuid4().hex}"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SMARTCITY_")}
    environment |= {"SMARTCITY_DATA_DIR": str(tmp_path), "SMARTCITY_CACHE_URL": REDIS_URL}
    code = f"from django.core.cache import cache; cache.set({probe!r}, 'da', 60)"
    subprocess.run(
        [sys.executable, "-m", "smartcity", "shell", "-c", code],
        env=environment,
        check=True,
        capture_output=True,
        timeout=60,
    )
    server = redis.Redis.from_url(REDIS_URL)
    try:
        assert server.exists(f":1:{probe}")  # Django's key: prefix, version, key
    finally:
        server.delete(f":1:{probe}")


def test_anonymous_reports_are_counted_in_redis_and_limited(client, balti, settings, redis_cache):
    server, prefix = redis_cache
    settings.SMARTCITY_REPORTS_PER_HOUR = 2
    for n in range(2):
        assert client.post("/requests/new/", _form(submission=f"s{n}")).status_code == 302
    assert client.post("/requests/new/", _form(submission="s3")).status_code == 429
    assert ServiceRequest.objects.count() == 2
    assert len(list(server.scan_iter(f"{prefix}:*reports:*"))) == 2
