"""`smartcity demo --port N [--addr HOST]` links to where it serves, unless
SMARTCITY_SITE_URL says otherwise."""

from __future__ import annotations

from django.conf import settings

from smartcity.web.management.commands import demo
from smartcity.web.management.commands.demo import demo_site_url


def test_the_demo_site_address_follows_its_port_and_host():
    assert demo_site_url("127.0.0.1", 8123, {}) == "http://127.0.0.1:8123"
    assert demo_site_url("balti.local", 9000, {}) == "http://balti.local:9000"
    assert demo_site_url("::1", 9000, {}) == "http://[::1]:9000"


def test_a_wildcard_address_links_to_the_loopback_one():
    assert demo_site_url("0.0.0.0", 8123, {}) == "http://127.0.0.1:8123"
    assert demo_site_url("::", 8123, {}) == "http://127.0.0.1:8123"


def test_an_explicit_site_url_wins_over_the_port():
    explicit = {"SMARTCITY_SITE_URL": "https://smart.balti.md/"}
    assert demo_site_url("127.0.0.1", 8123, explicit) == "https://smart.balti.md"


def test_the_demo_command_links_to_the_port_it_serves(db, monkeypatch):
    # Stops right after the site address is set: the loading half is tested elsewhere.
    class StoppedError(Exception):
        pass

    def stop(*args, **kwargs):
        raise StoppedError

    monkeypatch.delenv("SMARTCITY_SITE_URL", raising=False)
    monkeypatch.setattr(demo, "call_command", stop)
    try:
        demo.Command().handle(port=8123, addr="127.0.0.1", seed=1, no_serve=True)
    except StoppedError:
        pass
    assert settings.SMARTCITY_SITE_URL == "http://127.0.0.1:8123"


def test_the_worker_beside_the_demo_gets_the_site_address(monkeypatch, settings):
    settings.SMARTCITY_SITE_URL = "http://127.0.0.1:8123"
    settings.SMARTCITY_MQTT_URL = "mqtt://127.0.0.1:1883"  # no simulator token to reset
    started = []

    class Recorded:
        def __init__(self, command, **kwargs):
            started.append((command, kwargs.get("env") or {}))

        def terminate(self):
            pass

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(demo.subprocess, "Popen", Recorded)
    monkeypatch.setattr(demo, "call_command", lambda *args, **kwargs: None)
    monkeypatch.setattr(demo.signal, "signal", lambda *args: None)
    demo.Command()._serve("127.0.0.1", 8123, 1)
    assert started and all(
        env.get("SMARTCITY_SITE_URL") == "http://127.0.0.1:8123" for _command, env in started
    )
